import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseFileCommands, unescapeData } from '../../harness/step-contract.js'

/*
 * One step's process under the runner's contract: fresh GITHUB_OUTPUT, GITHUB_STATE,
 * GITHUB_STEP_SUMMARY, GITHUB_ENV and GITHUB_PATH files, stdout and stderr interleaved into one
 * log, ::add-mask:: values collected, and a kill when the step's time is up.
 */

export interface ProcessSpec {
  readonly command: string
  readonly args: readonly string[]
  readonly cwd: string
  readonly env: Readonly<Record<string, string>>
  /** The folder for this step's files. */
  readonly dir: string
  readonly timeoutMs: number
}

export interface ProcessResult {
  readonly exitCode: number | null
  readonly signal: NodeJS.Signals | null
  readonly timedOut: boolean
  readonly log: string
  readonly outputs: Record<string, string>
  readonly state: Record<string, string>
  readonly summary: string
  readonly env: Record<string, string>
  readonly path: string[]
  readonly masks: string[]
  readonly durationMs: number
}

export async function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  mkdirSync(spec.dir, { recursive: true })
  const files = {
    GITHUB_OUTPUT: join(spec.dir, 'output'),
    GITHUB_STATE: join(spec.dir, 'state'),
    GITHUB_STEP_SUMMARY: join(spec.dir, 'summary'),
    GITHUB_ENV: join(spec.dir, 'env'),
    GITHUB_PATH: join(spec.dir, 'path')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const started = performance.now()
  const child = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: { ...spec.env, ...files },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const chunks: string[] = []
  child.stdout.setEncoding('utf8').on('data', (s: string) => chunks.push(s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => chunks.push(s))
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, spec.timeoutMs)
  const { code, signal } = await new Promise<{
    code: number | null
    signal: NodeJS.Signals | null
  }>(done => child.once('close', (c, s) => done({ code: c, signal: s })))
  clearTimeout(timer)
  const log = chunks.join('')
  const read = (file: string) => readFileSync(file, 'utf8')
  return {
    exitCode: code,
    signal,
    timedOut,
    log,
    outputs: parseFileCommands(read(files.GITHUB_OUTPUT)),
    state: parseFileCommands(read(files.GITHUB_STATE)),
    summary: read(files.GITHUB_STEP_SUMMARY),
    env: parseFileCommands(read(files.GITHUB_ENV)),
    path: read(files.GITHUB_PATH)
      .split('\n')
      .filter(line => line.trim() !== ''),
    masks: [...log.matchAll(/^::add-mask::(.*)$/gm)].map(m => unescapeData(m[1] ?? '')),
    durationMs: performance.now() - started
  }
}
