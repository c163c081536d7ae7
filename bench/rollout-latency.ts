/**
 * How soon does action-ecs-deploy give its verdict after ECS changes state, and how many AWS
 * calls does a deploy make? Runs the real engine (runEngine) against a scripted ECS in
 * virtual time: every rollout changes state at a random moment; the verdict is when the step tags
 * the revision's outcome. Prints numbers; asserts nothing.
 *
 *   npm run bench:rollout
 * Over 250 lines: the scripted ECS and the measuring loop are one experiment, read top to bottom.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Deployment, ECSClient, Service } from '@aws-sdk/client-ecs'
import { EcrApi } from '../src/aws/ecr.js'
import { EcsApi } from '../src/aws/ecs/ecs.js'
import { EventsApi } from '../src/aws/events.js'
import { LogsApi } from '../src/aws/logs.js'
import { SchedulerApi } from '../src/aws/scheduler.js'
import { runEngine } from '../src/engine/modes/index.js'
import { PostState } from '../src/engine/post-state.js'
import { diskFiles } from '../src/shared/files.js'
import type { Log } from '../src/shared/log.js'
import { readSettings } from '../src/engine/settings/settings.js'

type Kind = 'success' | 'circuit-breaker' | 'failed-tasks'
const INTERVAL_S = 10
const RUNS_PER_KIND = 25
const arn = (r: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/app:${r}`

/** A scripted ECS in virtual time: `changeAt` seconds after UpdateService the rollout ends. */
function scriptedEcs(kind: Kind, clock: { t: number }, changeAt: number) {
  const calls = new Map<string, number>()
  let updatedAt = 0
  let firstUpdateAt: number | undefined
  let verdictAt: number | undefined
  let updates = 0
  const td = (r: number) => ({
    taskDefinitionArn: arn(r),
    family: 'app',
    revision: r,
    status: 'ACTIVE',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'app', image: `app:${r}` }]
  })
  const dep = (d: Partial<Deployment>): Deployment => ({
    status: 'PRIMARY',
    desiredCount: 2,
    runningCount: 0,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    createdAt: new Date(updatedAt),
    ...d
  })
  const svc = (deployments: Deployment[], breaker: boolean): Service => ({
    serviceName: 'app',
    taskDefinition: deployments.find(d => d.status === 'PRIMARY')?.taskDefinition,
    deployments,
    events: [],
    deploymentConfiguration: breaker
      ? { deploymentCircuitBreaker: { enable: true, rollback: true } }
      : {}
  })
  /** The deployment of revision 1 that ran before the deploy, fully rolled out. */
  const old = (status: 'PRIMARY' | 'ACTIVE') =>
    dep({
      id: 'ecs-svc/old',
      taskDefinition: arn(1),
      status,
      runningCount: 2,
      rolloutState: 'COMPLETED'
    })
  const describe = (): Service => {
    const breaker = kind === 'circuit-breaker'
    if (updates === 0) return svc([old('PRIMARY')], breaker)
    const elapsed = (clock.t - updatedAt) / 1000
    if (updates === 2) {
      return svc(
        [
          dep({
            id: 'ecs-svc/back',
            taskDefinition: arn(1),
            runningCount: 2,
            rolloutState: 'COMPLETED'
          })
        ],
        false
      )
    }
    const done = elapsed >= changeAt
    if (kind === 'success') {
      return svc(
        [
          dep({
            id: 'ecs-svc/new',
            taskDefinition: arn(2),
            runningCount: done ? 2 : 1,
            rolloutState: done ? 'COMPLETED' : 'IN_PROGRESS'
          })
        ],
        false
      )
    }
    if (kind === 'circuit-breaker' && elapsed >= changeAt + 20) {
      // ECS's own rollback (to the last revision that completed), COMPLETED 20 s after the failure.
      return svc(
        [
          dep({
            id: 'ecs-svc/ecs-back',
            taskDefinition: arn(1),
            runningCount: 2,
            rolloutState: 'COMPLETED',
            createdAt: new Date(updatedAt + (changeAt + 1) * 1000)
          }),
          dep({
            id: 'ecs-svc/new',
            taskDefinition: arn(2),
            status: 'ACTIVE',
            rolloutState: 'FAILED'
          })
        ],
        true
      )
    }
    if (kind === 'circuit-breaker') {
      return svc(
        [
          dep({
            id: 'ecs-svc/new',
            taskDefinition: arn(2),
            rolloutState: done ? 'FAILED' : 'IN_PROGRESS',
            failedTasks: done ? 5 : 1
          }),
          old('ACTIVE')
        ],
        true
      )
    }
    // failedTasks as ECS shows it: reset to 0 once a task ran; the step counts stopped tasks.
    return svc(
      [
        dep({ id: 'ecs-svc/new', taskDefinition: arn(2), runningCount: 1, failedTasks: 0 }),
        old('ACTIVE')
      ],
      false
    )
  }
  const client: Pick<ECSClient, 'send'> = {
    send: (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const op = command.constructor.name.replace(/Command$/, '')
      calls.set(op, (calls.get(op) ?? 0) + 1)
      switch (op) {
        case 'DescribeServices':
          return { services: [describe()] }
        case 'DescribeTaskDefinition':
          return {
            taskDefinition: td(String(command.input.taskDefinition).endsWith(':2') ? 2 : 1),
            tags: []
          }
        case 'RegisterTaskDefinition':
          return { taskDefinition: td(2) }
        case 'UpdateService':
          updates++
          updatedAt = clock.t
          firstUpdateAt ??= clock.t
          return updates === 1
            ? {
                service: svc(
                  [dep({ id: 'ecs-svc/new', taskDefinition: arn(2) })],
                  kind === 'circuit-breaker'
                )
              }
            : { service: svc([dep({ id: 'ecs-svc/back', taskDefinition: arn(1) })], false) }
        case 'ListServiceDeployments':
          throw Object.assign(new Error('unknown'), { name: 'UnknownOperationException' })
        case 'ListTasks': {
          if (command.input.startedBy !== 'ecs-svc/new' || kind !== 'failed-tasks')
            return { taskArns: [] }
          const stopped = (clock.t - updatedAt) / 1000 >= changeAt ? 3 : 1
          return { taskArns: Array.from({ length: stopped }, (_, i) => `arn:task/${i}`) }
        }
        case 'TagResource':
          verdictAt ??= clock.t
          return {}
        default:
          return {}
      }
    }) as Pick<ECSClient, 'send'>['send']
  }
  /** Seconds from the change in ECS to the step's verdict (the outcome tag, set at the verdict). */
  const verdictLatency = () => ((verdictAt ?? NaN) - (firstUpdateAt ?? NaN)) / 1000 - changeAt
  return { client, calls, verdictLatency }
}

const quiet: Log = {
  info: () => {},
  notice: () => {},
  warning: () => {},
  error: () => {},
  group: (_n, fn) => fn()
}
const settings = readSettings(
  name =>
    ({
      service: 'app',
      'aws-region': 'us-east-1',
      'poll-interval-seconds': String(INTERVAL_S),
      'container-name': 'app',
      image: 'app:2'
    })[name] ?? '',
  process.env
)

async function once(kind: Kind, changeAt: number) {
  const clock = { t: 1_000_000 }
  const ecs = scriptedEcs(kind, clock, changeAt)
  const io = {
    ecs: new EcsApi(ecs.client),
    // The scripted revision logs nowhere: no CloudWatch Logs call is made.
    logs: new LogsApi({ send: () => Promise.reject(new Error('no CloudWatch Logs here')) }),
    ecr: new EcrApi({ send: () => Promise.reject(new Error('no ECR here')) }),
    // ECS-controller services only: no kind brings an adapter of its own (no CodeDeploy call).
    client: () => {
      throw new Error('no other AWS client here')
    },
    // No scheduled tasks: neither EventBridge nor Scheduler is called.
    events: new EventsApi({ send: () => Promise.reject(new Error('no EventBridge here')) }),
    scheduler: new SchedulerApi({ send: () => Promise.reject(new Error('no Scheduler here')) }),
    log: quiet,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms
    },
    httpGet: async () => 200,
    tempDir: mkdtempSync(join(tmpdir(), 'bench-')),
    files: diskFiles,
    post: new PostState(() => {}),
    run: { sha: 'abc', runUrl: 'https://example/run' },
    region: 'us-east-1'
  }
  const report = await runEngine({ s: settings, io })
  return { latency: ecs.verdictLatency(), outcome: report.outcome, calls: ecs.calls }
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]!
      : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2
  return { median, max: sorted[sorted.length - 1]!, min: sorted[0]! }
}

let seed = 42
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31

console.log(
  `Rollout verdict latency in virtual time (poll-interval-seconds ${INTERVAL_S}, ${RUNS_PER_KIND} rollouts each)`
)
console.log('kind             outcome      median   max    mean AWS calls per deploy')
for (const kind of ['success', 'circuit-breaker', 'failed-tasks'] as const) {
  const latencies: number[] = []
  const outcomes = new Set<string>()
  const calls = new Map<string, number>()
  for (let i = 0; i < RUNS_PER_KIND; i++) {
    const changeAt = Math.round((5 + random() * 295) * 10) / 10
    const r = await once(kind, changeAt)
    latencies.push(r.latency)
    outcomes.add(r.outcome)
    for (const [op, n] of r.calls) calls.set(op, (calls.get(op) ?? 0) + n)
  }
  const s = stats(latencies)
  const mean = (n: number) => (n / RUNS_PER_KIND).toFixed(1)
  const total = [...calls.values()].reduce((a, b) => a + b, 0)
  console.log(
    `${kind.padEnd(16)} ${[...outcomes].join('/').padEnd(12)} ${s.median.toFixed(1).padStart(5)} s ${s.max.toFixed(1).padStart(5)} s  ${mean(total)} (${[...calls].map(([k, v]) => `${k} ${mean(v)}`).join(', ')})`
  )
}
console.log(
  'DescribeServices grows with the rollout time (one per poll), and so does ListTasks where max-failed-tasks\n' +
    'applies (no circuit breaker): failedTasks resets once a task runs, so the step counts its stopped tasks.\n' +
    "With a circuit breaker, the step then watches ECS's rollback to its end; the rest is fixed per deploy."
)
