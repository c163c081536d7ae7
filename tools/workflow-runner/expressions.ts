import { Evaluator, Lexer, Parser, data } from '@actions/expressions'
import type { FunctionDefinition } from '@actions/expressions/funcs/info'
import { truthy } from '@actions/expressions/result'
import {
  isBasicExpression,
  isBoolean,
  isMapping,
  isNumber,
  isSequence,
  isString
} from '@actions/workflow-parser'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index'

/*
 * Expressions, evaluated by GitHub's own @actions/expressions over the template tokens
 * @actions/workflow-parser made. The parser has already turned `app/${{ inputs.context }}` into
 * `format('app/{0}', inputs.context)`, so every expression arrives here as one
 * BasicExpressionToken. Contexts are plain JSON; the status functions (success(), failure(),
 * always(), cancelled()) are ours, because their meaning depends on where the runner is.
 */

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value }
export type Contexts = Readonly<Record<string, Value>>

/** What the status functions answer where an expression is evaluated. */
export interface Status {
  /** Every earlier step of the job (or every needed job) succeeded. */
  readonly success: boolean
}

const statusFunctions = (status: Status): Map<string, FunctionDefinition> => {
  const fn = (name: string, value: boolean): [string, FunctionDefinition] => [
    name,
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) }
  ]
  return new Map([
    fn('success', status.success),
    fn('failure', !status.success),
    fn('always', true),
    // The runner never cancels a run.
    fn('cancelled', false)
  ])
}

const ALWAYS_OK: Status = { success: true }

/** One expression (without `${{ }}`) over these contexts. Throws on an unknown context or function. */
export function evaluate(
  expression: string,
  contexts: Contexts,
  status: Status = ALWAYS_OK
): data.ExpressionData {
  const functions = statusFunctions(status)
  const tokens = new Lexer(expression).lex().tokens
  const tree = new Parser(tokens, Object.keys(contexts), [...functions.values()]).parse()
  const dictionary = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary
  return new Evaluator(tree, dictionary, functions).evaluate()
}

/** An expression result as plain JSON. */
export function toValue(result: data.ExpressionData): Value {
  return JSON.parse(JSON.stringify(result, data.replacer)) as Value
}

/** A template token with every expression in it evaluated, as plain JSON. */
export function evaluateToken(
  token: TemplateToken,
  contexts: Contexts,
  status: Status = ALWAYS_OK
): Value {
  if (isBasicExpression(token)) return toValue(evaluate(token.expression, contexts, status))
  if (isString(token)) return token.value
  if (isNumber(token)) return token.value
  if (isBoolean(token)) return token.value
  if (isSequence(token)) return [...token].map(item => evaluateToken(item, contexts, status))
  if (isMapping(token)) {
    const out: Record<string, Value> = {}
    for (const pair of token) {
      out[String(evaluateToken(pair.key, contexts, status))] = evaluateToken(
        pair.value,
        contexts,
        status
      )
    }
    return out
  }
  if (token.isExpression) {
    // ${{ insert }} and the like: not modelled, so never silently dropped.
    throw new Error(`The workflow runner does not evaluate ${token.typeName()} tokens.`)
  }
  return null
}

/** A scalar as the runner hands it to a step: a string ('' for null). */
export function asString(value: Value): string {
  if (value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** A value of a mapping as strings (env:, with:, outputs:). */
export function asStrings(value: Value): Record<string, string> {
  if (value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`Expected a mapping, got ${JSON.stringify(value)}`)
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asString(v)]))
}

/** An `if:` condition (the parser has already added `success() &&` where no status call is). */
export function condition(token: TemplateToken, contexts: Contexts, status: Status): boolean {
  if (!isBasicExpression(token))
    return truthy(
      JSON.parse(
        JSON.stringify(evaluateToken(token, contexts, status)),
        data.reviver
      ) as data.ExpressionData
    )
  return truthy(evaluate(token.expression, contexts, status))
}
