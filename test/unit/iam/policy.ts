// Reading docs/iam's policy documents, and a small evaluator of identity-based Allow statements:
// enough to ask "does this policy allow action A on resource R with these request keys?" for the
// calls a deploy makes. It follows IAM's documented evaluation for what these policies use:
// - Action / Resource: `*` matches any run of characters and `?` any one, case-sensitive for the
//   resource ("IAM JSON policy elements: Resource").
// - Condition: every operator block must hold, and within a block every key; a key with a list of
//   values holds when the request value matches any of them; a key absent from the request makes
//   the condition false ("Condition operators": "If the key that you specify in a policy condition
//   is not present in the request context, the values do not match").
// Deny statements, NotAction and NotResource are not used by docs/iam and are refused here.
import { readText } from '../workflows/workflow-files.js'

export type Values = string | string[]

export interface Statement {
  readonly Sid?: string
  readonly Effect: string
  readonly Action: Values
  readonly Resource?: Values
  readonly Condition?: Record<string, Record<string, Values>>
  readonly Principal?: Record<string, string>
}

export interface Policy {
  readonly Version: string
  readonly Statement: Statement[]
}

export const list = (value: Values | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]

export const readPolicy = (file: string): Policy => JSON.parse(readText(file)) as Policy

export const actionsOf = (policy: Policy): string[] => policy.Statement.flatMap(s => list(s.Action))

/** IAM's wildcard match: `*` any run of characters, `?` one character. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value)
}

/** One request: the action, the resources it is authorised on, and its context keys. */
export interface Request {
  readonly action: string
  readonly resource: string
  readonly context: Readonly<Record<string, string>>
}

const OPERATORS: Record<string, (policyValue: string, requestValue: string) => boolean> = {
  StringEquals: (p, r) => p === r,
  StringLike: (p, r) => globMatch(p, r),
  ArnEquals: (p, r) => globMatch(p, r),
  ArnLike: (p, r) => globMatch(p, r)
}

function conditionHolds(
  condition: Statement['Condition'],
  context: Readonly<Record<string, string>>
): boolean {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    const test = OPERATORS[operator]
    if (test === undefined) throw new Error(`The evaluator does not know ${operator}`)
    for (const [key, expected] of Object.entries(keys)) {
      const actual = context[key]
      if (actual === undefined) return false
      if (!list(expected).some(value => test(value, actual))) return false
    }
  }
  return true
}

/** The statements that allow this request (empty: denied by default). */
export function allowingStatements(policy: Policy, request: Request): Statement[] {
  return policy.Statement.filter(statement => {
    if (statement.Effect !== 'Allow')
      throw new Error('docs/iam policies hold Allow statements only')
    if (!list(statement.Action).some(a => globMatch(a, request.action, true))) return false
    if (!list(statement.Resource).some(r => globMatch(r, request.resource))) return false
    return conditionHolds(statement.Condition, request.context)
  })
}

export const allows = (policy: Policy, request: Request): boolean =>
  allowingStatements(policy, request).length > 0
