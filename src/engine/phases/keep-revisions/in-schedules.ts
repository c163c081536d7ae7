import { errorName } from '../../../aws/errors.js'
import type { Context } from '../../deps.js'
import type { Use } from './decide.js'
import { read } from './reads.js'
import { isEcsCluster, ruleUses, scheduleUse } from './uses.js'

/*
 * The scheduled tasks that run a revision of the family on any cluster, found as
 * `scheduled-tasks: auto` finds them and read only, whatever `scheduled-tasks` says: every rule of
 * the default event bus (and of the buses `auto@BUS` names) with its targets (ListRules,
 * ListTargetsByRule), and every schedule of every group (ListSchedules: "GroupName: If specified,
 * only lists the schedules whose associated schedule group matches the given filter." — none is
 * sent), those whose target is an ECS cluster read whole (GetSchedule: ListSchedules' summary
 * names the target's Arn only). A rule or schedule that is disabled still names its revision; one
 * deleted between the list and the read (ResourceNotFoundException) names none.
 */

/** What was found, and how much was read (for the log). */
export interface ScheduleUses {
  readonly uses: Use[]
  readonly rules: number
  readonly schedules: number
  readonly buses: readonly string[]
}

export async function scheduleUses(x: Context, family: string): Promise<ScheduleUses> {
  const setting = x.s.scheduledTasks
  const buses = setting.mode === 'auto' ? setting.eventBuses : ['default']
  const uses: Use[] = []
  let rules = 0
  for (const bus of buses) {
    const found = await read('events:ListRules', () => x.io.events.listRules(bus))
    rules += found.length
    for (const rule of found) {
      const name = rule.Name ?? ''
      const targets = await read('events:ListTargetsByRule', () =>
        unlessGone(x.io.events.listTargetsByRule(name, bus), [])
      )
      uses.push(...ruleUses(name, bus, targets, family))
    }
  }
  const schedules = await read('scheduler:ListSchedules', () => x.io.scheduler.listSchedules())
  for (const summary of schedules.filter(s => isEcsCluster(s.Target?.Arn))) {
    const name = summary.Name ?? ''
    const group = summary.GroupName ?? 'default'
    const schedule = await read('scheduler:GetSchedule', () =>
      unlessGone(x.io.scheduler.getSchedule(name, group), undefined)
    )
    const use = schedule && scheduleUse(name, group, schedule, family)
    if (use !== undefined) uses.push(use)
  }
  return { uses, rules, schedules: schedules.length, buses }
}

/** The answer, or `none` when the rule or schedule was deleted since it was listed. */
async function unlessGone<T, U>(call: Promise<T>, none: U): Promise<T | U> {
  try {
    return await call
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return none
    throw error
  }
}
