import type { KeyValue } from './parse.js'
import { HIDDEN, labelForLog, namesCredential, redactCommand, redactText } from './redact.js'

/*
 * The settings a step read, as its "Inputs" log group shows them: one line a setting, named by
 * its path in the settings object (render.cpu), the empty ones left out. No secret is shown: a
 * setting whose name names a credential (githubToken, the build secrets) shows only that it is
 * set, or the names it holds; so does one the caller names in `namesOnly` (build arguments, which
 * the log shows by name only); every other value as shared/redact.ts shows it. Pure.
 */

export interface SettingsLinesOptions {
  /** Paths (render.environment) shown by their names only, their values never. */
  readonly namesOnly?: readonly string[]
}

export function settingsLines(settings: object, options: SettingsLinesOptions = {}): string[] {
  return linesOf(settings, '', options.namesOnly ?? [])
}

function linesOf(value: object, prefix: string, namesOnly: readonly string[]): string[] {
  return Object.entries(value).flatMap(([key, item]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`
    const hidden = namesCredential(key) || namesOnly.includes(path)
    if (isPlainObject(item)) return linesOf(item, path, namesOnly)
    const shown = shownValue(item, hidden)
    return shown === undefined ? [] : [`${path}: ${shown}`]
  })
}

/** One setting's value as the log shows it; undefined for an empty one. */
function shownValue(value: unknown, hidden: boolean): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'string') return hidden ? HIDDEN : oneLine(value)
  if (!Array.isArray(value) || value.length === 0) return undefined
  if (value.every(isKeyValue)) return keyValues(value, hidden)
  if (hidden) return HIDDEN
  if (value.every(v => typeof v === 'string')) return redactCommand(value).map(lineOf).join(', ')
  return value.map(v => (isPlainObject(v) ? fields(v) : oneLine(String(v)))).join(', ')
}

/** An object in a list (an image for a container): its fields as name=value, each a label's. */
function fields(value: Record<string, unknown>): string {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(
      ([k, v]) => `${k}=${labelForLog(k, oneLine(typeof v === 'string' ? v : JSON.stringify(v)))}`
    )
    .join(' ')
}

/** NAME=value pairs: their names only when hidden, else each value as a label's. */
function keyValues(pairs: readonly KeyValue[], hidden: boolean): string {
  return pairs.map(p => (hidden ? p.key : `${p.key}=${labelForLog(p.key, p.value)}`)).join(', ')
}

const lineOf = (text: string): string => text.replace(/\r?\n/g, '\\n')
const oneLine = (text: string): string => lineOf(redactText(text))

function isKeyValue(value: unknown): value is KeyValue {
  return (
    isPlainObject(value) &&
    Object.keys(value).length === 2 &&
    typeof (value as { key?: unknown }).key === 'string' &&
    typeof (value as { value?: unknown }).value === 'string'
  )
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
