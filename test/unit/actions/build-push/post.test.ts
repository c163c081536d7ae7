import { afterEach, describe, expect, it } from '@jest/globals'
import { runPost } from '../../../../src/actions/build-push/post.js'
import { fakeDocker } from '../../../support/fakes/fake-docker.js'
import { fakeBuildRuntime } from '../../../support/fakes/fake-runtime.js'
import { type RunnerEnv, startRunnerEnv } from '../../../support/runner-env.js'

let runner: RunnerEnv | undefined
afterEach(() => {
  runner?.close()
  runner = undefined
  process.exitCode = undefined
})

describe('post step', () => {
  it('logs out of the registry the main step saved', async () => {
    runner = startRunnerEnv({}, { STATE_registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com' })
    const docker = fakeDocker()
    await runPost(fakeBuildRuntime(docker.exec, runner.dir))
    expect(docker.commands()).toEqual(['logout 123456789012.dkr.ecr.us-east-1.amazonaws.com'])
    expect(runner.log()).toContain('Logged out of 123456789012.dkr.ecr.us-east-1.amazonaws.com.')
  })

  it('does nothing when the main step never logged in', async () => {
    runner = startRunnerEnv({})
    const docker = fakeDocker()
    await runPost(fakeBuildRuntime(docker.exec, runner.dir))
    expect(docker.calls).toEqual([])
  })

  it('only warns when logout fails', async () => {
    runner = startRunnerEnv({}, { STATE_registry: 'r.example' })
    await runPost(
      fakeBuildRuntime(async () => ({ exitCode: 1, stdout: '', stderr: 'boom' }), runner.dir)
    )
    expect(runner.log()).toContain('::warning::docker logout r.example failed')
    expect(process.exitCode).toBeUndefined()
  })
})
