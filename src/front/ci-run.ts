/*
 * The commit a run deploys and the URL of its log, as CI systems name them in the environment:
 * tagged on the revisions a deploy registers (ecs-deploy-actions:commit, :run). Pure.
 */

/** The URL of a GitHub Actions run's log (GITHUB_SERVER_URL / REPOSITORY / RUN_ID / RUN_ATTEMPT), or ''. */
export function runUrl(env: NodeJS.ProcessEnv): string {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com'
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return ''
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}`
}

export interface CiRun {
  readonly sha: string
  readonly runUrl: string
  /** The CI system that named them, or '' outside one. */
  readonly ci: string
}

/**
 * The commit and log URL of the CI job this process runs in: GitHub Actions (GITHUB_SHA), GitLab
 * CI (CI_COMMIT_SHA, CI_JOB_URL), Buildkite (BUILDKITE_COMMIT, BUILDKITE_BUILD_URL), CircleCI
 * (CIRCLE_SHA1, CIRCLE_BUILD_URL); none of them: no commit, no URL.
 */
export function ciRun(env: NodeJS.ProcessEnv): CiRun {
  const found = CI_SYSTEMS.find(c => env[c.marker] === 'true' && isSha(env[c.sha]))
  if (found === undefined) return { sha: '', runUrl: '', ci: '' }
  return { sha: env[found.sha] ?? '', runUrl: found.runUrl(env), ci: found.ci }
}

interface CiSystem {
  readonly ci: string
  /** The variable set to 'true' in its jobs. */
  readonly marker: string
  readonly sha: string
  readonly runUrl: (env: NodeJS.ProcessEnv) => string
}

const CI_SYSTEMS: readonly CiSystem[] = [
  { ci: 'GitHub Actions', marker: 'GITHUB_ACTIONS', sha: 'GITHUB_SHA', runUrl },
  { ci: 'GitLab CI', marker: 'GITLAB_CI', sha: 'CI_COMMIT_SHA', runUrl: e => e.CI_JOB_URL ?? '' },
  {
    ci: 'Buildkite',
    marker: 'BUILDKITE',
    sha: 'BUILDKITE_COMMIT',
    runUrl: e => e.BUILDKITE_BUILD_URL ?? ''
  },
  { ci: 'CircleCI', marker: 'CIRCLECI', sha: 'CIRCLE_SHA1', runUrl: e => e.CIRCLE_BUILD_URL ?? '' }
]

/** A commit SHA-1 (Buildkite's BUILDKITE_COMMIT may be HEAD before checkout). */
export function isSha(text: string | undefined): boolean {
  return text !== undefined && /^[0-9a-f]{40}$/.test(text)
}
