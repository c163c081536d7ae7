import type { Context } from '../deps.js'
import type { Report } from '../phases/report/report.js'
import type { Mode } from '../settings/mode.js'
import { continueMode } from './continue.js'
import { deploy } from './deploy.js'
import { deployFamily } from './family.js'
import { rollback } from './rollback.js'

const MODES: Record<Mode, (x: Context) => Promise<Report>> = {
  deploy,
  rollback,
  continue: continueMode
}

/**
 * The engine's one entry: the mode the settings name, run to its report; a deploy with no service
 * (settings allow it only with scheduled-tasks) registers a family and moves its scheduled tasks.
 */
export function runEngine(x: Context): Promise<Report> {
  if (x.s.service === '') return deployFamily(x)
  return MODES[x.s.mode](x)
}
