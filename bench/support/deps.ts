import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AwsAdapter } from '../../src/aws/clients.js'
import { EcrApi } from '../../src/aws/ecr.js'
import { EventsApi } from '../../src/aws/events.js'
import { LogsApi } from '../../src/aws/logs.js'
import { SchedulerApi } from '../../src/aws/scheduler.js'
import type { Deps } from '../../src/engine/deps.js'
import { PostState } from '../../src/engine/post-state.js'
import { diskFiles } from '../../src/shared/files.js'
import type { Log } from '../../src/shared/log.js'

/*
 * The engine's dependencies as the benches give them: the AWS a bench scripts or points at the
 * stand-in, every other AWS service refusing (a call to it would be a bench's mistake), a log
 * that prints nothing, and the clock: virtual when a bench passes one (sleep moves it), else real.
 */

export const quiet: Log = {
  info: () => {},
  notice: () => {},
  warning: () => {},
  error: () => {},
  group: (_n, fn) => fn()
}

const refuse = (service: string) => ({
  send: () => Promise.reject(new Error(`no ${service} here`))
})

export interface BenchAws {
  readonly ecs: Deps['ecs']
  readonly logs?: LogsApi
  readonly ecr?: EcrApi
  /** The adapter a kind brings (CodeDeploy's), on this client; none: such a call throws. */
  readonly kindClient?: object
}

export function benchDeps(aws: BenchAws, clock?: { t: number }): Deps {
  const kindClient = aws.kindClient
  return {
    ecs: aws.ecs,
    logs: aws.logs ?? new LogsApi(refuse('CloudWatch Logs')),
    ecr: aws.ecr ?? new EcrApi(refuse('ECR')),
    client: <A, C extends { send: object }>(Api: AwsAdapter<A, C>) => {
      if (kindClient === undefined) throw new Error('no other AWS client here')
      return new Api(kindClient as C)
    },
    events: new EventsApi(refuse('EventBridge')),
    scheduler: new SchedulerApi(refuse('Scheduler')),
    log: quiet,
    now: clock ? () => clock.t : () => Date.now(),
    sleep: clock
      ? async ms => {
          clock.t += ms
        }
      : ms => new Promise(done => setTimeout(done, ms)),
    httpGet: async () => 200,
    tempDir: mkdtempSync(join(tmpdir(), 'bench-')),
    files: diskFiles,
    post: new PostState(() => {}),
    run: { sha: 'abc', runUrl: 'https://example/run' },
    region: 'us-east-1'
  }
}
