import { actionsRunner, type Runner } from '../runner/runner.js'
import { diskFiles, type Files } from '../shared/files.js'

/*
 * The main step of either action, in one shape: the inputs read and checked first, with nothing
 * but the runner and the settings loaded (start-up stays short, and bad inputs fail before the
 * SDK is compiled); the action's main.ts, which pulls in the engine and the clients, is loaded
 * only for inputs that hold. Each action passes its own `import('./main.js')`, so that each
 * bundle keeps its main in a chunk of its own.
 */

/** What reading the inputs needs: the runner port, the environment, the files. */
export interface InputRuntime {
  readonly runner: Runner
  readonly env: NodeJS.ProcessEnv
  readonly files: Files
}

export interface StepEntry<S> {
  readonly readInputs: (rt: InputRuntime) => Promise<S>
  /** A run that stopped before any report: the failure and a summary. */
  readonly stopped: (runner: Runner, error: unknown) => Promise<void>
  readonly loadMain: () => Promise<{ run: (rt: undefined, settings: S) => Promise<void> }>
}

export async function startStep<S>(entry: StepEntry<S>): Promise<void> {
  const rt: InputRuntime = { runner: actionsRunner(), env: process.env, files: diskFiles }
  let settings: S
  try {
    settings = await entry.readInputs(rt)
  } catch (error) {
    return entry.stopped(rt.runner, error)
  }
  const { run } = await entry.loadMain()
  return run(undefined, settings)
}
