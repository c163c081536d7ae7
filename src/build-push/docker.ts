import { retry, type RetryOptions } from '../aws/retry.js'
import {
  buildxInspectArgs,
  buildxVersionArgs,
  type CommandLine,
  loginArgs,
  logoutArgs,
  parseBuildxDriver,
  parsePushDigest,
  pickRepoDigest,
  pushArgs,
  repoDigestsArgs
} from './docker-commands.js'

/*
 * The docker CLI as the engine sees it: an injected exec (the action's implementation is
 * src/actions/build-push/exec.ts), and the few functions that run the commands of
 * docker-commands.ts through it. A password only ever travels on stdin.
 */

export interface ExecRequest {
  readonly args: readonly string[]
  /** Extra environment variables for this command (merged over the process environment). */
  readonly env?: Readonly<Record<string, string>>
  /** Written to the command's stdin. */
  readonly input?: string
  /** Do not echo the command or its output to the log. */
  readonly silent?: boolean
}

export interface ExecResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `docker <args>`; never throws for a non-zero exit code. */
export type DockerExec = (request: ExecRequest) => Promise<ExecResult>

export interface Builder {
  /** `docker buildx version` answered. */
  readonly buildx: boolean
  /** The buildx builder's driver (docker, docker-container, ...), '' when unknown. */
  readonly driver: string
}

/** What the machine builds with: `docker buildx version`, then the builder's driver. */
export async function detectBuilder(exec: DockerExec): Promise<Builder> {
  const version = await exec({ args: buildxVersionArgs(), silent: true })
  if (version.exitCode !== 0) return { buildx: false, driver: '' }
  const inspect = await exec({ args: buildxInspectArgs(), silent: true })
  return {
    buildx: true,
    driver: inspect.exitCode === 0 ? parseBuildxDriver(inspect.stdout) : ''
  }
}

export interface LoginRequest {
  readonly registry: string
  readonly username: string
  readonly password: string
}

export type LoginRetry = Omit<RetryOptions, 'isRetryable' | 'what'> & {
  readonly log: (message: string) => void
}

/** Answers that will not change on a retry: wrong credentials, no permission. */
const PERMANENT_LOGIN_FAILURE =
  /unauthorized|authentication required|incorrect username or password|denied|\b40[13]\b/i

class LoginFailure extends Error {
  override readonly name = 'DockerLoginFailure'
}

/** `docker login --password-stdin`, retried (aws/retry.ts) on transient failures. */
export async function login(
  exec: DockerExec,
  request: LoginRequest,
  options: LoginRetry
): Promise<void> {
  let attempts = 0
  try {
    await retry(
      async attempt => {
        attempts = attempt
        const result = await exec({
          args: loginArgs(request.registry, request.username),
          input: request.password,
          silent: true
        })
        if (result.exitCode !== 0) {
          throw new LoginFailure(
            lastLines(result.stderr || result.stdout, 3) || `exit code ${result.exitCode}`
          )
        }
      },
      {
        baseDelayMs: 2000,
        ...options,
        what: 'docker login',
        isRetryable: e => e instanceof LoginFailure && !PERMANENT_LOGIN_FAILURE.test(e.message)
      }
    )
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(
      `docker login to ${request.registry} failed after ${attempts} attempt(s): ${reason}`,
      { cause: error }
    )
  }
  options.log(`Logged in to ${request.registry}.`)
}

export async function logout(exec: DockerExec, registry: string): Promise<boolean> {
  const result = await exec({ args: logoutArgs(registry), silent: true })
  return result.exitCode === 0
}

/** Runs a command and throws with the tail of its output when it fails. */
export async function runOrThrow(
  exec: DockerExec,
  command: CommandLine,
  what: string
): Promise<ExecResult> {
  const result = await exec({ args: command.args, ...(command.env ? { env: command.env } : {}) })
  if (result.exitCode !== 0) {
    const tail = lastLines(result.stderr || result.stdout, 5)
    throw new Error(`${what} failed (exit code ${result.exitCode}): ${hint(tail)}`)
  }
  return result
}

/** Pushes one reference and returns the manifest digest the registry reported. */
export async function push(exec: DockerExec, reference: string): Promise<string | undefined> {
  const result = await runOrThrow(exec, { args: pushArgs(reference) }, `docker push ${reference}`)
  return parsePushDigest(result.stdout)
}

/** The digest of a pushed image read back from the engine (RepoDigests). */
export async function readRepoDigest(
  exec: DockerExec,
  reference: string,
  repositoryUri: string
): Promise<string | undefined> {
  const result = await exec({ args: repoDigestsArgs(reference), silent: true })
  return result.exitCode === 0 ? pickRepoDigest(result.stdout, repositoryUri) : undefined
}

function lastLines(text: string, count: number): string {
  return text.trim().split(/\r?\n/).slice(-count).join(' | ')
}

function hint(tail: string): string {
  if (/buildx component is missing/i.test(tail)) {
    return (
      `${tail}. This Docker CLI needs the buildx plugin for BuildKit builds: install it ` +
      '(docker/setup-buildx-action, or the docker-buildx package).'
    )
  }
  return tail
}
