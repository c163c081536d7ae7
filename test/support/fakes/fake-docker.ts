import { writeFileSync } from 'node:fs'
import type { DockerExec, ExecRequest, ExecResult } from '../../../src/build-push/docker.js'

export const DIGEST = `sha256:${'ab'.repeat(32)}`

export interface FakeDockerOptions {
  readonly buildx?: boolean
  readonly driver?: string
  /** Results for successive `docker login` calls; then success. */
  readonly logins?: readonly ExecResult[]
  readonly buildExitCode?: number
}

export interface FakeDocker {
  readonly exec: DockerExec
  readonly calls: ExecRequest[]
  /** The argv of every call, joined with spaces, for quick assertions. */
  commands(): string[]
}

const ok = (stdout = ''): ExecResult => ({ exitCode: 0, stdout, stderr: '' })

/** A docker CLI stand-in that records every call and answers like the real one. */
export function fakeDocker(options: FakeDockerOptions = {}): FakeDocker {
  const calls: ExecRequest[] = []
  const logins = [...(options.logins ?? [])]
  const exec: DockerExec = async request => {
    calls.push(request)
    const [a, b] = request.args
    if (a === 'buildx' && b === 'version') {
      return options.buildx
        ? ok('github.com/docker/buildx v0.17.1 257815a')
        : { exitCode: 1, stdout: '', stderr: "docker: 'buildx' is not a docker command." }
    }
    if (a === 'buildx' && b === 'inspect') {
      return ok(`Name:   builder\nDriver: ${options.driver ?? 'docker-container'}\n`)
    }
    if (a === 'login') return logins.shift() ?? ok('Login Succeeded')
    if (a === 'logout') return ok('Removing login credentials')
    if (a === 'build' || (a === 'buildx' && b === 'build')) {
      if ((options.buildExitCode ?? 0) !== 0) {
        return {
          exitCode: options.buildExitCode ?? 1,
          stdout: '',
          stderr: '#5 ERROR: process "/bin/sh -c make" did not complete successfully'
        }
      }
      const at = request.args.indexOf('--metadata-file')
      if (a === 'buildx' && at >= 0) {
        writeFileSync(
          request.args[at + 1] as string,
          JSON.stringify({ 'containerimage.digest': DIGEST, 'image.name': 'x' })
        )
      }
      return ok('#8 DONE 0.1s')
    }
    if (a === 'push') {
      const ref = request.args[1] as string
      const tag = ref.slice(ref.lastIndexOf(':') + 1)
      return ok(`The push refers to repository\n${tag}: digest: ${DIGEST} size: 528\n`)
    }
    return { exitCode: 1, stdout: '', stderr: `fake docker: unexpected ${request.args.join(' ')}` }
  }
  return { exec, calls, commands: () => calls.map(c => c.args.join(' ')) }
}
