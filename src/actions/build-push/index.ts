import { runPhase } from '../../runner/phase.js'
import { runPost } from './post.js'
import { run } from '../../build-push/main.js'

await runPhase(run, runPost)
