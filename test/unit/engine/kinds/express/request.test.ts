import { describe, expect, it } from '@jest/globals'
import type { ExpressGatewayServiceConfiguration } from '@aws-sdk/client-ecs'
import {
  createRequest,
  shown,
  updateRequest
} from '../../../../../src/engine/kinds/express/request.js'
import { readSettings } from '../../../../../src/engine/settings/settings.js'

const ARN = 'arn:aws:ecs:us-east-1:123456789012:service/megilance-cluster/megilance-web'
const ROLE = (name: string) => `arn:aws:iam::123456789012:role/${name}`
const read = (inputs: Record<string, string>) =>
  readSettings(
    name =>
      ({
        service: 'megilance-web',
        cluster: 'megilance-cluster',
        'aws-region': 'us-east-1',
        express: 'true',
        ...inputs
      })[name] ?? '',
    {}
  )

/** The configuration in force, as DescribeExpressGatewayService answers it. */
const current: ExpressGatewayServiceConfiguration = {
  serviceRevisionArn: `${ARN.replace(':service/', ':service-revision/')}/1`,
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-web:1',
  cpu: '1024',
  memory: '2048',
  healthCheckPath: '/health',
  primaryContainer: {
    image: 'repo/web:1',
    containerPort: 8080,
    environment: [
      { name: 'STAGE', value: 'prod' },
      { name: 'LOG', value: 'info' }
    ],
    awsLogsConfiguration: {
      logGroup: '/aws/ecs/megilance-cluster/megilance-web-1234',
      logStreamPrefix: 'ecs'
    }
  },
  scalingTarget: {
    minTaskCount: 1,
    maxTaskCount: 20,
    autoScalingMetric: 'AVERAGE_CPU',
    autoScalingTargetValue: 60
  },
  networkConfiguration: {
    subnets: ['subnet-0e1a2b3c4d5e6f701'],
    securityGroups: ['sg-0e1a2b3c4d5e6f7a8']
  }
}

describe('the request an Express deploy sends', () => {
  it('create: the members Create has, sizes in the API units, nothing the inputs leave out', () => {
    expect(
      createRequest(
        read({
          image: 'repo/web:1',
          'express-infrastructure-role-arn': ROLE('infra'),
          'execution-role-arn': ROLE('exec'),
          cpu: '0.5 vCPU',
          memory: '1 GB',
          command: 'node server.js',
          secrets: 'DB=arn:aws:ssm:us-east-1:123456789012:parameter/db',
          'express-max-task-count': '4',
          subnets: 'subnet-0e1a2b3c4d5e6f701'
        })
      )
    ).toEqual({
      operation: 'CreateExpressGatewayService',
      input: {
        serviceName: 'megilance-web',
        cluster: 'megilance-cluster',
        infrastructureRoleArn: ROLE('infra'),
        executionRoleArn: ROLE('exec'),
        primaryContainer: {
          image: 'repo/web:1',
          command: ['node', 'server.js'],
          secrets: [{ name: 'DB', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' }]
        },
        cpu: '512',
        memory: '1024',
        scalingTarget: { maxTaskCount: 4 },
        networkConfiguration: { subnets: ['subnet-0e1a2b3c4d5e6f701'] }
      }
    })
  })

  it('create from a task definition ARN: no container member beside it', () => {
    const td = 'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-web:7'
    expect(
      createRequest(
        read({ 'task-definition-arn': td, 'express-infrastructure-role-arn': ROLE('infra') })
      ).input
    ).toEqual({
      serviceName: 'megilance-web',
      cluster: 'megilance-cluster',
      infrastructureRoleArn: ROLE('infra'),
      taskDefinitionArn: td
    })
  })

  it('update: serviceArn and the container in force with the image over it, nothing else', () => {
    expect(updateRequest(read({ image: 'repo/web:2' }), ARN, current)).toEqual({
      operation: 'UpdateExpressGatewayService',
      input: {
        serviceArn: ARN,
        primaryContainer: { ...current.primaryContainer, image: 'repo/web:2' }
      }
    })
  })

  it('update: environment merged by name, inputs win; scaling and network whole, inputs over them', () => {
    const input = updateRequest(
      read({
        'environment-variables': 'LOG=debug\nFEATURE=on',
        'express-min-task-count': '2',
        'security-groups': 'sg-0e1a2b3c4d5e6f7a9',
        'express-health-check-path': '/ready'
      }),
      ARN,
      current
    ).input
    expect(input.primaryContainer?.image).toBe('repo/web:1')
    expect(input.primaryContainer?.environment).toEqual([
      { name: 'STAGE', value: 'prod' },
      { name: 'LOG', value: 'debug' },
      { name: 'FEATURE', value: 'on' }
    ])
    expect(input.scalingTarget).toEqual({ ...current.scalingTarget, minTaskCount: 2 })
    expect(input.networkConfiguration).toEqual({
      subnets: ['subnet-0e1a2b3c4d5e6f701'],
      securityGroups: ['sg-0e1a2b3c4d5e6f7a9']
    })
    expect(input.healthCheckPath).toBe('/ready')
    expect(Object.keys(input)).not.toContain('infrastructureRoleArn')
  })

  it('update with nothing to change sends serviceArn alone', () => {
    expect(updateRequest(read({}), ARN, current).input).toEqual({ serviceArn: ARN })
  })

  it('shown: the request as sent, environment values hidden', () => {
    const text = shown(
      updateRequest(read({ 'environment-variables': 'TOKEN=s3cr3t' }), ARN, current)
    )
    expect(text).toMatch(/^UpdateExpressGatewayService \{/)
    expect(text).toContain('"name": "TOKEN"')
    expect(text).toContain('"value": "(hidden)"')
    expect(text).not.toContain('s3cr3t')
    expect(text).not.toContain('prod')
  })
})
