import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

/*
 * The runner contract's text: INPUT_<NAME> from an action's declared inputs, the `name=value`
 * and heredoc lines of GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV, and the annotations a step
 * prints (`::error title=…::message`), unescaped as the runner does.
 */

/** INPUT_<NAME> as the runner sets it: upper case, spaces to underscores, dashes kept. */
export function inputEnv(inputs: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value
    ])
  )
}

/** Inputs an action.yml declares, with their defaults (undefined: no default). */
export function actionInputs(path: string): Record<string, string | undefined> {
  const doc = parse(readFileSync(path, 'utf8')) as {
    inputs?: Record<string, { default?: unknown } | null>
  }
  return Object.fromEntries(
    Object.entries(doc.inputs ?? {}).map(([name, spec]) => [
      name,
      spec?.default === undefined ? undefined : String(spec.default)
    ])
  )
}

/** The runner passes every declared input, with action.yml's default where none is given. */
export function withDefaults(
  actionYml: string,
  action: string,
  inputs: Readonly<Record<string, string>>,
  githubToken: string
): Record<string, string> {
  const declared = actionInputs(actionYml)
  const all: Record<string, string> = {}
  for (const [name, def] of Object.entries(declared)) {
    if (def === undefined) continue
    all[name] = def.replace(/\$\{\{\s*github\.token\s*\}\}/g, githubToken)
    if (/\$\{\{/.test(all[name] ?? '')) {
      throw new Error(`The harness cannot evaluate the default of ${action} input ${name}: ${def}`)
    }
  }
  for (const name of Object.keys(inputs)) {
    if (!(name in declared)) throw new Error(`${action} has no input "${name}" (action.yml).`)
  }
  return { ...all, ...inputs }
}

/** GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV: `name=value` lines and `name<<DELIM` blocks. */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line === '') continue
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name = '', delimiter = ''] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
      if (i >= lines.length) throw new Error(`No end delimiter ${delimiter} for ${name}`)
      result[name] = value.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq > 0) result[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return result
}

/** A workflow command's data, unescaped (%25 %0D %0A). */
export function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/** Workflow commands of one kind (error, warning, ...) with their titles. */
export function annotations(
  log: string,
  kind: 'error' | 'warning' | 'notice'
): { title: string; message: string }[] {
  const found: { title: string; message: string }[] = []
  for (const m of log.matchAll(new RegExp(`^::${kind}(?: ([^:]*))?::(.*)$`, 'gm'))) {
    const props = m[1] ?? ''
    const title = /(?:^|,)title=([^,]*)/.exec(props)?.[1] ?? ''
    found.push({ title: unescapeProperty(title), message: unescapeData(m[2] ?? '') })
  }
  return found
}

function unescapeProperty(text: string): string {
  return unescapeData(text.replace(/%3A/g, ':').replace(/%2C/g, ','))
}
