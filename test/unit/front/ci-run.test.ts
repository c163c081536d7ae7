import { describe, expect, it } from '@jest/globals'
import { ciRun, isSha, runUrl } from '../../../src/front/ci-run.js'

const SHA = '3f786850e387550fdab836ed7e6dc881de23001b'

describe('ciRun: the commit and log URL of the CI job, from its environment', () => {
  it.each([
    ['outside CI', {}, { sha: '', runUrl: '', ci: '' }],
    [
      'GitHub Actions',
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_SHA: SHA,
        GITHUB_REPOSITORY: 'megilance/megilance',
        GITHUB_RUN_ID: '42',
        GITHUB_RUN_ATTEMPT: '2'
      },
      {
        sha: SHA,
        runUrl: 'https://github.com/megilance/megilance/actions/runs/42/attempts/2',
        ci: 'GitHub Actions'
      }
    ],
    [
      'GitLab CI',
      { GITLAB_CI: 'true', CI_COMMIT_SHA: SHA, CI_JOB_URL: 'https://gitlab.com/m/m/-/jobs/7' },
      { sha: SHA, runUrl: 'https://gitlab.com/m/m/-/jobs/7', ci: 'GitLab CI' }
    ],
    [
      'Buildkite',
      {
        BUILDKITE: 'true',
        BUILDKITE_COMMIT: SHA,
        BUILDKITE_BUILD_URL: 'https://buildkite.com/m/b/1'
      },
      { sha: SHA, runUrl: 'https://buildkite.com/m/b/1', ci: 'Buildkite' }
    ],
    [
      'Buildkite before checkout (HEAD is no commit)',
      { BUILDKITE: 'true', BUILDKITE_COMMIT: 'HEAD' },
      { sha: '', runUrl: '', ci: '' }
    ],
    [
      'CircleCI',
      { CIRCLECI: 'true', CIRCLE_SHA1: SHA, CIRCLE_BUILD_URL: 'https://circleci.com/gh/m/m/9' },
      { sha: SHA, runUrl: 'https://circleci.com/gh/m/m/9', ci: 'CircleCI' }
    ],
    ['a variable without its CI marker', { CI_COMMIT_SHA: SHA }, { sha: '', runUrl: '', ci: '' }]
  ])('%s', (_name, env, expected) => {
    expect(ciRun(env)).toEqual(expected)
  })

  it('runUrl is empty without a repository or a run id', () => {
    expect(runUrl({ GITHUB_REPOSITORY: 'm/m' })).toBe('')
    expect(runUrl({ GITHUB_REPOSITORY: 'm/m', GITHUB_RUN_ID: '1' })).toBe(
      'https://github.com/m/m/actions/runs/1'
    )
  })

  it.each([
    [SHA, true],
    ['3f78685', false],
    ['HEAD', false],
    [undefined, false]
  ])('isSha(%s) is %s', (text, expected) => {
    expect(isSha(text)).toBe(expected)
  })
})
