// docs/iam's trust policies: GitHub's OIDC provider only, the audience the actions ask for, and
// `sub` values of the forms GitHub documents ("OpenID Connect reference"):
// - names: `repo:OWNER/REPO:environment:NAME` or `repo:OWNER/REPO:ref:refs/heads/BRANCH`;
// - immutable IDs (GitHub changelog 2026-04-23, "Immutable subject claims for GitHub Actions OIDC
//   tokens"; the docs' example `repo:octocat@123456/my-repo@456789:ref:refs/heads/main`);
// - customised with `include_claim_keys: [repo, context, job_workflow_ref]`:
//   `repo:ORG/REPO:environment:NAME:job_workflow_ref:ORG/REPO/.github/workflows/X.yml@REF`.
// Each file must admit the jobs of the starter workflows and nothing looser.
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

/** The subjects the starter workflows' jobs present, for the files that name the workflow. */
function starterSubjects(prefix: string, withWorkflowRef: boolean): string[] {
  const subjects = new Set<string>()
  for (const file of templateFiles().filter(f => /(megilance|rollback)\.yml$/.test(f))) {
    const template = readYaml(file)
    const on = mapping(template.on, 'on')
    const push = isMapping(on.push) ? on.push : {}
    // A starter workflow names the default branch $default-branch; MegiLance's is main.
    const branches = list((push.branches as string[] | undefined) ?? []).map(b =>
      b === '$default-branch' ? 'main' : b
    )
    for (const job of jobsOf(template)) {
      const uses = typeof job.body.uses === 'string' ? job.body.uses : ''
      const [path = '', ref = ''] = uses.split('@')
      const workflow = path.slice(`${SUITE}/`.length)
      if (!path.startsWith(`${SUITE}/`)) continue
      const jwr = withWorkflowRef ? `:job_workflow_ref:${path}@refs/tags/${ref}` : ''
      const w = isMapping(job.body.with) ? job.body.with : {}
      if (typeof w.environment === 'string')
        subjects.add(`${prefix}:environment:${w.environment}${jwr}`)
      // deploy.yml's build job runs outside the environment, on the pushed branch.
      if (workflow === '.github/workflows/deploy.yml')
        for (const branch of branches) subjects.add(`${prefix}:ref:refs/heads/${branch}${jwr}`)
    }
  }
  return [...subjects].sort()
}

describe.each([
  ['docs/iam/trust-policy.json', 'names', 'repo:OWNER/megilance', false],
  [
    'docs/iam/trust-policy-immutable-ids.json',
    'immutable-ids',
    'repo:OWNER@1234567/megilance@890123456',
    false
  ],
  ['docs/iam/trust-policy-reusable-workflows.json', 'names', 'repo:OWNER/megilance', true]
] as const)('%s', (file, format, prefix, withWorkflowRef) => {
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

  test('admits exactly the jobs of the MegiLance and rollback starter workflows', () => {
    expect([...subjects].sort()).toEqual(starterSubjects(prefix, withWorkflowRef))
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
