import * as core from '@actions/core'

/** Logging and grouping as the runner shows them: core in production, a recorder in tests. */
export interface Log {
  info(message: string): void
  warning(message: string, title?: string): void
  error(message: string, title?: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

/** The runner's log: groups, annotations with titles. */
export const runnerLog: Log = {
  info: message => core.info(message),
  warning: (message, title) => core.warning(message, title ? { title } : {}),
  error: (message, title) => core.error(message, title ? { title } : {}),
  group: (name, fn) => core.group(name, fn)
}
