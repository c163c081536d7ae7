import { WorkflowError } from './load.js'

/*
 * `on.push` filters as GitHub applies them ("Filter pattern cheat sheet"): `*` matches anything
 * but `/`, `**` anything, `?` zero or one and `+` one or more of the preceding character, `[...]`
 * one listed character or range, `\` escapes, and a pattern starting with `!` excludes what the
 * patterns before it matched. A push of a branch runs the workflow only when `branches` matches
 * (or only `tags` is given: then it never runs), a push of a tag likewise with `tags`.
 * `branches-ignore`, `tags-ignore`, `paths` and `paths-ignore` are not modelled.
 */

/** A filter pattern as a regular expression over the whole name. */
export function patternRegExp(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? ''
    if (c === '\\') {
      out += escape(pattern[++i] ?? '')
    } else if (c === '*') {
      if (pattern[i + 1] === '*') {
        out += '.*'
        i++
      } else out += '[^/]*'
    } else if (c === '?' || c === '+') {
      out += c
    } else if (c === '[') {
      const end = pattern.indexOf(']', i)
      if (end < 0) throw new WorkflowError(`filter pattern ${pattern}: [ without ]`)
      out += `[${pattern.slice(i + 1, end)}]`
      i = end
    } else out += escape(c)
  }
  return new RegExp(`^${out}$`)
}

const escape = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** Whether the patterns, in order (a `!` pattern excluding), select the name. */
export function matchesPatterns(patterns: readonly string[], name: string): boolean {
  let selected = false
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (patternRegExp(pattern.slice(1)).test(name)) selected = false
    } else if (patternRegExp(pattern).test(name)) selected = true
  }
  return selected
}

export interface PushFilter {
  readonly branches?: readonly string[]
  readonly tags?: readonly string[]
  readonly [key: string]: unknown
}

/** Whether a push of `ref` (refs/heads/… or refs/tags/…) runs a workflow with this `on.push`. */
export function pushRuns(file: string, push: PushFilter, ref: string): boolean {
  const unmodelled = ['branches-ignore', 'tags-ignore', 'paths', 'paths-ignore'].filter(
    key => push[key] !== undefined
  )
  if (unmodelled.length > 0)
    throw new WorkflowError(`${file}: on.push.${unmodelled.join(', ')} is not modelled`)
  const { branches, tags } = push
  if (branches === undefined && tags === undefined) return true
  const tag = /^refs\/tags\/(.+)$/.exec(ref)?.[1]
  if (tag !== undefined) return tags !== undefined && matchesPatterns(tags, tag)
  const branch = ref.replace(/^refs\/heads\//, '')
  return branches !== undefined && matchesPatterns(branches, branch)
}
