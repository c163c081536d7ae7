// docs/iam/permission-policy.json grants exactly what the code sends to AWS, read from src/ at test
// time: every `new XxxCommand(` of an AWS SDK client (plus paginators and waiters), mapped to its IAM
// action. The policy fails this test when it misses an action or grants one no code sends.
import { describe, expect, test } from '@jest/globals'
import {
  isMapping,
  listFiles,
  mapping,
  readText,
  readYaml,
  templateFiles,
  jobsOf,
  type Yaml
} from './workflow-files.js'

/** SDK client package → IAM service prefix. The IAM action is the API name: ecs:DescribeServices. */
const IAM_PREFIX: Record<string, string> = {
  'client-ecs': 'ecs',
  'client-ecr': 'ecr'
}

/** STS AssumeRoleWithWebIdentity is authorised by the role's trust policy, not by this policy. */
const NOT_IN_PERMISSION_POLICY = new Set(['client-sts'])

/** Waiters send a describe call in a loop; name the call each one sends. */
const WAITER_CALLS: Record<string, string> = {
  waitUntilServicesStable: 'DescribeServices',
  waitForServicesStable: 'DescribeServices',
  waitUntilServicesInactive: 'DescribeServices',
  waitForServicesInactive: 'DescribeServices',
  waitUntilTasksRunning: 'DescribeTasks',
  waitForTasksRunning: 'DescribeTasks',
  waitUntilTasksStopped: 'DescribeTasks',
  waitForTasksStopped: 'DescribeTasks',
  waitUntilImageScanComplete: 'DescribeImageScanFindings',
  waitForImageScanComplete: 'DescribeImageScanFindings',
  waitUntilLifecyclePolicyPreviewComplete: 'GetLifecyclePolicyPreview',
  waitForLifecyclePolicyPreviewComplete: 'GetLifecyclePolicyPreview'
}

/**
 * Sent by `docker push` / `docker pull` to the ECR registry (and by the buildx registry cache), not
 * by our SDK code; needed as soon as the code logs docker in to ECR (GetAuthorizationToken).
 */
const DOCKER_REGISTRY_ACTIONS = [
  'ecr:BatchCheckLayerAvailability', // push: which layers the registry already has
  'ecr:InitiateLayerUpload', // push: start a layer upload
  'ecr:UploadLayerPart', // push: the layer's bytes
  'ecr:CompleteLayerUpload', // push: finish the layer
  'ecr:PutImage', // push: the manifest (the tag / digest)
  'ecr:BatchGetImage', // pull: the manifest (inline cache from the last image, registry cache)
  'ecr:GetDownloadUrlForLayer' // pull: the layers
]

/**
 * IAM actions AWS checks in addition to the called one. RegisterTaskDefinition with `tags` is also
 * authorised as ecs:TagResource (ECS tag-on-create authorisation).
 */
const ALSO_AUTHORISED: Record<string, string[]> = {
  'ecs:RegisterTaskDefinition': ['ecs:TagResource']
}

interface SentCommand {
  readonly action: string
  readonly file: string
}

const IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]@aws-sdk\/(client-[\w-]+)['"]/g
const NAMESPACE_IMPORT = /import\s+\*\s+as\s+(\w+)\s+from\s*['"]@aws-sdk\/(client-[\w-]+)['"]/g

/** The AWS calls one source file sends, from its imports of @aws-sdk/client-* and how it uses them. */
function commandsSent(file: string, source: string): SentCommand[] {
  const sent: SentCommand[] = []
  const record = (pkg: string, api: string): void => {
    if (NOT_IN_PERMISSION_POLICY.has(pkg)) return
    const prefix = IAM_PREFIX[pkg]
    if (prefix === undefined) {
      throw new Error(
        `${file} calls @aws-sdk/${pkg} (${api}): add its IAM prefix to IAM_PREFIX in this test and the calls to docs/iam/permission-policy.json.`
      )
    }
    sent.push({ action: `${prefix}:${api}`, file })
  }
  const uses = (name: string, pattern: (escaped: string) => string): boolean =>
    new RegExp(pattern(name.replace(/\$/g, '\\$'))).test(source)

  for (const match of source.matchAll(IMPORT)) {
    if (match[1] !== undefined) continue // import type { ... }: no runtime use
    const pkg = match[3] ?? ''
    for (const raw of (match[2] ?? '').split(',')) {
      const item = raw.trim()
      if (item === '' || item.startsWith('type ')) continue
      const [imported = '', local = imported] = item.split(/\s+as\s+/).map(s => s.trim())
      let m: RegExpMatchArray | null
      if ((m = /^(\w+)Command$/.exec(imported))) {
        if (uses(local, n => `\\bnew\\s+${n}\\s*\\(`)) record(pkg, m[1] ?? '')
      } else if ((m = /^paginate(\w+)$/.exec(imported))) {
        if (uses(local, n => `\\b${n}\\s*\\(`)) record(pkg, m[1] ?? '')
      } else if (/^wait(Until|For)\w+$/.test(imported)) {
        if (!uses(local, n => `\\b${n}\\s*\\(`)) continue
        const api = WAITER_CALLS[imported]
        if (api === undefined)
          throw new Error(`${file}: add ${imported} to WAITER_CALLS in this test.`)
        record(pkg, api)
      } else if (/^[A-Z][A-Z0-9]*$/.test(imported) && uses(local, n => `\\bnew\\s+${n}\\s*\\(`)) {
        throw new Error(
          `${file} uses the aggregated client ${imported} from @aws-sdk/${pkg}; send XxxCommand objects instead so the IAM scan sees each call.`
        )
      }
    }
  }
  for (const match of source.matchAll(NAMESPACE_IMPORT)) {
    const [, namespace = '', pkg = ''] = match
    for (const call of source.matchAll(
      new RegExp(`\\bnew\\s+${namespace}\\.(\\w+)Command\\s*\\(`, 'g')
    )) {
      record(pkg, call[1] ?? '')
    }
  }
  return sent
}

function scanSources(): SentCommand[] {
  return listFiles('src', /\.ts$/).flatMap(file => commandsSent(file, readText(file)))
}

interface Statement {
  readonly Sid?: string
  readonly Effect: string
  readonly Action: string | string[]
  readonly Resource: string | string[]
  readonly Condition?: Record<string, Record<string, string | string[]>>
  readonly Principal?: Record<string, string>
}

interface Policy {
  readonly Version: string
  readonly Statement: Statement[]
}

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value])
const readPolicy = (file: string): Policy => JSON.parse(readText(file)) as Policy

const permissionPolicy = readPolicy('docs/iam/permission-policy.json')
const trustPolicy = readPolicy('docs/iam/trust-policy.json')
const granted = permissionPolicy.Statement.flatMap(s => list(s.Action))

/** What the policy must grant besides iam:PassRole: the code's calls and what they imply. */
function expectedActions(sent: readonly SentCommand[]): Set<string> {
  const expected = new Set(sent.map(c => c.action))
  for (const action of [...expected])
    for (const more of ALSO_AUTHORISED[action] ?? []) expected.add(more)
  if (expected.has('ecr:GetAuthorizationToken'))
    for (const a of DOCKER_REGISTRY_ACTIONS) expected.add(a)
  return expected
}

describe('the scan of src/', () => {
  test('finds the ECS and ECR calls of the actions', () => {
    const actions = new Set(scanSources().map(c => c.action))
    expect([...actions].some(a => a.startsWith('ecs:'))).toBe(true)
    expect([...actions].some(a => a.startsWith('ecr:'))).toBe(true)
  })

  test('reads commands, aliases, namespaces, paginators and waiters; skips types and STS', () => {
    const source = `
import { DescribeServicesCommand, type ServiceDeployment, UpdateServiceCommand as Update, ListTasksCommand } from '@aws-sdk/client-ecs'
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { paginateListTaskDefinitions, waitUntilTasksStopped } from '@aws-sdk/client-ecs'
import * as ecr from '@aws-sdk/client-ecr'
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts'
await client.send(new DescribeServicesCommand({}))
await client.send(new Update({}))
for await (const page of paginateListTaskDefinitions({ client }, {})) {}
await waitUntilTasksStopped({ client, maxWaitTime: 60 }, {})
await ecr_client.send(new ecr.GetAuthorizationTokenCommand({}))
await sts.send(new AssumeRoleWithWebIdentityCommand({}))
if (e instanceof ListTasksCommand) {}
`
    expect(commandsSent('x.ts', source).map(c => c.action)).toEqual([
      'ecs:DescribeServices',
      'ecs:UpdateService',
      'ecs:ListTaskDefinitions',
      'ecs:DescribeTasks',
      'ecr:GetAuthorizationToken'
    ])
  })

  test('refuses a service it cannot map, and the aggregated clients', () => {
    expect(() =>
      commandsSent(
        'x.ts',
        "import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'\nnew GetLogEventsCommand({})"
      )
    ).toThrow(/add its IAM prefix/)
    expect(() =>
      commandsSent('x.ts', "import { ECS } from '@aws-sdk/client-ecs'\nconst ecs = new ECS({})")
    ).toThrow(/aggregated client ECS/)
  })
})

describe('docs/iam/permission-policy.json', () => {
  test('grants every action the code sends (and docker needs), and nothing else', () => {
    const sent = scanSources()
    const expected = expectedActions(sent)
    const grantedSet = new Set(granted.filter(a => a !== 'iam:PassRole'))
    const missing = [...expected].filter(a => !grantedSet.has(a)).sort()
    const unused = [...grantedSet].filter(a => !expected.has(a)).sort()
    expect({ missing, unused }).toEqual({ missing: [], unused: [] })
  })

  test('grants each action once, by name, never with a wildcard', () => {
    expect(granted.filter(a => a.includes('*'))).toEqual([])
    expect(granted.length).toBe(new Set(granted).size)
    for (const s of permissionPolicy.Statement) expect(s.Effect).toBe('Allow')
    expect(permissionPolicy.Version).toBe('2012-10-17')
  })

  test('gives GetAuthorizationToken Resource "*" (it takes no other), alone in its statement', () => {
    const statement = permissionPolicy.Statement.find(s =>
      list(s.Action).includes('ecr:GetAuthorizationToken')
    )
    expect(list(statement?.Action ?? [])).toEqual(['ecr:GetAuthorizationToken'])
    expect(statement?.Resource).toBe('*')
  })

  test('scopes ECR to the repositories and ECS writes to the cluster', () => {
    for (const s of permissionPolicy.Statement) {
      const actions = list(s.Action)
      if (actions.includes('ecr:GetAuthorizationToken') || actions.includes('iam:PassRole'))
        continue
      if (actions.some(a => a.startsWith('ecr:'))) {
        expect(list(s.Resource).every(r => r.startsWith('arn:aws:ecr:'))).toBe(true)
      }
    }
    const updateService = permissionPolicy.Statement.find(s =>
      list(s.Action).includes('ecs:UpdateService')
    )
    expect(list(updateService?.Resource ?? [])).toEqual([
      expect.stringMatching(/^arn:aws:ecs:[\w-]+:\d{12}:service\/[\w-]+\/\*$/)
    ])
  })

  test('passes only the task and execution roles of the task definitions, only to ECS tasks', () => {
    const passRole = permissionPolicy.Statement.filter(s => list(s.Action).includes('iam:PassRole'))
    expect(passRole).toHaveLength(1)
    const [statement] = passRole
    expect(list(statement?.Action ?? [])).toEqual(['iam:PassRole'])
    expect(statement?.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
    })
    const roles = new Set<string>()
    for (const file of listFiles('examples', /-task-definition\.json$/)) {
      const td = JSON.parse(readText(file)) as Yaml
      for (const key of ['taskRoleArn', 'executionRoleArn']) {
        if (typeof td[key] === 'string') roles.add(td[key])
      }
    }
    expect(roles.size).toBeGreaterThan(0)
    expect([...list(statement?.Resource ?? [])].sort()).toEqual([...roles].sort())
  })
})

describe('docs/iam/trust-policy.json', () => {
  const [statement, ...others] = trustPolicy.Statement

  test('trusts only GitHub’s OIDC provider, for AssumeRoleWithWebIdentity', () => {
    expect(others).toEqual([])
    expect(statement?.Effect).toBe('Allow')
    expect(statement?.Action).toBe('sts:AssumeRoleWithWebIdentity')
    expect(statement?.Principal).toEqual({
      Federated: expect.stringMatching(
        /^arn:aws:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/
      )
    })
  })

  test('requires the audience sts.amazonaws.com', () => {
    expect(statement?.Condition?.StringEquals?.['token.actions.githubusercontent.com:aud']).toBe(
      'sts.amazonaws.com'
    )
  })

  test('limits the subject to one repository and its environment or branch', () => {
    const conditions = statement?.Condition ?? {}
    expect(Object.keys(conditions)).toEqual(['StringEquals'])
    const subjects = list(
      conditions.StringEquals?.['token.actions.githubusercontent.com:sub'] ?? []
    )
    expect(subjects.length).toBeGreaterThan(0)
    const repositories = new Set(subjects.map(s => s.split(':')[1]))
    expect(repositories.size).toBe(1)
    for (const subject of subjects) {
      expect(subject).toMatch(
        /^repo:[\w.-]+\/[\w.-]+:(environment:[\w.-]+|ref:refs\/heads\/[\w./-]+)$/
      )
    }
  })

  test('admits the jobs of the MegiLance template: the build job by branch, the deploy job by environment', () => {
    const subjects = list(
      statement?.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub'] ?? []
    )
    const template = readYaml(templateFiles().find(f => f.endsWith('megilance.yml')) ?? '')
    const environments = new Set(
      jobsOf(template).map(j => (isMapping(j.body.with) ? j.body.with.environment : undefined))
    )
    const on = mapping(template.on, 'on')
    const branches = list((mapping(on.push, 'push').branches as string[] | undefined) ?? [])
    for (const environment of environments) {
      expect(subjects.some(s => s.endsWith(`:environment:${String(environment)}`))).toBe(true)
    }
    for (const branch of branches) {
      // A starter workflow names the default branch $default-branch; MegiLance's is main.
      const name = branch === '$default-branch' ? 'main' : branch
      expect(subjects.some(s => s.endsWith(`:ref:refs/heads/${name}`))).toBe(true)
    }
  })
})
