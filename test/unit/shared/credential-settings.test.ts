import { describe, expect, it } from '@jest/globals'
import { readCredentialSettings, runSessionName } from '../../../src/shared/credential-settings.js'
import { InputError } from '../../../src/shared/parse.js'

/** STS's RoleSessionName: 2 to 64 characters of [\w+=,.@-] (roleSessionNameType). */
const STS_SESSION_NAME = /^[\w+=,.@-]{2,64}$/

const RUN = { GITHUB_REPOSITORY: 'megilance/megilance', GITHUB_RUN_ID: '9000000001' }

describe('the role session name', () => {
  const read = (sessionName: string, env: NodeJS.ProcessEnv) =>
    readCredentialSettings(
      name => ({ 'aws-region': 'us-east-1', 'role-session-name': sessionName })[name] ?? '',
      env
    ).roleSessionName

  it('given: used as it is', () => {
    expect(read('deploy-bot', RUN)).toBe('deploy-bot')
  })

  it('not given: the repository, the run and its attempt', () => {
    expect(read('', { ...RUN, GITHUB_RUN_ATTEMPT: '2' })).toBe(
      'megilance.megilance@run-9000000001-2'
    )
    expect(read('', RUN)).toBe('megilance.megilance@run-9000000001-1')
  })

  it('outside a workflow run: GitHubActions', () => {
    expect(read('', {})).toBe('GitHubActions')
    expect(read('', { GITHUB_REPOSITORY: 'o/r' })).toBe('GitHubActions')
  })

  it('a long repository name is cut to fit 64 characters; the run is kept whole', () => {
    const name = runSessionName({
      GITHUB_REPOSITORY: `an-organisation-with-a-long-name/${'r'.repeat(100)}`,
      GITHUB_RUN_ID: '12345678901',
      GITHUB_RUN_ATTEMPT: '12'
    })
    expect(name).toHaveLength(64)
    expect(name.endsWith('@run-12345678901-12')).toBe(true)
    expect(name.startsWith('an-organisation-with-a-long-name.rrr')).toBe(true)
    expect(name).toMatch(STS_SESSION_NAME)
  })

  it.each([
    ['o/r', '1', '1'],
    ['Org_1/repo.name-x', '9000000001', '3'],
    ['o/r', '1', '']
  ])('%s run %s attempt %s: within STS pattern and bounds', (repo, run, attempt) => {
    expect(
      runSessionName({ GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run, GITHUB_RUN_ATTEMPT: attempt })
    ).toMatch(STS_SESSION_NAME)
  })

  it('a given name STS would refuse is refused before any call', () => {
    expect(() => read('Git Hub', RUN)).toThrow(InputError)
  })
})
