import { runPhase } from '../common/phase.js'
import { runPost } from './cleanup.js'
import { run } from './main.js'

await runPhase(run, runPost)
