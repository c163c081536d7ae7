/**
 * Shared parsing of action inputs. Every error names the input and says how to fix it, so a
 * bad value stops the step before anything is written to AWS.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
    /** Each problem of a file the input names (a task definition), annotated one by one. */
    readonly problems: readonly string[] = []
  ) {
    super(`Input "${input}": ${message}`)
    this.name = 'InputError'
  }
}

/** Non-empty, trimmed lines; lines starting with # are comments. Commas do not split. */
export function parseLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
}

export interface KeyValue {
  readonly key: string
  readonly value: string
}

/** Lines of KEY=value; the value may itself contain '='. */
export function parseKeyValueLines(input: string, text: string, what = 'KEY=value'): KeyValue[] {
  return parseLines(text).map((line, index) => {
    const at = line.indexOf('=')
    if (at <= 0) {
      throw new InputError(
        input,
        `line ${index + 1} ("${redact(line)}") is not ${what}. Write one ${what} per line.`
      )
    }
    return { key: line.slice(0, at).trim(), value: line.slice(at + 1).trim() }
  })
}

export function parseBoolean(input: string, text: string, fallback: boolean): boolean {
  const value = text.trim().toLowerCase()
  if (value === '') return fallback
  if (['true', 'yes', '1', 'on'].includes(value)) return true
  if (['false', 'no', '0', 'off'].includes(value)) return false
  throw new InputError(input, `"${text}" is not a boolean. Use true or false.`)
}

export interface IntegerRange {
  readonly min?: number
  readonly max?: number
}

export function parseInteger(
  input: string,
  text: string,
  fallback: number,
  range?: IntegerRange
): number
export function parseInteger(
  input: string,
  text: string,
  fallback: undefined,
  range?: IntegerRange
): number | undefined
export function parseInteger(
  input: string,
  text: string,
  fallback: number | undefined,
  range: IntegerRange = {}
): number | undefined {
  const value = text.trim()
  if (value === '') return fallback
  if (!/^-?\d+$/.test(value)) {
    throw new InputError(input, `"${text}" is not a whole number. Give a number such as 3.`)
  }
  const n = Number(value)
  if (range.min !== undefined && n < range.min) {
    throw new InputError(input, `${n} is below the minimum of ${range.min}.`)
  }
  if (range.max !== undefined && n > range.max) {
    throw new InputError(input, `${n} is above the maximum of ${range.max}.`)
  }
  return n
}

export function parseChoice<T extends string>(
  input: string,
  text: string,
  choices: readonly T[],
  fallback: T
): T {
  const value = text.trim()
  if (value === '') return fallback
  const found = choices.find(c => c === value)
  if (found === undefined) {
    throw new InputError(input, `"${text}" is not one of ${choices.join(', ')}.`)
  }
  return found
}

/** A line is echoed in an error without what follows '=' (it may be a secret). */
function redact(line: string): string {
  return line.length > 40 ? `${line.slice(0, 40)}…` : line
}
