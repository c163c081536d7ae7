/**
 * Logging and grouping, as every front end shows them: the runner's log with annotations
 * (runner/log.ts), a terminal (the CLI), a recorder in tests. The engines log through it alone.
 */
export interface Log {
  info(message: string): void
  /** A notice annotation: worth seeing, nothing wrong. */
  notice(message: string, title?: string): void
  warning(message: string, title?: string): void
  error(message: string, title?: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}
