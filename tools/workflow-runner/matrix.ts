import { asString, type Value } from './expressions.js'
import { WorkflowError } from './load.js'

/*
 * `strategy:` as GitHub expands it ("Running variations of jobs in a workflow"): the vectors'
 * cartesian product, less the `exclude` entries (a combination matching every key of one), then
 * each `include` entry added to every combination none of whose original values it would
 * overwrite, or made a combination of its own when it fits none. `fail-fast` (default true) stops
 * the legs not yet started once one fails; `max-parallel` is read and ignored, since this runner
 * runs legs one after another. The legs' job outputs are combined: an output a leg leaves empty
 * does not replace another leg's value ("When using a matrix, job outputs will be combined from
 * all jobs inside the matrix").
 */

export type Combination = Readonly<Record<string, Value>>

export interface Strategy {
  readonly combinations: readonly Combination[]
  readonly failFast: boolean
  readonly maxParallel: number | undefined
}

const isObject = (v: Value | undefined): v is Record<string, Value> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const same = (a: Value | undefined, b: Value | undefined): boolean =>
  JSON.stringify(a) === JSON.stringify(b)

/** The strategy of a job from its evaluated `strategy:` value. */
export function strategyOf(job: string, value: Value): Strategy {
  if (!isObject(value)) throw new WorkflowError(`job ${job}: strategy is not a mapping`)
  const unknown = Object.keys(value).filter(
    k => !['matrix', 'fail-fast', 'max-parallel'].includes(k)
  )
  if (unknown.length > 0)
    throw new WorkflowError(`job ${job}: strategy.${unknown.join(', ')} is not modelled`)
  const matrix = value.matrix
  if (!isObject(matrix)) throw new WorkflowError(`job ${job}: strategy.matrix is not a mapping`)
  const list = (key: string): Value[] => {
    const v = matrix[key]
    if (v === undefined || v === null) return []
    if (!Array.isArray(v)) throw new WorkflowError(`job ${job}: matrix.${key} is not a list`)
    return v
  }
  const vectors = Object.entries(matrix).filter(([k]) => k !== 'include' && k !== 'exclude')
  let combinations: Record<string, Value>[] = vectors.length > 0 ? [{}] : []
  for (const [key, values] of vectors) {
    if (!Array.isArray(values) || values.length === 0)
      throw new WorkflowError(`job ${job}: matrix.${key} must be a non-empty list`)
    combinations = combinations.flatMap(c => values.map(v => ({ ...c, [key]: v })))
  }
  for (const entry of list('exclude')) {
    if (!isObject(entry)) throw new WorkflowError(`job ${job}: matrix.exclude entries are mappings`)
    combinations = combinations.filter(c => !Object.entries(entry).every(([k, v]) => same(c[k], v)))
  }
  const originals = combinations.map(c => ({ ...c }))
  const added: Record<string, Value>[] = []
  for (const entry of list('include')) {
    if (!isObject(entry)) throw new WorkflowError(`job ${job}: matrix.include entries are mappings`)
    let fitted = false
    combinations.forEach((c, i) => {
      const original = originals[i] ?? {}
      const overwrites = Object.entries(entry).some(
        ([k, v]) => k in original && !same(original[k], v)
      )
      if (overwrites) return
      Object.assign(c, entry)
      fitted = true
    })
    if (!fitted) added.push({ ...entry })
  }
  const all = [...combinations, ...added]
  if (all.length === 0) throw new WorkflowError(`job ${job}: the matrix has no combination`)
  if (all.length > 256) throw new WorkflowError(`job ${job}: a matrix may have at most 256 jobs`)
  const maxParallel = value['max-parallel']
  return {
    combinations: all,
    failFast: value['fail-fast'] === undefined ? true : value['fail-fast'] === true,
    maxParallel: typeof maxParallel === 'number' ? maxParallel : undefined
  }
}

/** GitHub's name for a leg of a matrix job without a `name:` of its own: "build (a, b)". */
export function legName(id: string, combination: Combination): string {
  const values = Object.values(combination).map(v =>
    isObject(v) || Array.isArray(v) ? JSON.stringify(v) : asString(v)
  )
  return values.length > 0 ? `${id} (${values.join(', ')})` : id
}

/** The legs' outputs combined: a non-empty value from a later leg replaces an earlier one. */
export function combineOutputs(
  legs: readonly Readonly<Record<string, string>>[]
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const outputs of legs)
    for (const [key, value] of Object.entries(outputs)) {
      if (value !== '' || !(key in out)) out[key] = value
    }
  return out
}
