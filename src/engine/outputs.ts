import type { Report } from './phases/report/report.js'
import { deregisteredOutput } from './phases/keep-revisions/summary.js'
import { scheduledTasksOutput } from './phases/scheduled-tasks/summary.js'
import { servicesOutput, type ReleaseReport } from './release/report.js'
import { OUTPUTS } from './settings/inputs.js'

/*
 * The outputs of a run, by the names action-ecs-deploy/action.yml declares: the action sets them
 * as step outputs, the CLI prints them as one JSON object (--json).
 */

/**
 * Every output of one service's run, always set (empty where the run has no value for it), in
 * the order action.yml declares them.
 */
export function outputsOf(report: Report): [string, string][] {
  const values = new Map<string, string>([
    [OUTPUTS.taskDefinitionArn, report.taskDefinitionArn ?? ''],
    [OUTPUTS.previousTaskDefinitionArn, report.previousTaskDefinitionArn ?? ''],
    [OUTPUTS.deploymentId, report.deploymentId ?? ''],
    [OUTPUTS.outcome, report.outcome],
    [OUTPUTS.renderedTaskDefinition, report.renderedPath ?? ''],
    [OUTPUTS.runTaskArn, report.runTask?.taskArn ?? ''],
    [OUTPUTS.runTaskExitCode, String(report.runTask?.exitCode ?? '')],
    [
      OUTPUTS.scheduledTasks,
      scheduledTasksOutput(report.scheduledTasks, report.outcome === 'dry-run')
    ],
    [OUTPUTS.deregisteredTaskDefinitions, deregisteredOutput(report.keptRevisions)],
    [OUTPUTS.endpoint, report.ingress?.endpoint ?? ''],
    [OUTPUTS.serviceArn, report.ingress?.serviceArn ?? ''],
    // What only the kind of deployment sets (codedeploy-deployment-id).
    ...Object.entries(report.described?.outputs ?? {})
  ])
  return Object.values(OUTPUTS).map(name => [name, values.get(name) ?? ''])
}

/** Every output of a release: `outcome` the release's, `services` each one's, the rest empty. */
export function releaseOutputsOf(report: ReleaseReport): [string, string][] {
  return Object.values(OUTPUTS).map(name => {
    if (name === OUTPUTS.outcome) return [name, report.outcome]
    if (name === OUTPUTS.services) return [name, servicesOutput(report)]
    return [name, '']
  })
}
