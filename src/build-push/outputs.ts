import type { Report } from './report.js'
import { OUTPUTS } from './settings.js'

/*
 * The outputs of a run, by the names action-build-push/action.yml declares, made from its report
 * (as src/engine/outputs.ts makes action-ecs-deploy's): the action sets them as step outputs.
 */

/** Every output, always set. */
export function outputsOf(report: Report): [string, string][] {
  return [
    [OUTPUTS.image, report.image],
    [OUTPUTS.taggedImage, report.taggedImage],
    [OUTPUTS.digest, report.digest],
    [OUTPUTS.registry, report.registry],
    [OUTPUTS.tags, report.tags.join('\n')],
    [OUTPUTS.built, String(report.outcome === 'built')]
  ]
}
