import { runPhase } from '../common/phase.js'
import { run } from './main.js'
import { runPost } from './post-report.js'

await runPhase(run, runPost)
