import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CommandReader, LineReader } from './workflow-commands.js'

/*
 * One step's process as the runner runs it: fresh GITHUB_OUTPUT, GITHUB_STATE,
 * GITHUB_STEP_SUMMARY, GITHUB_ENV and GITHUB_PATH files, `node <entry>` in the workspace, stdout
 * and stderr kept apart and interleaved, each read line by line for workflow commands
 * (workflow-commands.ts), and a kill when the step's time is up.
 */

export interface StepFiles {
  readonly GITHUB_OUTPUT: string
  readonly GITHUB_STATE: string
  readonly GITHUB_STEP_SUMMARY: string
  readonly GITHUB_ENV: string
  readonly GITHUB_PATH: string
}

/** The step's file commands, empty, in its own folder. */
export function freshStepFiles(stepDir: string): StepFiles {
  mkdirSync(stepDir, { recursive: true })
  const files = {
    GITHUB_OUTPUT: join(stepDir, 'output'),
    GITHUB_STATE: join(stepDir, 'state'),
    GITHUB_STEP_SUMMARY: join(stepDir, 'summary'),
    GITHUB_ENV: join(stepDir, 'env'),
    GITHUB_PATH: join(stepDir, 'path')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  return files
}

export interface StepProcess {
  /** The action's bundle: dist/<action>/index.js or post.js. */
  readonly entry: string
  readonly cwd: string
  readonly env: Readonly<Record<string, string>>
  /** Past this, the process is killed (SIGKILL). */
  readonly timeoutMs: number
  /** Runs beside the step once it is spawned (to signal it, say). */
  readonly whileRunning?: ((child: ChildProcess) => Promise<void>) | undefined
}

export interface StepExit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  /** The workflow commands read in stdout and stderr. */
  readonly reader: CommandReader
  /** stdout and stderr, interleaved as they arrived. */
  readonly log: string
  readonly stdout: string
  readonly stderr: string
  /** Epoch ms (sub-ms precision) just before the process was spawned. */
  readonly spawnedAt: number
}

export async function runStepProcess(spec: StepProcess): Promise<StepExit> {
  const chunks: string[] = []
  const out: string[] = []
  const err: string[] = []
  const reader = new CommandReader()
  const outLines = new LineReader(line => reader.line(line))
  const errLines = new LineReader(line => reader.line(line))
  const spawnedAt = performance.timeOrigin + performance.now()
  const child = spawn(process.execPath, [spec.entry], {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stdout.on('data', (s: string) => {
    chunks.push(s)
    out.push(s)
    outLines.write(s)
  })
  child.stderr.on('data', (s: string) => {
    chunks.push(s)
    err.push(s)
    errLines.write(s)
  })
  const timeout = setTimeout(() => child.kill('SIGKILL'), spec.timeoutMs)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(done =>
    child.once('close', (code, signal) => done({ code, signal }))
  )
  const beside = spec.whileRunning?.(child)
  const { code, signal } = await exited
  clearTimeout(timeout)
  await beside
  outLines.end()
  errLines.end()
  const log = chunks.join('')
  return { code, signal, reader, log, stdout: out.join(''), stderr: err.join(''), spawnedAt }
}
