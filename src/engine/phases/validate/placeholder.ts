import type { TaskDefinitionInput } from '../render/task-definition-file.js'

/*
 * Placeholders left in a task definition: "<ACCOUNT_ID>", "${Partition}", "{{image}}",
 * "REPLACE_ME".
 *
 * Refused where ECS or the first task would fail on them: the family, role and secret ARNs,
 * images, log options, and every other field ECS or the agent reads. ECS registers them as they
 * are and the task fails later (a role that does not exist, an image that cannot be pulled), so
 * they are named here, with their field and container.
 *
 * A warning in environment values: ContainerDefinition.environment is "The environment variables
 * to pass to a container", free text that only the container reads, which ECS registers as any
 * string (the Datadog Agent's task definition ships "<YOUR_DATADOG_API_KEY>" there). The warning
 * names the container and the variable, never the value: environment values are never printed.
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

const EXPANDED_AT_RUN_TIME = ['command', 'entryPoint', 'healthCheck.command']
const ENVIRONMENT_VALUE = /^environment\[(\d+)\]\.value$/

/** The placeholder `value` holds, or undefined. */
export function findPlaceholder(value: string, allowDollar = false): string | undefined {
  for (const { kind, re } of PATTERNS) {
    if (kind === 'dollar' && allowDollar) continue
    const m = re.exec(value)
    if (m !== null) return m[0]
  }
  return undefined
}

/** Placeholders ECS or the first task would fail on: every field but environment values. */
export function placeholderProblems(td: TaskDefinitionInput): string[] {
  const problems: string[] = []
  const containers = td.containerDefinitions ?? []
  walk(td, '', (path, value) => {
    const m = /^containerDefinitions\[(\d+)\]\.(.*)$/.exec(path)
    const field = m ? (m[2] ?? '') : path
    if (EXPANDED_AT_RUN_TIME.some(p => field === p || field.startsWith(`${p}[`))) return
    if (m && ENVIRONMENT_VALUE.test(field)) return // a warning: placeholderWarnings
    const found = findPlaceholder(value)
    if (found === undefined) return
    const where = m
      ? `Container "${containers[Number(m[1])]?.name ?? ''}": "${field}"`
      : `"${field}"`
    problems.push(
      `${where} still holds the placeholder "${found}" (a placeholder left unfilled${value === found ? '' : ` in "${clip(value)}"`}). Replace it with the real value in the task definition file.`
    )
  })
  return problems
}

/**
 * Environment variables whose value looks like a placeholder: one warning each, naming the
 * container and the variable (never the value).
 */
export function placeholderWarnings(td: TaskDefinitionInput): string[] {
  const warnings: string[] = []
  for (const [i, container] of (td.containerDefinitions ?? []).entries()) {
    for (const variable of container.environment ?? []) {
      if (variable === null || typeof variable.value !== 'string') continue
      if (findPlaceholder(variable.value, true) === undefined) continue
      const who = container.name ? `Container "${container.name}"` : `Container ${i + 1}`
      warnings.push(
        `${who}: environment variable "${variable.name ?? ''}" looks like a placeholder left unfilled. ECS registers it as written and the container reads it as it is; set the real value in the task definition file or with the environment-variables input.`
      )
    }
  }
  return warnings
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
