import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { asString, type Value } from '../expressions.js'
import type { RunnerOptions } from '../types.js'

/*
 * A fresh runner for one job: its own folders (workspace, RUNNER_TEMP, HOME, DOCKER_CONFIG) and
 * the variables the runner sets for every step (RUNNER_*, GITHUB_*, the OIDC request pair).
 */

/** One job's folders on the runner. */
export interface RunnerDirs {
  readonly dir: string
  readonly workspace: string
  readonly temp: string
  readonly home: string
  readonly docker: string
  readonly toolCache: string
  readonly eventPath: string
}

export function freshRunnerDirs(): RunnerDirs {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-job-'))
  const dirs = {
    dir,
    workspace: join(dir, 'workspace'),
    temp: join(dir, 'temp'),
    home: join(dir, 'home'),
    docker: join(dir, 'docker'),
    toolCache: join(dir, 'toolcache'),
    eventPath: join(dir, 'event.json')
  }
  for (const d of [dirs.workspace, dirs.temp, dirs.home, dirs.docker]) mkdirSync(d)
  return dirs
}

/** The github context fields the runner also sets as GITHUB_<FIELD> variables. */
const CONTEXT_VARIABLES = [
  'repository',
  'repository_owner',
  'sha',
  'ref',
  'ref_name',
  'ref_type',
  'event_name',
  'run_id',
  'run_number',
  'run_attempt',
  'actor',
  'workflow',
  'workflow_ref',
  'workflow_sha'
] as const

const contextVariables = (github: Record<string, Value>): Record<string, string> =>
  Object.fromEntries(
    CONTEXT_VARIABLES.map(key => [`GITHUB_${key.toUpperCase()}`, asString(github[key] ?? '')])
  )

/** The variables every step of the job starts from (the machine's `env` first). */
export function runnerEnv(
  options: RunnerOptions,
  dirs: RunnerDirs,
  github: Record<string, Value>,
  oidc: Record<string, string>
): Record<string, string> {
  return {
    ...(options.env ?? {}),
    HOME: dirs.home,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'local-workflow-runner',
    RUNNER_ENVIRONMENT: 'self-hosted',
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    DOCKER_CONFIG: dirs.docker,
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_JOB: asString(github.job ?? ''),
    ...contextVariables(github),
    GITHUB_EVENT_PATH: dirs.eventPath,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: asString(github.api_url ?? 'https://api.github.com'),
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    ...oidc
  }
}

/** The `runner` context. */
export function runnerContext(dirs: RunnerDirs): Record<string, Value> {
  return {
    os: 'Linux',
    arch: 'X64',
    name: 'local-workflow-runner',
    temp: dirs.temp,
    tool_cache: dirs.toolCache
  }
}
