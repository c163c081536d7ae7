// docs/iam's permission policies held to AWS's Service Authorization Reference (the table in
// service-authorization.ts) and to the code: every action a statement grants names an ARN of each
// resource type the reference marks required, "*" only where the reference allows nothing else and
// then pinned to a Region, and every call src/ sends is granted. The calls of one MegiLance deploy
// are then evaluated against the policies: all allowed in its Region, none anywhere else.
// Over 250 lines: the reference table, each policy file, the code and one deploy's calls are four
// views of one policy, read top to bottom.
import { describe, expect, test } from '@jest/globals'
import { listFiles, readText, type Yaml } from '../workflows/workflow-files.js'
import { SCHEDULED_TASK_ROLES, megilanceDeploys, requestsOf } from './deploy-requests.js'
import {
  actionsOf,
  allowingStatements,
  allows,
  list,
  readPolicy,
  type Policy,
  type Statement
} from './policy.js'
import { ANNOUNCED, commandsSent, expectedActions, scanSources } from './sent-commands.js'
import {
  ACTIONS,
  REFERENCE_PAGES,
  RESOURCE_TYPES,
  STAR_BY_DOCUMENTATION,
  namesType,
  prefixOf
} from './service-authorization.js'

const EXPRESS_INFRASTRUCTURE_ROLE =
  'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForExpressServices'

const POLICIES = {
  combined: 'docs/iam/permission-policy.json',
  build: 'docs/iam/permission-policy-build.json',
  deploy: 'docs/iam/permission-policy-deploy.json'
} as const

const policies = Object.values(POLICIES).map(file => ({ file }))
const combinedPolicy = (): Policy => readPolicy(POLICIES.combined)

/** What is wrong with one statement, held to the reference; empty when nothing is. */
export function referenceFindings(statement: Statement): string[] {
  const findings: string[] = []
  const sid = statement.Sid ?? '(no Sid)'
  const actions = list(statement.Action)
  const resources = list(statement.Resource)
  const unknown = actions.filter(a => ACTIONS[a] === undefined)
  if (unknown.length > 0)
    return [`${sid}: ${unknown.join(', ')} not in the reference table (service-authorization.ts)`]

  if (resources.includes('*')) {
    if (resources.length > 1) findings.push(`${sid}: "*" next to other resources`)
    if (statement.Condition?.StringEquals?.['aws:RequestedRegion'] === undefined)
      findings.push(`${sid}: Resource "*" without an aws:RequestedRegion condition`)
    for (const action of actions) {
      const row = ACTIONS[action]
      if (row && row.required.length > 0 && STAR_BY_DOCUMENTATION[action] === undefined)
        findings.push(
          `${sid}: ${action} on "*", but the reference (${REFERENCE_PAGES[prefixOf(action) as keyof typeof REFERENCE_PAGES]}) lists required ${row.required.join(', ')}`
        )
    }
    return findings
  }

  for (const action of actions) {
    for (const type of ACTIONS[action]?.required ?? []) {
      const format = RESOURCE_TYPES[type] ?? ''
      if (!resources.some(r => namesType(r, format)))
        findings.push(
          `${sid}: ${action} requires ${type} (${format}); the statement names no such ARN`
        )
    }
  }
  const accepted = new Set(
    actions.flatMap(a => [...(ACTIONS[a]?.required ?? []), ...(ACTIONS[a]?.optional ?? [])])
  )
  for (const resource of resources) {
    const types = [...accepted].filter(t => namesType(resource, RESOURCE_TYPES[t] ?? ''))
    if (types.length === 0)
      findings.push(`${sid}: ${resource} is of no resource type its actions take`)
  }
  return findings
}

describe('the reference table', () => {
  test('cites one reference page per service, and knows the ARN format of every type it names', () => {
    for (const [action, row] of Object.entries(ACTIONS)) {
      expect(Object.keys(REFERENCE_PAGES)).toContain(prefixOf(action))
      for (const type of [...row.required, ...(row.optional ?? [])]) {
        expect({ action, type, format: RESOURCE_TYPES[type] }).toEqual({
          action,
          type,
          format: expect.stringMatching(new RegExp(`^arn:\\$\\{Partition\\}:${prefixOf(type)}:`))
        })
      }
    }
  })

  test.each([
    ['ecs:service', 'arn:aws:ecs:us-east-1:123456789012:service/megilance-cluster/*', true],
    [
      'ecs:service',
      'arn:aws:ecs:us-east-1:123456789012:service-deployment/megilance-cluster/*',
      false
    ],
    [
      'ecs:service-deployment',
      'arn:aws:ecs:us-east-1:123456789012:service-deployment/megilance-cluster/*',
      true
    ],
    [
      'ecs:service-deployment',
      'arn:aws:ecs:us-east-1:123456789012:service/megilance-cluster/*',
      false
    ],
    [
      'ecs:service-revision',
      'arn:aws:ecs:us-east-1:123456789012:service-revision/megilance-cluster/*',
      true
    ],
    [
      'ecs:service-revision',
      'arn:aws:ecs:us-east-1:123456789012:service-deployment/megilance-cluster/*',
      false
    ],
    [
      'ecs:service',
      'arn:aws:ecs:us-east-1:123456789012:service-revision/megilance-cluster/*',
      false
    ],
    ['ecs:service', 'arn:aws:ecs:*:123456789012:service/megilance-cluster/*', false],
    ['ecs:service', 'arn:aws:ecs:us-east-1:*:service/megilance-cluster/*', false],
    ['ecs:service', 'arn:aws:ecs:us-east-1:123456789012:*', true],
    [
      'ecs:task-definition',
      'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-*:*',
      true
    ],
    ['ecs:task-definition', 'arn:aws:ecs:us-east-1:123456789012:task/megilance-cluster/*', false],
    ['logs:log-stream', 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/megilance-*', true],
    [
      'logs:log-stream',
      'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/megilance-backend',
      false
    ],
    ['iam:role', 'arn:aws:iam::123456789012:role/megilance-backend-task', true],
    ['iam:role', 'arn:aws:iam:us-east-1:123456789012:role/megilance-backend-task', false],
    ['ecr:repository', 'arn:aws:ecs:us-east-1:123456789012:repository/megilance-*', false]
  ])('%s named by %s: %s', (type, resource, expected) => {
    expect(namesType(resource, RESOURCE_TYPES[type] ?? '')).toBe(expected)
  })

  test('fails a statement that names the service deployment but not the service', () => {
    // The DescribeServiceDeployments statement docs/iam shipped before: ECS refused the call, and
    // the deploy fell back to DescribeServices without tracking ECS's own rollbacks.
    const shipped: Statement = {
      Sid: 'EcsServiceDeployments',
      Effect: 'Allow',
      Action: ['ecs:DescribeServiceDeployments'],
      Resource: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/megilance-cluster/*'
    }
    expect(referenceFindings(shipped)).toEqual([
      'EcsServiceDeployments: ecs:DescribeServiceDeployments requires ecs:service (arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/${ServiceName}); the statement names no such ARN'
    ])
    expect(
      referenceFindings({
        ...shipped,
        Resource: [
          ...list(shipped.Resource),
          'arn:aws:ecs:us-east-1:123456789012:service/megilance-cluster/*'
        ]
      })
    ).toEqual([])
  })

  test('fails a statement that names the service revision but not the service', () => {
    // The DescribeServiceRevisions statement as it was first added to permission-policy.json.
    const added: Statement = {
      Sid: 'EcsServiceRevisions',
      Effect: 'Allow',
      Action: ['ecs:DescribeServiceRevisions'],
      Resource: 'arn:aws:ecs:us-east-1:123456789012:service-revision/megilance-cluster/*'
    }
    expect(referenceFindings(added)).toEqual([
      'EcsServiceRevisions: ecs:DescribeServiceRevisions requires ecs:service (arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/${ServiceName}); the statement names no such ARN'
    ])
    expect(
      referenceFindings({
        ...added,
        Resource: [
          'arn:aws:ecs:us-east-1:123456789012:service/megilance-cluster/*',
          ...list(added.Resource)
        ]
      })
    ).toEqual([])
  })

  test('fails "*" for an action with a required type, and "*" with no Region pin', () => {
    expect(
      referenceFindings({
        Sid: 'X',
        Effect: 'Allow',
        Action: ['ecs:RegisterTaskDefinition', 'ecs:DescribeTaskDefinition'],
        Resource: '*'
      })
    ).toEqual([
      'X: Resource "*" without an aws:RequestedRegion condition',
      `X: ecs:RegisterTaskDefinition on "*", but the reference (${REFERENCE_PAGES.ecs}) lists required ecs:task-definition`
    ])
  })
})

describe.each(policies)('$file', ({ file }) => {
  const policy = (): Policy => readPolicy(file)

  test('grants each action once (iam:PassRole once per service it passes to), by name, only in Allow statements', () => {
    const granted = actionsOf(policy())
    expect(granted.filter(a => a.includes('*'))).toEqual([])
    // iam:PassRole once per service the roles are passed to (iam:PassedToService).
    const once = granted.filter(a => a !== 'iam:PassRole')
    expect(once.length).toBe(new Set(once).size)
    const passedTo = policy()
      .Statement.filter(s => list(s.Action).includes('iam:PassRole'))
      .map(s => s.Condition?.StringEquals?.['iam:PassedToService'])
    expect(passedTo.length).toBe(new Set(passedTo).size)
    for (const s of policy().Statement) expect(s.Effect).toBe('Allow')
    expect(policy().Version).toBe('2012-10-17')
  })

  test('names an ARN of every resource type the reference requires, and "*" only pinned to a Region', () => {
    expect(policy().Statement.flatMap(referenceFindings)).toEqual([])
  })

  test('passes the task definitions’ roles only to ECS tasks, the scheduled tasks’ only to EventBridge and Scheduler, the Express infrastructure role only to ECS', () => {
    const passRole = policy().Statement.filter(s => list(s.Action).includes('iam:PassRole'))
    const roles = new Set<string>()
    for (const file of listFiles('examples', /-task-definition\.json$/)) {
      const td = JSON.parse(readText(file)) as Yaml
      for (const key of ['taskRoleArn', 'executionRoleArn'])
        if (typeof td[key] === 'string') roles.add(td[key])
    }
    const passed: Record<string, string[]> = {}
    for (const statement of passRole) {
      expect(list(statement.Action)).toEqual(['iam:PassRole'])
      expect(Object.keys(statement.Condition ?? {})).toEqual(['StringEquals'])
      const to = list(statement.Condition?.StringEquals?.['iam:PassedToService'])
      expect(to).toHaveLength(1)
      passed[to[0] ?? ''] = [...list(statement.Resource)].sort()
    }
    if (passRole.length === 0) return // the build policy passes no role
    expect(passed).toEqual({
      'ecs-tasks.amazonaws.com': [...roles].sort(),
      // The infrastructure role is ECS's own ("Principal": {"Service": "ecs.amazonaws.com"},
      // Developer Guide, Amazon ECS infrastructure IAM role), passed by CreateExpressGatewayService.
      'ecs.amazonaws.com': [EXPRESS_INFRASTRUCTURE_ROLE],
      'events.amazonaws.com': [SCHEDULED_TASK_ROLES.events],
      'scheduler.amazonaws.com': [SCHEDULED_TASK_ROLES.scheduler]
    })
  })

  test("keeps ListTasks and ListServices to the account's clusters (ecs:cluster), as the ECS developer guide shows", () => {
    // The developer guide's example names one cluster (ArnEquals). keep-revisions lists the
    // family's tasks and the services of every cluster of the account in the Region: the
    // condition names the account's clusters (ArnLike cluster/*), never another account's.
    for (const statement of policy().Statement.filter(s =>
      list(s.Action).some(a => a === 'ecs:ListTasks' || a === 'ecs:ListServices')
    )) {
      const cluster =
        statement.Condition?.ArnEquals?.['ecs:cluster'] ??
        statement.Condition?.ArnLike?.['ecs:cluster']
      expect(cluster).toEqual(
        expect.stringMatching(/^arn:aws:ecs:[a-z0-9-]+:\d{12}:cluster\/([\w-]+|\*)$/)
      )
    }
  })
})

describe('the code and the policy', () => {
  test('the scan finds the ECS and ECR calls of the actions', () => {
    const actions = new Set(scanSources().map(c => c.action))
    expect([...actions].some(a => a.startsWith('ecs:'))).toBe(true)
    expect([...actions].some(a => a.startsWith('ecr:'))).toBe(true)
  })

  test('the scan reads commands, aliases, namespaces, paginators and waiters; skips types and STS', () => {
    const source = `
import { DescribeServicesCommand, type ServiceDeployment, UpdateServiceCommand as Update, ListTasksCommand } from '@aws-sdk/client-ecs'
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { paginateListTaskDefinitions, waitUntilTasksStopped } from '@aws-sdk/client-ecs'
import * as ecr from '@aws-sdk/client-ecr'
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts'
await client.send(new DescribeServicesCommand({}))
await client.send(new Update({}))
for await (const page of paginateListTaskDefinitions({ client }, {})) {}
await waitUntilTasksStopped({ client, maxWaitTime: 60 }, {})
await ecr_client.send(new ecr.GetAuthorizationTokenCommand({}))
await logs.send(new GetLogEventsCommand({}))
await sts.send(new AssumeRoleWithWebIdentityCommand({}))
if (e instanceof ListTasksCommand) {}
`
    expect(commandsSent('x.ts', source).map(c => c.action)).toEqual([
      'ecs:DescribeServices',
      'ecs:UpdateService',
      'ecs:ListTaskDefinitions',
      'ecs:DescribeTasks',
      'logs:GetLogEvents',
      'ecr:GetAuthorizationToken'
    ])
  })

  test('the scan refuses a service it cannot map, and the aggregated clients', () => {
    expect(() =>
      commandsSent(
        'x.ts',
        "import { GetObjectCommand } from '@aws-sdk/client-s3'\nnew GetObjectCommand({})"
      )
    ).toThrow(/add its IAM prefix/)
    expect(() =>
      commandsSent('x.ts', "import { ECS } from '@aws-sdk/client-ecs'\nconst ecs = new ECS({})")
    ).toThrow(/aggregated client ECS/)
  })

  test('permission-policy.json grants every call src/ sends (and docker and the open issues need), and nothing else', () => {
    const expected = expectedActions(scanSources())
    const granted = new Set(actionsOf(combinedPolicy()))
    const missing = [...expected].filter(a => !granted.has(a)).sort()
    const unused = [...granted].filter(a => !expected.has(a)).sort()
    expect({ missing, unused }).toEqual({ missing: [], unused: [] })
  })

  test('every action granted, sent or announced is in the reference table', () => {
    const all = new Set([...actionsOf(combinedPolicy()), ...expectedActions(scanSources())])
    expect([...all].filter(a => ACTIONS[a] === undefined)).toEqual([])
    expect(Object.keys(ANNOUNCED).filter(a => ACTIONS[a] === undefined)).toEqual([])
  })

  test('permission-policy.json is the build policy and the deploy policy together', () => {
    const build = readPolicy(POLICIES.build)
    const deploy = readPolicy(POLICIES.deploy)
    expect(combinedPolicy().Statement).toEqual([...build.Statement, ...deploy.Statement])
  })

  test('the build policy holds ECR only; the deploy policy ECS, PassRole, Logs, CodeDeploy, EventBridge and Scheduler', () => {
    const prefixes = (p: Policy): string[] => [...new Set(actionsOf(p).map(prefixOf))].sort()
    expect(prefixes(readPolicy(POLICIES.build))).toEqual(['ecr'])
    expect(prefixes(readPolicy(POLICIES.deploy))).toEqual([
      'codedeploy',
      'ecs',
      'events',
      'iam',
      'logs',
      'scheduler'
    ])
  })
})

describe('the calls of a MegiLance deploy, evaluated against the policies', () => {
  const deploys = megilanceDeploys()
  const requests = deploys.flatMap(d => requestsOf(d))

  test('reads both services of the MegiLance template', () => {
    expect(deploys.map(d => d.service).sort()).toEqual(['megilance-backend', 'megilance-frontend'])
  })

  test('permission-policy.json allows every one of them', () => {
    const denied = requests.filter(r => !allows(combinedPolicy(), r))
    expect(denied.map(r => `${r.action} on ${r.resource}`)).toEqual([])
  })

  test('DescribeServiceDeployments is allowed on the service and on the service deployment', () => {
    const describe = requests.filter(r => r.action === 'ecs:DescribeServiceDeployments')
    expect(describe.map(r => r.resource.split(':')[5]?.split('/')[0]).sort()).toEqual([
      'service',
      'service',
      'service-deployment',
      'service-deployment'
    ])
    for (const request of describe) expect(allows(combinedPolicy(), request)).toBe(true)
  })

  test('DescribeServiceRevisions is allowed on the service and on the service revision', () => {
    const describe = requests.filter(r => r.action === 'ecs:DescribeServiceRevisions')
    expect(describe.map(r => r.resource.split(':')[5]?.split('/')[0]).sort()).toEqual([
      'service',
      'service',
      'service-revision',
      'service-revision'
    ])
    for (const request of describe) expect(allows(combinedPolicy(), request)).toBe(true)
  })

  test('the build role can make the build job calls only, the deploy role the deploy job calls only', () => {
    const build = readPolicy(POLICIES.build)
    const deploy = readPolicy(POLICIES.deploy)
    for (const request of requests) {
      const label = `${request.action} on ${request.resource}`
      expect({ label, build: allows(build, request) }).toEqual({
        label,
        build: request.job === 'build'
      })
      expect({ label, deploy: allows(deploy, request) }).toEqual({
        label,
        deploy: request.job === 'deploy'
      })
    }
  })

  test('none of them is allowed in another Region (roles are global: PassRole rides on the call that passes them)', () => {
    // iam:PassRole names a role, which has no Region; the RegisterTaskDefinition or RunTask that
    // passes it is what the Region pins, and those are checked here.
    const elsewhere = deploys
      .flatMap(d => requestsOf(d, 'eu-west-1'))
      .filter(r => r.action !== 'iam:PassRole')
    const allowed = elsewhere.filter(r => allows(combinedPolicy(), r))
    expect(
      allowed.map(
        r => `${r.action} on ${r.resource}: ${allowingStatements(combinedPolicy(), r)[0]?.Sid}`
      )
    ).toEqual([])
  })

  test('nothing is allowed on another cluster, repository or family', () => {
    const other = deploys.map(d => ({
      ...d,
      cluster: 'other-cluster',
      repository: 'other-repository',
      family: 'other-family',
      logGroup: '/ecs/other',
      roles: ['arn:aws:iam::123456789012:role/admin'],
      scheduledRoles: {
        events: 'arn:aws:iam::123456789012:role/admin',
        scheduler: 'arn:aws:iam::123456789012:role/admin'
      }
    }))
    // scheduled-tasks auto reads every rule's targets, and every schedule on the cluster, to find
    // those of the family: those reads name no family, cluster or repository (writes do).
    // keep-revisions reads the services and the tasks of every cluster (what uses a revision
    // anywhere): DescribeServices and DescribeTasks name no one cluster either (writes do).
    const findsAll = [
      'events:DescribeRule',
      'events:ListTargetsByRule',
      'scheduler:GetSchedule',
      'ecs:DescribeServices',
      'ecs:DescribeTasks'
    ]
    const allowed = other
      .flatMap(d => requestsOf(d))
      .filter(r => !findsAll.includes(r.action))
      .filter(r => r.resource !== '*' && allows(combinedPolicy(), r))
    expect(allowed.map(r => `${r.action} on ${r.resource}`)).toEqual([])
  })
})
