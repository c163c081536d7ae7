import { InputError } from '../../shared/parse.js'
import type { Mode } from './mode.js'

/*
 * `keep-revisions`: after a deploy that succeeded, the ACTIVE revisions of the family beyond the
 * newest N that nothing uses are deregistered (phases/keep-revisions). Empty (the default) keeps
 * every revision. Checked here, before anything is written to AWS. Pure: reads through `get`.
 */

export const KEEP_REVISIONS_INPUTS = { keepRevisions: 'keep-revisions' } as const
const INPUT = KEEP_REVISIONS_INPUTS.keepRevisions

export interface KeepRevisionsSettings {
  /** How many of the newest ACTIVE revisions to keep; undefined keeps them all. */
  readonly keepRevisions: number | undefined
}

/** What the other inputs say that `keep-revisions` depends on. */
export interface KeepRevisionsContext {
  readonly mode: Mode
  readonly service: string
  readonly release: string
  readonly waitForServiceStability: boolean
}

/** Reads `keep-revisions`: empty, or a whole number of 1 or more, for one service's deploy. */
export function readKeepRevisions(
  get: (name: string) => string,
  o: KeepRevisionsContext
): KeepRevisionsSettings {
  const text = get(INPUT).trim()
  if (text === '') return { keepRevisions: undefined }
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new InputError(
      INPUT,
      `"${text}" is not a number of revisions to keep. Give a whole number of 1 or more (the newest revisions kept, beside those in use), or leave it empty to keep every revision.`
    )
  }
  refuseOutOfPlace(o)
  return { keepRevisions: Number(text) }
}

function refuseOutOfPlace(o: KeepRevisionsContext): void {
  const why = outOfPlace(o)
  if (why !== undefined) throw new InputError(INPUT, why)
}

/** Why keep-revisions cannot act in this run, or undefined when it can. */
function outOfPlace(o: KeepRevisionsContext): string | undefined {
  if (o.mode !== 'deploy')
    return `is for deploy mode; ${o.mode} mode registers nothing. Leave it empty in ${o.mode} mode.`
  if (o.release !== '')
    return 'keeps the revisions of one service; a release deploys several. Leave it empty with release.'
  if (o.service === '')
    return 'needs a service (what it runs is never deregistered). Give service, or leave keep-revisions empty.'
  if (!o.waitForServiceStability)
    return 'acts once the deploy is seen to succeed; with wait-for-service-stability false it is never seen. Leave one of them.'
  return undefined
}
