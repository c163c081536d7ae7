import type { Context } from '../../deps.js'
import type { DeploymentKind } from '../../kinds/kind.js'
import type { RunRecord } from '../../record.js'
import { scheduledTaskRows } from '../scheduled-tasks/summary.js'
import type { Report } from './report.js'

/** The report of a run, made from its record alone: what the outputs and the summary say. */
export function toReport(r: RunRecord, { s, io }: Context): Report {
  const report: Report = {
    mode: r.mode,
    outcome: r.outcome ?? 'unknown',
    strategy: r.kind?.strategy ?? 'ROLLING',
    serviceDeployment: r.serviceDeployment,
    cluster: s.cluster,
    service: s.service,
    region: io.region,
    // A kind that registers nothing itself learns its revision from the write (Express Mode).
    taskDefinitionArn: r.targetArn ?? (r.started?.target.taskDefinitionArn || undefined),
    previousTaskDefinitionArn: r.current?.arn,
    deploymentId: r.started?.target.deploymentId || r.watched?.deploymentId || undefined,
    renderedPath: r.prepared?.renderedPath,
    images: r.prepared?.images ?? [],
    changes: r.prepared?.changes ?? [],
    verdict: r.verdict,
    health: r.health,
    diagnosis: r.diagnosis,
    rollback: r.rollback,
    runTask: r.runTask,
    logTails: r.logTails,
    newerCommit: r.newerCommit,
    scheduledTasks: scheduledTaskRows(r.scheduled, r.targetArn),
    keptRevisions: r.keptRevisions,
    startedAt: r.startedAt,
    finishedAt: io.now(),
    ingress: r.started?.ingress ?? r.current?.ingress
  }
  return describedBy(r.kind, report, r.kindView)
}

/** The report with what its kind says of the deployment (its summary lines, outputs, wording). */
export function describedBy(
  kind: DeploymentKind | undefined,
  report: Report,
  kindView: unknown
): Report {
  return kind === undefined ? report : { ...report, described: kind.describe(report, kindView) }
}
