// docs/iam's trust policies: GitHub's OIDC provider only, the audience the actions ask for, and
// `sub` values of the forms GitHub documents ("OpenID Connect reference"):
// - names: `repo:OWNER/REPO:environment:NAME` or `repo:OWNER/REPO:ref:refs/heads/BRANCH`;
// - immutable IDs (GitHub changelog 2026-04-23, "Immutable subject claims for GitHub Actions OIDC
//   tokens"; the docs' example `repo:octocat@123456/my-repo@456789:ref:refs/heads/main`);
// - customised with `include_claim_keys: [repo, context, job_workflow_ref]`:
//   `repo:ORG/REPO:environment:NAME:job_workflow_ref:ORG/REPO/.github/workflows/X.yml@REF`.
// Each file must admit the jobs of the starter workflows and nothing looser. The default setup is two
// roles: the build role trusted for the branch, the deploy role only for the environment; one role
// for both is the documented exception.
import { describe, expect, test } from '@jest/globals'
import {
  REUSABLE_WORKFLOWS,
  isMapping,
  jobsOf,
  mapping,
  readText,
  readYaml,
  templateFiles
} from '../workflows/workflow-files.js'
import { list, readPolicy } from './policy.js'

const AUD = 'token.actions.githubusercontent.com:aud'
const SUB = 'token.actions.githubusercontent.com:sub'
const SUITE = 'OWNER/ecs-deploy-actions'

export interface Subject {
  readonly repository: string
  readonly format: 'names' | 'immutable-ids'
  readonly context: string
  readonly jobWorkflowRef?: string
}

const NAME = '[A-Za-z0-9_.-]+'
const SUBJECT = new RegExp(
  `^repo:(?<owner>${NAME})(?:@(?<ownerId>\\d+))?/(?<repo>${NAME})(?:@(?<repoId>\\d+))?` +
    `:(?<context>environment:${NAME}|ref:refs/heads/[A-Za-z0-9_./-]+)` +
    `(?::job_workflow_ref:(?<jwr>${NAME}/${NAME}/\\.github/workflows/${NAME}\\.ya?ml@refs/(?:tags|heads)/[A-Za-z0-9_./-]+))?$`
)

/** A `sub` in one of the documented forms, or undefined (a wildcard, a half-ID form, anything else). */
export function parseSubject(sub: string): Subject | undefined {
  const g = SUBJECT.exec(sub)?.groups
  if (!g) return undefined
  if ((g.ownerId === undefined) !== (g.repoId === undefined)) return undefined
  return {
    repository: `${g.owner}/${g.repo}`,
    format: g.ownerId === undefined ? 'names' : 'immutable-ids',
    context: g.context ?? '',
    ...(g.jwr === undefined ? {} : { jobWorkflowRef: g.jwr })
  }
}

describe('the subjects the trust policies accept', () => {
  test.each([
    [
      'repo:octo-org/octo-repo:environment:prod',
      { repository: 'octo-org/octo-repo', format: 'names', context: 'environment:prod' }
    ],
    [
      'repo:octocat/my-repo:ref:refs/heads/main',
      { repository: 'octocat/my-repo', format: 'names', context: 'ref:refs/heads/main' }
    ],
    [
      'repo:octocat@123456/my-repo@456789:ref:refs/heads/main',
      { repository: 'octocat/my-repo', format: 'immutable-ids', context: 'ref:refs/heads/main' }
    ],
    [
      'repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main',
      {
        repository: 'octo-org/octo-repo',
        format: 'names',
        context: 'environment:prod',
        jobWorkflowRef: 'octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main'
      }
    ]
  ])('%s', (sub, expected) => {
    expect(parseSubject(sub)).toEqual(expected)
  })

  test.each([
    'repo:OWNER/*',
    'repo:OWNER/megilance:*',
    'repo:*/megilance:ref:refs/heads/main',
    'repo:OWNER/megilance@123:ref:refs/heads/main',
    'repo:OWNER/megilance:pull_request',
    'repo:OWNER/megilance:ref:refs/tags/v1'
  ])('refuses %s', sub => {
    expect(parseSubject(sub)).toBeUndefined()
  })
})

type Role = 'build' | 'deploy' | 'both'

/** The workflows of this suite whose build job pushes images, outside the environment. */
const BUILDING = ['.github/workflows/deploy.yml', '.github/workflows/deploy-release.yml']

/**
 * The subjects the starter workflows' jobs present to a role: the build role's are the build jobs'
 * (outside the environment, on the pushed or dispatched branch); the deploy role's the rollout
 * jobs' (in the environment). The jobs that only locate the actions assume no role.
 */
function starterSubjects(prefix: string, withWorkflowRef: boolean, role: Role): string[] {
  const subjects = new Set<string>()
  for (const file of templateFiles()) {
    const template = readYaml(file)
    const on = mapping(template.on, 'on')
    const push = isMapping(on.push) ? on.push : {}
    // A starter workflow names the default branch $default-branch; MegiLance's is main. A
    // dispatch runs on the default branch too.
    const branches = list((push.branches as string[] | undefined) ?? ['$default-branch']).map(b =>
      b === '$default-branch' ? 'main' : b
    )
    for (const job of jobsOf(template)) {
      const uses = typeof job.body.uses === 'string' ? job.body.uses : ''
      const [path = '', ref = ''] = uses.split('@')
      if (!path.startsWith(`${SUITE}/`)) continue
      const workflow = path.slice(`${SUITE}/`.length)
      const jwr = withWorkflowRef ? `:job_workflow_ref:${path}@refs/tags/${ref}` : ''
      const w = isMapping(job.body.with) ? job.body.with : {}
      if (role !== 'build' && typeof w.environment === 'string')
        subjects.add(`${prefix}:environment:${w.environment}${jwr}`)
      if (role !== 'deploy' && BUILDING.includes(workflow))
        for (const branch of branches) subjects.add(`${prefix}:ref:refs/heads/${branch}${jwr}`)
    }
  }
  return [...subjects].sort()
}

const NAMES = 'repo:OWNER/megilance'
const IDS = 'repo:OWNER@1234567/megilance@890123456'

describe.each([
  ['docs/iam/trust-policy-build.json', 'names', NAMES, false, 'build'],
  ['docs/iam/trust-policy-deploy.json', 'names', NAMES, false, 'deploy'],
  ['docs/iam/trust-policy-build-immutable-ids.json', 'immutable-ids', IDS, false, 'build'],
  ['docs/iam/trust-policy-deploy-immutable-ids.json', 'immutable-ids', IDS, false, 'deploy'],
  ['docs/iam/trust-policy-single-role.json', 'names', NAMES, false, 'both'],
  ['docs/iam/trust-policy-single-role-immutable-ids.json', 'immutable-ids', IDS, false, 'both'],
  ['docs/iam/trust-policy-reusable-workflows-build.json', 'names', NAMES, true, 'build'],
  ['docs/iam/trust-policy-reusable-workflows-deploy.json', 'names', NAMES, true, 'deploy']
] as const)('%s', (file, format, prefix, withWorkflowRef, role) => {
  const policy = readPolicy(file)
  const [statement, ...others] = policy.Statement
  const subjects = list(statement?.Condition?.StringEquals?.[SUB])

  test('trusts only GitHub’s OIDC provider, for AssumeRoleWithWebIdentity', () => {
    expect(policy.Version).toBe('2012-10-17')
    expect(others).toEqual([])
    expect(statement?.Effect).toBe('Allow')
    expect(statement?.Action).toBe('sts:AssumeRoleWithWebIdentity')
    expect(statement?.Principal).toEqual({
      Federated: expect.stringMatching(
        /^arn:aws:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/
      )
    })
  })

  test('requires the audience sts.amazonaws.com, and exact subjects (StringEquals only)', () => {
    expect(Object.keys(statement?.Condition ?? {})).toEqual(['StringEquals'])
    expect(statement?.Condition?.StringEquals?.[AUD]).toBe('sts.amazonaws.com')
    expect(subjects.length).toBeGreaterThan(0)
  })

  test(`accepts subjects of one repository, in the ${format} format`, () => {
    const parsed = subjects.map(parseSubject)
    expect(parsed.filter(p => p === undefined)).toEqual([])
    expect(new Set(parsed.map(p => p?.repository)).size).toBe(1)
    expect(new Set(parsed.map(p => p?.format))).toEqual(new Set([format]))
    for (const p of parsed) expect(p?.jobWorkflowRef !== undefined).toBe(withWorkflowRef)
  })

  test(`admits exactly the ${role === 'both' ? 'build and rollout' : role === 'build' ? 'build' : 'rollout'} jobs of the starter workflows`, () => {
    expect([...subjects].sort()).toEqual(starterSubjects(prefix, withWorkflowRef, role))
  })

  if (role === 'build')
    test('the build role: only the branch, never an environment', () => {
      for (const subject of subjects)
        expect(parseSubject(subject)?.context).toBe('ref:refs/heads/main')
    })

  if (role === 'deploy')
    test('the deploy role: only the deployment environment, never a branch', () => {
      for (const subject of subjects)
        expect(parseSubject(subject)?.context).toBe('environment:production')
    })

  if (withWorkflowRef)
    test("names only this suite's reusable workflows", () => {
      for (const subject of subjects) {
        const jwr = parseSubject(subject)?.jobWorkflowRef ?? ''
        const path = jwr.slice(`${SUITE}/`.length).split('@')[0]
        expect(jwr.startsWith(`${SUITE}/`)).toBe(true)
        expect(REUSABLE_WORKFLOWS).toContain(path)
      }
    })
})

test('the starter workflows use the two roles: the build role for builds, the deploy role for the rest', () => {
  for (const file of templateFiles()) {
    for (const job of jobsOf(readYaml(file))) {
      const uses = String(job.body.uses)
      const w = isMapping(job.body.with) ? job.body.with : {}
      const workflow = uses.slice(`${SUITE}/`.length).split('@')[0] ?? ''
      if (BUILDING.includes(workflow)) {
        expect([file, w['role-to-assume']]).toEqual([file, undefined])
        expect([file, String(w['build-role-to-assume'])]).toEqual([
          file,
          expect.stringMatching(/-build$/)
        ])
        expect([file, String(w['deploy-role-to-assume'])]).toEqual([
          file,
          expect.stringMatching(/-deploy$/)
        ])
      } else {
        expect([file, String(w['role-to-assume'])]).toEqual([
          file,
          expect.stringMatching(/-deploy$/)
        ])
      }
    }
  }
})

describe('the job_workflow_ref customisation', () => {
  const body = JSON.parse(readText('docs/iam/oidc-sub-customization.json')) as unknown

  test('is the body GitHub documents: repo, context, job_workflow_ref, in that order', () => {
    expect(body).toEqual({
      use_default: false,
      include_claim_keys: ['repo', 'context', 'job_workflow_ref']
    })
  })

  test('docs/iam/README.md sets it with the one API call, and says how to read it back', () => {
    const readme = readText('docs/iam/README.md')
    expect(readme).toContain(
      'gh api -X PUT repos/OWNER/megilance/actions/oidc/customization/sub --input docs/iam/oidc-sub-customization.json'
    )
    expect(readme).toContain('PUT /repos/{owner}/{repo}/actions/oidc/customization/sub')
    expect(readme).toContain('gh api repos/OWNER/megilance/actions/oidc/customization/sub')
  })
})
