import type { TaskDefinitionInput } from '../render/task-definition-file.js'

/*
 * Placeholders left in a task definition: "<ACCOUNT_ID>", "${Partition}", "{{image}}",
 * "REPLACE_ME". ECS registers them as they are and the task fails later (a role that does not
 * exist, an image that cannot be pulled), so they are named here, with their field and container.
 *
 * Not scanned: what a shell or the program expands when the container runs (command, entryPoint,
 * healthCheck.command), and "${...}" in environment values, which applications such as Spring
 * resolve themselves.
 */

const PATTERNS: readonly {
  readonly kind: 'angle' | 'dollar' | 'mustache' | 'replace'
  re: RegExp
}[] = [
  { kind: 'angle', re: /<[A-Za-z_][\w .:/-]*>/ },
  { kind: 'dollar', re: /\$\{[^}]*\}/ },
  { kind: 'mustache', re: /\{\{[^}]*\}\}/ },
  { kind: 'replace', re: /\bREPLACE_[A-Z0-9_]*/ }
]

const EXPANDED_AT_RUN_TIME = new Set(['command', 'entryPoint', 'healthCheck.command'])

/** The placeholder `value` holds, or undefined. */
export function findPlaceholder(value: string, allowDollar = false): string | undefined {
  for (const { kind, re } of PATTERNS) {
    if (kind === 'dollar' && allowDollar) continue
    const m = re.exec(value)
    if (m !== null) return m[0]
  }
  return undefined
}

export function placeholderProblems(td: TaskDefinitionInput): string[] {
  const problems: string[] = []
  const containers = td.containerDefinitions ?? []
  walk(td, '', (path, value) => {
    const m = /^containerDefinitions\[(\d+)\]\.(.*)$/.exec(path)
    const field = m ? (m[2] ?? '') : path
    if ([...EXPANDED_AT_RUN_TIME].some(p => field === p || field.startsWith(`${p}[`))) return
    const isEnvValue = /^environment\[\d+\]\.value$/.test(field)
    const found = findPlaceholder(value, isEnvValue)
    if (found === undefined) return
    const container = m ? containers[Number(m[1])] : undefined
    const where = m ? `Container "${container?.name ?? ''}": "${field}"` : `"${field}"`
    problems.push(
      `${where} still holds the placeholder "${found}" (a placeholder left unfilled${value === found ? '' : ` in "${clip(value)}"`}). Replace it with the real value in the task definition file.`
    )
  })
  return problems
}

function walk(value: unknown, path: string, visit: (path: string, value: string) => void): void {
  if (typeof value === 'string') {
    visit(path, value)
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, visit))
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value))
      walk(item, path ? `${path}.${key}` : key, visit)
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}
