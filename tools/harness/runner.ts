import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import type { OidcIssuer } from './oidc.js'
import { inputEnv, parseFileCommands, withDefaults } from './step-contract.js'
import { freshStepFiles, runStepProcess, type StepExit, type StepFiles } from './step-process.js'
import type { WorkflowCommand } from './workflow-commands.js'

export {
  actionInputs,
  annotations,
  inputEnv,
  parseFileCommands,
  unescapeData
} from './step-contract.js'

/*
 * GitHub's runner, as far as a JavaScript action can tell: `node dist/<action>/index.js` (and
 * `post.js`) in the workspace, with
 *   - INPUT_<NAME> for every input (the runner's naming: upper case, spaces to _, dashes kept),
 *     defaults from action.yml filled in as the runner does;
 *   - GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY, GITHUB_ENV, GITHUB_PATH (fresh per step),
 *     RUNNER_TEMP (per job), GITHUB_SHA, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_SERVER_URL, ...;
 *   - ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN when the job may ask for an OIDC token;
 *   - for a post step, STATE_<name> from the GITHUB_STATE file its main step wrote;
 *   - GITHUB_ENV of earlier steps applied to later ones.
 * It reads back the outputs, state, summary, exit code and the interleaved stdout + stderr, and
 * reads stdout and stderr as the runner does (workflow-commands.ts): lines end at "\n", "\r\n" or
 * a bare "\r"; `::save-state` and `::set-output` there set state and outputs (the files win);
 * `::stop-commands::TOKEN` … `::TOKEN::` suspends command processing.
 * One Job holds the runner state every step of a job shares (workspace, RUNNER_TEMP, GITHUB_ENV,
 * masks, OIDC); a step's process is step-process.ts, the contract's text formats step-contract.ts.
 */

export type ActionName = 'build-push' | 'ecs-deploy'
export type Phase = 'main' | 'post'

export interface StepResult {
  readonly name: string
  readonly action: ActionName
  readonly phase: Phase
  readonly inputs: Readonly<Record<string, string>>
  readonly exitCode: number | null
  readonly signal: NodeJS.Signals | null
  /** GITHUB_OUTPUT, over what `::set-output` commands on stdout set. */
  readonly outputs: Readonly<Record<string, string>>
  /** GITHUB_STATE, over what `::save-state` commands on stdout set. */
  readonly state: Readonly<Record<string, string>>
  /** Every workflow command the runner read in the step's stdout and stderr, in order. */
  readonly commands: readonly WorkflowCommand[]
  readonly summary: string
  readonly env: Readonly<Record<string, string>>
  /** stdout and stderr, interleaved as they arrived. */
  readonly log: string
  readonly stdout: string
  readonly stderr: string
  /** Values the step asked the runner to mask (::add-mask::). */
  readonly masks: readonly string[]
  /** Epoch ms (sub-ms precision) just before the process was spawned. */
  readonly spawnedAt: number
  readonly durationMs: number
}

export interface JobOptions {
  /** The checkout: the step's working directory and GITHUB_WORKSPACE. */
  readonly workspace: string
  /** AWS_ENDPOINT_URL_ECS / _ECR / _STS (the stand-in). */
  readonly endpointEnv: Readonly<Record<string, string>>
  /** `permissions: id-token: write`: the job can ask this issuer for OIDC tokens. */
  readonly oidc?: OidcIssuer | undefined
  /** Long-term keys for the SDK's default chain (steps without role-to-assume). */
  readonly staticKeys?: Readonly<Record<string, string>> | undefined
  /** Folders put first on PATH (a docker CLI that can build with BuildKit). */
  readonly pathPrefix?: readonly string[]
  readonly sha?: string
  readonly repository?: string
  readonly runId?: string
  /** The repository holding the action folders and dist (default: the current directory). */
  readonly actionsRoot?: string
  /** Stop a step that runs longer than this (ms); it then counts as failed. */
  readonly stepTimeoutMs?: number
  /** The job's own `env:`. */
  readonly env?: Readonly<Record<string, string>>
}

export interface RunOptions {
  /** A step name for reports (default: the action and phase). */
  readonly name?: string
  /** The step's own `env:`. */
  readonly env?: Readonly<Record<string, string>>
  /** Runs beside the step once it is spawned (to signal it, say). */
  readonly whileRunning?: (child: ChildProcess) => Promise<void>
}

export const DEFAULT_SHA = '3f786850e387550fdab836ed7e6dc881de23001b'

export class Job {
  readonly dir: string
  readonly runnerTemp: string
  readonly results: StepResult[] = []
  /** The job's GITHUB_TOKEN (a dummy; the runner masks it). */
  readonly githubToken = `ghs_${randomBytes(18).toString('base64url')}`
  readonly sha: string
  readonly repository: string
  readonly runId: string
  private readonly jobEnv: Record<string, string> = {}
  private readonly root: string
  private steps = 0

  constructor(private readonly options: JobOptions) {
    this.dir = mkdtempSync(join(tmpdir(), 'e2e-job-'))
    this.runnerTemp = join(this.dir, 'runner-temp')
    mkdirSync(this.runnerTemp)
    mkdirSync(join(this.dir, 'home'))
    mkdirSync(join(this.dir, 'docker-config'))
    this.sha = options.sha ?? DEFAULT_SHA
    this.repository = options.repository ?? 'megilance/megilance'
    this.runId = options.runId ?? String(9_000_000_000 + Math.floor(Math.random() * 1e8))
    this.root = resolve(options.actionsRoot ?? process.cwd())
    const [owner = ''] = this.repository.split('/')
    writeFileSync(
      join(this.dir, 'event.json'),
      JSON.stringify({
        ref: 'refs/heads/main',
        after: this.sha,
        repository: { full_name: this.repository, name: this.repository.split('/')[1] },
        pusher: { name: 'megilance-dev' },
        sender: { login: 'megilance-dev' },
        head_commit: { id: this.sha, message: 'Deploy MegiLance' },
        organization: { login: owner }
      })
    )
  }

  /** Runs an action's main entry as a step. */
  run(
    action: ActionName,
    inputs: Readonly<Record<string, string>>,
    options: RunOptions = {}
  ): Promise<StepResult> {
    return this.step(action, 'main', inputs, {}, options)
  }

  /** Runs the post entry of a main step that ran, with its inputs and saved state. */
  post(main: StepResult, options: RunOptions = {}): Promise<StepResult> {
    return this.runPost(main.action, main.inputs, main.state, {
      name: `${main.name} (post)`,
      ...options
    })
  }

  /** Runs an action's post entry with these inputs and this saved state (STATE_<name>). */
  runPost(
    action: ActionName,
    inputs: Readonly<Record<string, string>>,
    state: Readonly<Record<string, string>>,
    options: RunOptions = {}
  ): Promise<StepResult> {
    return this.step(action, 'post', inputs, state, options)
  }

  /** Every value the runner would mask in this job's logs. */
  masks(): string[] {
    return [this.githubToken, ...this.results.flatMap(r => r.masks)]
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  private async step(
    action: ActionName,
    phase: Phase,
    inputs: Readonly<Record<string, string>>,
    state: Readonly<Record<string, string>>,
    options: RunOptions
  ): Promise<StepResult> {
    const files = freshStepFiles(join(this.dir, 'steps', String(++this.steps)))
    const entry = join(this.root, 'dist', action, phase === 'main' ? 'index.js' : 'post.js')
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run package first.`)
    const env = {
      ...this.baseEnv(action),
      ...(this.options.env ?? {}),
      ...this.jobEnv,
      ...files,
      ...(options.env ?? {}),
      ...inputEnv(withDefaults(this.actionYml(action), action, inputs, this.githubToken)),
      ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]))
    }
    const usesRole = (inputs['role-to-assume'] ?? '') !== ''
    if (!usesRole && this.options.staticKeys) Object.assign(env, this.options.staticKeys)
    const exit = await runStepProcess({
      entry,
      cwd: this.options.workspace,
      env,
      timeoutMs: this.options.stepTimeoutMs ?? 120_000,
      whileRunning: options.whileRunning
    })
    const name = options.name ?? `${action}${phase === 'post' ? ' (post)' : ''}`
    const result = stepResult({ name, action, phase, inputs }, exit, files)
    Object.assign(this.jobEnv, result.env)
    this.results.push(result)
    return result
  }

  private actionYml(action: ActionName): string {
    return join(this.root, `action-${action}`, 'action.yml')
  }

  private baseEnv(action: ActionName): Record<string, string> {
    const o = this.options
    const [owner = ''] = this.repository.split('/')
    const path = [...(o.pathPrefix ?? []), process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin']
    return {
      PATH: path.join(delimiter),
      HOME: join(this.dir, 'home'),
      LANG: 'C.UTF-8',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_NAME: 'e2e-local-runner',
      RUNNER_ENVIRONMENT: 'self-hosted',
      RUNNER_TEMP: this.runnerTemp,
      RUNNER_TOOL_CACHE: join(this.dir, 'toolcache'),
      GITHUB_WORKSPACE: o.workspace,
      GITHUB_ACTION: `__${action.replace(/-/g, '_')}`,
      GITHUB_ACTION_PATH: join(this.root, `action-${action}`),
      GITHUB_ACTION_REPOSITORY: '',
      GITHUB_ACTOR: 'megilance-dev',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: join(this.dir, 'event.json'),
      GITHUB_JOB: 'deploy',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_REF_TYPE: 'branch',
      GITHUB_REPOSITORY: this.repository,
      GITHUB_REPOSITORY_OWNER: owner,
      GITHUB_RUN_ID: this.runId,
      GITHUB_RUN_NUMBER: '42',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
      GITHUB_SHA: this.sha,
      GITHUB_WORKFLOW: 'Deploy',
      DOCKER_CONFIG: join(this.dir, 'docker-config'),
      // The SDK's default chain must find nothing but what a step is given.
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(this.dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(this.dir, 'no-aws-credentials'),
      ...o.endpointEnv,
      ...(o.oidc
        ? {
            ACTIONS_ID_TOKEN_REQUEST_URL: o.oidc.requestUrl,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: o.oidc.requestToken
          }
        : {})
    }
  }
}

/** What the runner reads back of a step that ended: the files win over stdout's commands. */
function stepResult(
  step: Pick<StepResult, 'name' | 'action' | 'phase' | 'inputs'>,
  exit: StepExit,
  files: StepFiles
): StepResult {
  const { reader } = exit
  return {
    ...step,
    exitCode: exit.code,
    signal: exit.signal,
    outputs: {
      ...reader.outputs,
      ...parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
    },
    state: { ...reader.state, ...parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')) },
    commands: reader.commands,
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    env: parseFileCommands(readFileSync(files.GITHUB_ENV, 'utf8')),
    log: exit.log,
    stdout: exit.stdout,
    stderr: exit.stderr,
    // core.setSecret escapes "%" as "%25" too: the value the step meant.
    masks: reader.masks.map(m => m.replace(/%25/g, '%')),
    spawnedAt: exit.spawnedAt,
    durationMs: performance.timeOrigin + performance.now() - exit.spawnedAt
  }
}
