import { runPhase } from '../../runner/phase.js'
import { start } from './start.js'

await runPhase(start, async () => (await import('./post.js')).runPost())
