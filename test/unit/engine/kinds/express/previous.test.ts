import { describe, expect, it } from '@jest/globals'
import { membersOf } from '../../../../../src/engine/kinds/express/previous.js'

describe("an earlier service revision's image and settings, as an update's members", () => {
  it('Main, the task size and roles, the health check path, the scaling target and network', () => {
    expect(
      membersOf(
        {
          taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-web:1',
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: ['subnet-0e1a2b3c4d5e6f701'],
              securityGroups: ['sg-0e1a2b3c4d5e6f7a8']
            }
          },
          ecsManagedResources: {
            ingressPaths: [
              {
                accessType: 'PUBLIC',
                endpoint: 'megilance-web.ecs.us-east-1.on.aws',
                targetGroups: [
                  {
                    status: 'ACTIVE',
                    updatedAt: undefined,
                    healthCheckPath: '/health',
                    healthCheckPort: 8080,
                    port: 8080
                  }
                ]
              }
            ],
            autoScaling: {
              scalableTarget: {
                status: 'ACTIVE',
                updatedAt: undefined,
                minCapacity: 2,
                maxCapacity: 6
              }
            }
          }
        },
        {
          cpu: '512',
          memory: '1024',
          executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
          containerDefinitions: [
            {
              name: 'Main',
              image: 'repo/web:1',
              portMappings: [{ name: 'main-8080-tcp', containerPort: 8080, protocol: 'tcp' }],
              environment: [{ name: 'STAGE', value: 'prod' }],
              secrets: [],
              logConfiguration: {
                logDriver: 'awslogs',
                options: {
                  'awslogs-group': '/aws/ecs/megilance-cluster/megilance-web-1234',
                  'awslogs-stream-prefix': 'ecs',
                  'awslogs-region': 'us-east-1'
                }
              }
            }
          ]
        }
      )
    ).toEqual({
      primaryContainer: {
        image: 'repo/web:1',
        containerPort: 8080,
        environment: [{ name: 'STAGE', value: 'prod' }],
        awsLogsConfiguration: {
          logGroup: '/aws/ecs/megilance-cluster/megilance-web-1234',
          logStreamPrefix: 'ecs'
        }
      },
      cpu: '512',
      memory: '1024',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      healthCheckPath: '/health',
      scalingTarget: { minTaskCount: 2, maxTaskCount: 6 },
      networkConfiguration: {
        subnets: ['subnet-0e1a2b3c4d5e6f701'],
        securityGroups: ['sg-0e1a2b3c4d5e6f7a8']
      }
    })
  })

  it('only what the revision says: no managed resources, no network, no size', () => {
    expect(
      membersOf({}, { containerDefinitions: [{ name: 'Main', image: 'repo/web:1' }] })
    ).toEqual({ primaryContainer: { image: 'repo/web:1' } })
  })
})
