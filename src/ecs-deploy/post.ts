import { runPost } from './post-report.js'

await runPost()
