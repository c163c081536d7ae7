// The calls of an Express deploy (megilance-web in megilance-cluster: read, create or update,
// watch, roll back through ECS, the infrastructure role passed, its log lines), evaluated against
// docs/iam's policies: all allowed; the infrastructure role passed to ECS only; nothing allowed on
// another cluster. The reference rows of the three Express actions are in service-authorization.ts.
import { describe, expect, test } from '@jest/globals'
import { allows, readPolicy } from './policy.js'

const EXPRESS_INFRASTRUCTURE_ROLE =
  'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForExpressServices'
const POLICIES = {
  combined: 'docs/iam/permission-policy.json',
  deploy: 'docs/iam/permission-policy-deploy.json'
} as const
const combinedPolicy = () => readPolicy(POLICIES.combined)

describe('the calls of an Express deploy (megilance-web in megilance-cluster), evaluated against the policies', () => {
  const service = 'arn:aws:ecs:us-east-1:123456789012:service/megilance-cluster/megilance-web'
  const inCluster = {
    'aws:RequestedRegion': 'us-east-1',
    'ecs:cluster': 'arn:aws:ecs:us-east-1:123456789012:cluster/megilance-cluster'
  }
  const requests = [
    ...[
      'ecs:DescribeServices',
      'ecs:DescribeExpressGatewayService',
      'ecs:CreateExpressGatewayService',
      'ecs:UpdateExpressGatewayService',
      'ecs:ListServiceDeployments',
      'ecs:DescribeServiceDeployments',
      'ecs:DescribeServiceRevisions',
      'ecs:StopServiceDeployment'
    ].map(action => ({ action, resource: service, context: inCluster })),
    {
      action: 'ecs:RegisterTaskDefinition',
      resource: 'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-web:2',
      context: { 'aws:RequestedRegion': 'us-east-1' }
    },
    {
      action: 'iam:PassRole',
      resource: EXPRESS_INFRASTRUCTURE_ROLE,
      context: { 'iam:PassedToService': 'ecs.amazonaws.com' }
    },
    {
      action: 'logs:GetLogEvents',
      resource:
        'arn:aws:logs:us-east-1:123456789012:log-group:/aws/ecs/megilance-cluster/megilance-web-1044:log-stream:ecs/Main/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      context: { 'aws:RequestedRegion': 'us-east-1' }
    }
  ]

  test.each([POLICIES.combined, POLICIES.deploy])('%s allows every one of them', file => {
    const denied = requests.filter(r => !allows(readPolicy(file), r))
    expect(denied.map(r => `${r.action} on ${r.resource}`)).toEqual([])
  })

  test('the infrastructure role is passed to ECS only, and no other role is', () => {
    const policy = combinedPolicy()
    const pass = (resource: string, service: string) =>
      allows(policy, {
        action: 'iam:PassRole',
        resource,
        context: { 'iam:PassedToService': service }
      })
    expect(pass(EXPRESS_INFRASTRUCTURE_ROLE, 'ecs-tasks.amazonaws.com')).toBe(false)
    expect(pass('arn:aws:iam::123456789012:role/admin', 'ecs.amazonaws.com')).toBe(false)
    expect(
      allows(policy, {
        action: 'ecs:UpdateExpressGatewayService',
        resource: 'arn:aws:ecs:us-east-1:123456789012:service/other-cluster/megilance-web',
        context: inCluster
      })
    ).toBe(false)
  })
})
