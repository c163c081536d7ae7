import { tmpdir } from 'node:os'
import type { AwsConnection } from '../aws/connection.js'
import type { Deps } from '../engine/deps.js'
import type { HttpGet } from '../engine/phases/health-check/health-check.js'
import { PostState } from '../engine/post-state.js'
import type { Settings } from '../engine/settings/settings.js'
import type { Files } from '../shared/files.js'
import type { Log } from '../shared/log.js'

/*
 * What every front end of the ecs-deploy engine (the action's entry, the CLI) builds the same
 * way: the engine's Deps from an AWS connection and what the front end has of the outside world.
 */

/** What a front end gives the engine beside AWS. */
export interface FrontEnd {
  readonly log: Log
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly httpGet: HttpGet
  /** Where the rendered task definition goes (RUNNER_TEMP); '' or undefined: a new temp folder. */
  readonly tempDir: string | undefined
  /** The files the engine reads (task definition, AppSpec, release) and writes (the rendered one). */
  readonly files: Files
  /** Saves what a cancelled run's clean-up reads (the runner's state; nothing for the CLI). */
  readonly saveState: (name: string, value: string) => void
  /** The commit and the run's log URL, tagged on what a deploy creates. */
  readonly run: Deps['run']
  /** How one commit stands against another; undefined where it cannot be asked. */
  readonly commitOrder: Deps['commitOrder']
}

/** The engine's Deps: a release's services poll together, their reads one call to ECS. */
export function engineDeps(front: FrontEnd, settings: Settings, aws: AwsConnection): Deps {
  return {
    ecs: settings.release !== '' ? aws.batchingEcs : aws.ecs,
    logs: aws.logs,
    ecr: aws.ecr,
    // Made on first use: only the kinds that bring an adapter (CodeDeploy) need its client.
    client: Api => aws.client(Api),
    events: aws.events,
    scheduler: aws.scheduler,
    log: front.log,
    now: front.now,
    sleep: front.sleep,
    httpGet: front.httpGet,
    tempDir: front.tempDir || front.files.makeTempDir(tmpdir(), 'ecs-deploy-'),
    files: front.files,
    post: new PostState(front.saveState),
    run: front.run,
    region: settings.credentials.region,
    commitOrder: front.commitOrder
  }
}
