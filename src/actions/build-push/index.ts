import { runPhase } from '../../runner/phase.js'
import { run } from './main.js'
import { runPost } from './post.js'

await runPhase(run, runPost)
