import type { Context } from '../../deps.js'
import type { RunRecord } from '../../record.js'
import { familyAndRevision, findLastGoodRevision } from '../roll-back/last-good.js'
import { describeTask } from '../scheduled-tasks/scheduled-task.js'
import type { Use } from './decide.js'
import { clusterUses } from './in-clusters.js'
import { scheduleUses } from './in-schedules.js'

/*
 * What uses the revisions of the family after a deploy that succeeded, read only and in one pass:
 * the revision deployed and the one that ran before; the one `rollback-to: previous` would pick;
 * in every cluster of the account in the Region, the services' revisions, deployments and task
 * sets, and the tasks of the family (in-clusters.ts); the rules and schedules that run the family
 * (in-schedules.ts), whatever `scheduled-tasks` says; the scheduled tasks this run found. An error
 * is thrown to the caller: a search that did not finish deregisters nothing.
 */

/** What uses the revisions, and a line that says how far the search looked. */
export interface InUse {
  readonly uses: Use[]
  readonly searched: string
}

export async function revisionsInUse(r: RunRecord, x: Context, deployed: string): Promise<InUse> {
  const { family } = familyAndRevision(deployed)
  const before = await rollbackTarget(x, deployed)
  const clusters = await clusterUses(x, family)
  const schedules = await scheduleUses(x, family)
  const [one, ...more] = schedules.buses
  const buses =
    more.length === 0 ? `the ${one} event bus` : `the event buses ${schedules.buses.join(', ')}`
  const searched = `Looked for what uses the revisions of ${family}: ${count(clusters.clusters, 'cluster')} (${count(clusters.services, 'service')}, ${count(clusters.tasks, 'task')} of the family), ${count(schedules.rules, 'rule')} on ${buses}, ${count(schedules.schedules, 'schedule')}.`
  return {
    uses: [
      { arn: deployed, why: 'the revision just deployed' },
      ...(r.current?.arn ? [{ arn: r.current.arn, why: 'the revision that ran before' }] : []),
      ...before,
      ...clusters.uses,
      ...schedules.uses,
      ...scheduledUses(r)
    ],
    searched
  }
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`

/** The revision `rollback-to: previous` picks once the deployed one runs (last-good.ts). */
async function rollbackTarget({ s, io }: Context, deployed: string): Promise<Use[]> {
  const { family, revision } = familyAndRevision(deployed)
  const where = { cluster: s.cluster, service: s.service }
  const q = { ...where, family, belowRevision: revision, exclude: [deployed] }
  const found = await findLastGoodRevision(io.ecs, q, io.log)
  return found ? [{ arn: found.arn, why: 'the rollback target of rollback-to: previous' }] : []
}

/**
 * The scheduled tasks this run found (scheduled-tasks), on the revision each runs now: those on a
 * bus other than the default are found only here when `auto@BUS` or a name points at them.
 */
function scheduledUses(r: RunRecord): Use[] {
  return (r.scheduled?.tasks ?? []).map(t => ({
    arn: t.status === 'moved' && t.to !== undefined ? t.to : t.from,
    why: `${describeTask(t.task)} runs it`
  }))
}
