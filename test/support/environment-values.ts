/*
 * Environment values are never printed (validation messages, diffs, summaries): the helpers tests
 * use to say so of a step's log and summary.
 */

/** Every environment value a task definition (or a DescribeTaskDefinition output) holds. */
export function environmentValues(td: unknown): string[] {
  const body = (td as { taskDefinition?: unknown }).taskDefinition ?? td
  const containers = (body as { containerDefinitions?: unknown }).containerDefinitions
  if (!Array.isArray(containers)) return []
  return containers.flatMap(c => {
    const env = (c as { environment?: unknown } | null)?.environment
    if (!Array.isArray(env)) return []
    return env.flatMap(v => {
      const value = (v as { value?: unknown } | null)?.value
      return typeof value === 'string' || typeof value === 'number' ? [String(value)] : []
    })
  })
}

/**
 * The environment values of `td` that `text` shows. Values under six characters ("true", "local",
 * "8126") are left out: they turn up in any log without being the variable's value.
 */
export function shownEnvironmentValues(text: string, td: unknown): string[] {
  return environmentValues(td).filter(value => value.length >= 6 && text.includes(value))
}
