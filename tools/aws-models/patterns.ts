/*
 * botocore patterns are Java regular expressions, and AWS's endpoints match a value against the
 * whole pattern (Java's Pattern.matches). ECR refuses the repository name `tesTing` with "Invalid
 * parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression
 * ...'" (localstack/localstack#8051 quotes AWS's answer), though a search of its pattern would
 * find `tes` in it; and `[\w+=,.@-]*` (STS role session names) means something only as a whole
 * match. So a pattern is compiled anchored: `^(?:pattern)$`.
 *
 * Most patterns are valid JavaScript with the `u` flag and mean the same there (`\p{L}`, `\p{N}`,
 * classes, anchors); Java's ASCII classes `\p{Alpha}`, `\p{Lower}` read in JavaScript as the wider
 * Unicode properties: looser, never a false violation. Some patterns are valid JavaScript only
 * without `u` (`\-` or `\:` outside a class), where they still mean what Java means, as long as
 * they use no escape whose meaning differs. What JavaScript cannot read as Java does (`\p{Punct}`,
 * `\p{Alnum}`, `\A`, `\z`, `\Q…\E`, possessive quantifiers, atomic groups, class intersection
 * `&&`, inline flags) is left unchecked: a pattern we cannot read is never a violation.
 */

/** Escapes that JavaScript without the `u` flag reads as plain letters but Java as classes or anchors. */
const DIFFERS_WITHOUT_U = /\\([pPAZzQEGhHRvVkK]|x\{)/

/** Java constructs that JavaScript compiles but reads differently. */
const JAVA_ONLY = /&&|\(\?[a-zA-Z]/

const compiled = new Map<string, RegExp | undefined>()

/** The pattern as a JavaScript RegExp, or undefined when JavaScript cannot read it as Java does. */
export function compilePattern(pattern: string): RegExp | undefined {
  if (compiled.has(pattern)) return compiled.get(pattern)
  const regexp = JAVA_ONLY.test(pattern) ? undefined : tryCompile(pattern)
  compiled.set(pattern, regexp)
  return regexp
}

function tryCompile(pattern: string): RegExp | undefined {
  const whole = `^(?:${pattern})$`
  try {
    return new RegExp(whole, 'u')
  } catch {
    // Not valid with `u`: without it JavaScript reads unknown escapes as the letter itself, which
    // matches Java only for escapes that are not Java classes or anchors.
  }
  if (DIFFERS_WITHOUT_U.test(pattern)) return undefined
  try {
    return new RegExp(whole)
  } catch {
    return undefined
  }
}
