#!/usr/bin/env node
import { EXIT_INTERRUPTED } from './exit-codes.js'
import { main } from './main.js'
import { createCliRuntime } from './runtime.js'

/*
 * ecs-deploy, the CLI (dist/cli/index.js, the package's bin): the engine of action-ecs-deploy for
 * a terminal and any CI. Ctrl-C leaves ECS to go on with what it was doing and says so.
 */

process.once('SIGINT', () => {
  process.stderr.write(
    '\nInterrupted: nothing more is done here; a rollout already started goes on in ECS (ecs-deploy status shows it).\n'
  )
  process.exit(EXIT_INTERRUPTED)
})

process.exitCode = await main(createCliRuntime())
