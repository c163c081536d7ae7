import { describe, expect, it } from '@jest/globals'
import { detectBuilder, login } from '../../../src/build-push/docker.js'
import { fakeDocker } from '../../support/fakes/fake-docker.js'

/* The docker commands run through an injected exec: the builder's detection, the login. */

describe('detectBuilder', () => {
  it('uses `docker buildx version`, then the builder driver', async () => {
    const withBuildx = fakeDocker({ buildx: true, driver: 'docker' })
    await expect(detectBuilder(withBuildx.exec)).resolves.toEqual({
      buildx: true,
      driver: 'docker'
    })
    expect(withBuildx.commands()).toEqual(['buildx version', 'buildx inspect'])

    const without = fakeDocker({ buildx: false })
    await expect(detectBuilder(without.exec)).resolves.toEqual({ buildx: false, driver: '' })
    expect(without.commands()).toEqual(['buildx version'])
  })
})

describe('login', () => {
  const request = { registry: '127.0.0.1:5000', username: 'AWS', password: 'p4ss-w0rd' }
  const failed = (stderr: string) => ({ exitCode: 1, stdout: '', stderr })

  it('retries transient failures with growing delays and sends the password on stdin', async () => {
    const docker = fakeDocker({
      logins: [
        failed('Error response from daemon: Get "https://x/v2/": net/http: TLS handshake timeout'),
        failed('Error response from daemon: received unexpected HTTP status: 502 Bad Gateway')
      ]
    })
    const sleeps: number[] = []
    const logs: string[] = []
    await login(docker.exec, request, {
      attempts: 4,
      sleep: async ms => {
        sleeps.push(ms)
      },
      log: m => logs.push(m),
      // Full jitter: the delay is random() × a ceiling that doubles; 1 gives the ceiling.
      random: () => 1
    })
    expect(sleeps).toEqual([2000, 4000])
    expect(docker.calls).toHaveLength(3)
    for (const call of docker.calls) {
      expect(call.input).toBe('p4ss-w0rd')
      expect(call.args).not.toContain('p4ss-w0rd')
      expect(call.silent).toBe(true)
    }
    expect(logs.join('\n')).not.toContain('p4ss-w0rd')
  })

  it('does not retry a wrong password', async () => {
    const docker = fakeDocker({
      logins: [
        failed('Error response from daemon: login attempt failed with status: 401 Unauthorized')
      ]
    })
    const sleeps: number[] = []
    await expect(
      login(docker.exec, request, {
        attempts: 4,
        sleep: async ms => void sleeps.push(ms),
        log: () => undefined
      })
    ).rejects.toThrow(
      /docker login to 127.0.0.1:5000 failed after 1 attempt\(s\): .*401 Unauthorized/
    )
    expect(sleeps).toEqual([])
  })

  it('gives up after the last attempt', async () => {
    const timeout = { exitCode: 1, stdout: '', stderr: 'dial tcp: i/o timeout' }
    const docker = fakeDocker({ logins: [timeout, timeout, timeout] })
    await expect(
      login(docker.exec, request, {
        attempts: 3,
        sleep: async () => undefined,
        log: () => undefined,
        baseDelayMs: 1
      })
    ).rejects.toThrow(/failed after 3 attempt\(s\): dial tcp: i\/o timeout/)
  })
})
