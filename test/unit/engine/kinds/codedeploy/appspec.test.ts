import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import type { Service } from '@aws-sdk/client-ecs'
import {
  appSpecContent,
  appSpecFromService,
  containersOf,
  parseAppSpec,
  withTaskDefinition
} from '../../../../../src/engine/kinds/codedeploy/appspec.js'

/*
 * The AppSpec of an ECS deployment: a file (YAML or JSON) whose TaskDefinition is replaced in
 * every resource, keys matched without regard to case as aws-actions matches them; or one built
 * from the live service (CodeDeploy User Guide, AppSpec 'resources' section for Amazon ECS).
 */

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-backend:2'
const YAML = `version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: "<TASK_DEFINITION>"
        LoadBalancerInfo:
          ContainerName: "backend"
          ContainerPort: 8000
Hooks:
  - AfterAllowTestTraffic: "megilance-smoke-test"
`

describe('parseAppSpec: YAML or JSON, a TaskDefinition in every resource', () => {
  it('reads YAML and JSON alike', () => {
    const fromYaml = parseAppSpec(YAML, 'appspec.yaml')
    const fromJson = parseAppSpec(JSON.stringify(fromYaml), 'appspec.json')
    expect(fromJson).toEqual(fromYaml)
    expect(containersOf(fromYaml)).toEqual(['backend'])
  })

  it.each([
    [
      'YAML badly indented',
      'version: 0.0\nResources: [\nHooks: 1\n',
      'appspec.yaml line 3, column 1 is not YAML or JSON'
    ],
    [
      'JSON with two commas',
      '{"version": 0.0,,\n "Resources": []}',
      'appspec.yaml line 1, column 17 is not YAML or JSON: Unexpected , in flow map.'
    ],
    [
      'a duplicate key',
      'version: 0.0\nversion: 1\n',
      'appspec.yaml line 2, column 1 is not YAML or JSON: Map keys must be unique.'
    ],
    ['a list', '- a\n- b\n', 'appspec.yaml holds no AppSpec'],
    ['no Resources', 'version: 0.0\n', 'appspec.yaml has no Resources'],
    [
      'no TaskDefinition',
      YAML.replace('TaskDefinition: "<TASK_DEFINITION>"', 'Image: nope'),
      'appspec.yaml: resource TargetService has no TaskDefinition property (Resources[0].TargetService.Properties.TaskDefinition).'
    ],
    [
      'no Properties',
      'Resources:\n  - TargetService:\n      Type: AWS::ECS::Service\n',
      'resource TargetService has no TaskDefinition property'
    ]
  ])('%s: refused, naming codedeploy-appspec', (_, text, message) => {
    expect(() => parseAppSpec(text, 'appspec.yaml')).toThrow('Input "codedeploy-appspec": ')
    expect(() => parseAppSpec(text, 'appspec.yaml')).toThrow(message)
  })
})

describe('withTaskDefinition: the revision in every resource, keys matched without regard to case', () => {
  it('replaces taskDefinition under properties, in each resource, and leaves the rest', () => {
    const spec = parseAppSpec(
      YAML.replace('Properties:', 'properties:').replace('TaskDefinition:', 'taskdefinition:') +
        'Resources2: []\n',
      'appspec.yaml'
    )
    const out = withTaskDefinition(spec, ARN) as {
      Resources: { TargetService: { properties: Record<string, unknown> } }[]
      Hooks: unknown
    }
    expect(out.Resources[0]?.TargetService.properties.taskdefinition).toBe(ARN)
    expect(out.Hooks).toEqual([{ AfterAllowTestTraffic: 'megilance-smoke-test' }])
    expect(JSON.stringify(spec)).toContain('<TASK_DEFINITION>')
    const two = parseAppSpec(
      'Resources:\n  - A:\n      Properties: {TaskDefinition: x}\n  - B:\n      Properties: {TASKDEFINITION: y}\n',
      'a'
    )
    expect(JSON.stringify(withTaskDefinition(two, ARN)).split(ARN)).toHaveLength(3)
  })

  it('sends JSON with its SHA-256', () => {
    const { content, sha256 } = appSpecContent(withTaskDefinition(parseAppSpec(YAML, 'a'), ARN))
    expect(JSON.parse(content)).toMatchObject({ version: 0 })
    expect(sha256).toBe(createHash('sha256').update(content).digest('hex'))
  })
})

describe('appSpecFromService: the live service, its PRIMARY task set first', () => {
  const base: Service = {
    serviceName: 'megilance-backend',
    loadBalancers: [{ targetGroupArn: 'tg', containerName: 'backend', containerPort: 8000 }],
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ['subnet-old'], securityGroups: ['sg-old'] }
    },
    platformVersion: 'LATEST'
  }

  it('takes the PRIMARY task set network, platform version and capacity providers', () => {
    const spec = appSpecFromService({
      ...base,
      taskSets: [
        { status: 'ACTIVE', platformVersion: '1.3.0' },
        {
          status: 'PRIMARY',
          platformVersion: '1.4.0',
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: ['subnet-a'],
              securityGroups: ['sg-a'],
              assignPublicIp: 'ENABLED'
            }
          },
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 3 }]
        }
      ]
    })
    expect(spec).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: '<the revision deployed>',
              LoadBalancerInfo: { ContainerName: 'backend', ContainerPort: 8000 },
              PlatformVersion: '1.4.0',
              NetworkConfiguration: {
                AwsvpcConfiguration: {
                  Subnets: ['subnet-a'],
                  SecurityGroups: ['sg-a'],
                  AssignPublicIp: 'ENABLED'
                }
              },
              CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 3 }]
            }
          }
        }
      ]
    })
  })

  it("falls back to the service's own; refuses a service with no load balancer to route", () => {
    const props = (
      appSpecFromService(base).Resources as {
        TargetService: { Properties: Record<string, unknown> }
      }[]
    )[0]?.TargetService.Properties
    expect(props).toMatchObject({
      PlatformVersion: 'LATEST',
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          Subnets: ['subnet-old'],
          SecurityGroups: ['sg-old'],
          AssignPublicIp: 'DISABLED'
        }
      }
    })
    expect(props?.CapacityProviderStrategy).toBeUndefined()
    expect(() => appSpecFromService({ ...base, loadBalancers: [] })).toThrow(
      'Input "codedeploy-appspec": is empty, and megilance-backend has no load balancer'
    )
  })
})
