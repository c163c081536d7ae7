/**
 * How soon does action-ecs-deploy end after CodeDeploy does, on a service on the CODE_DEPLOY
 * controller? Runs the real engine (runEngine) against a scripted ECS and CodeDeploy in virtual
 * time: each deployment Succeeds, or Fails and is rolled back by CodeDeploy, at a random moment;
 * the step's end is when the engine returns its report. Beside it, the official action's wait
 * (aws-actions/amazon-ecs-deploy-task-definition: the SDK's waitUntilDeploymentSuccessful with
 * minDelay 15 s and the waiter's default maxDelay 120 s) on the same moments. Prints numbers;
 * asserts nothing.
 *
 *   npm run bench:codedeploy
 */
import { benchDeps } from './support/deps.js'
import { arn, taskDefinition } from './support/scripted-ecs.js'
import type { CodeDeployClient, DeploymentInfo } from '@aws-sdk/client-codedeploy'
import type { ECSClient, Service } from '@aws-sdk/client-ecs'
import { EcsApi } from '../src/aws/ecs/ecs.js'
import { runEngine } from '../src/engine/modes/index.js'
import { readSettings } from '../src/engine/settings/settings.js'

type Scenario = 'succeeds' | 'rolled back by CodeDeploy'
const INTERVAL_S = 10
const RUNS = 25
const ID = 'd-BENCH0001'
const BACK = 'd-BENCH0002'
type Command = { constructor: { name: string }; input: Record<string, unknown> }

/** When things happen, in seconds after CreateDeployment (virtual time). */
interface Moments {
  /** Our deployment Succeeds, or Fails (CodeDeploy then starts its rollback). */
  readonly end: number
  /** The rollback deployment Succeeds. */
  readonly rollbackEnd: number
}

/** A service on the CODE_DEPLOY controller running revision 1. */
const service: Service = {
  serviceName: 'app',
  clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/default',
  status: 'ACTIVE',
  taskDefinition: arn(1),
  deploymentController: { type: 'CODE_DEPLOY' },
  loadBalancers: [{ targetGroupArn: 'tg', containerName: 'app', containerPort: 80 }],
  taskSets: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: arn(1) }],
  deployments: []
}

// The scripted revision logs nowhere: no CloudWatch Logs call is made.
const td = taskDefinition

function scriptedEcs(): Pick<ECSClient, 'send'> {
  return {
    send: (async (command: Command) => {
      switch (command.constructor.name.replace(/Command$/, '')) {
        case 'DescribeServices':
          return { services: [service] }
        case 'DescribeTaskDefinition':
          return { taskDefinition: td(1), tags: [] }
        case 'RegisterTaskDefinition':
          return { taskDefinition: td(2) }
        case 'ListTasks':
          return { taskArns: [] }
        default:
          return {}
      }
    }) as Pick<ECSClient, 'send'>['send']
  }
}

/** CodeDeploy: the group of app, our deployment and its rollback as `m` scripts them. */
function scriptedCodeDeploy(scenario: Scenario, clock: { t: number }, m: Moments) {
  let createdAt: number | undefined
  const since = () => (clock.t - (createdAt ?? clock.t)) / 1000
  const ours = (): DeploymentInfo => {
    if (since() < m.end) return { deploymentId: ID, status: 'InProgress' }
    if (scenario === 'succeeds') return { deploymentId: ID, status: 'Succeeded' }
    const error = { code: 'HOOK_EXECUTION_FAILURE' as const, message: 'smoke test failed' }
    const rollbackInfo = { rollbackDeploymentId: BACK }
    return { deploymentId: ID, status: 'Failed', errorInformation: error, rollbackInfo }
  }
  const back = (): DeploymentInfo => ({
    deploymentId: BACK,
    status: since() < m.rollbackEnd ? 'InProgress' : 'Succeeded',
    creator: 'codeDeployRollback'
  })
  const group = {
    deploymentGroupName: 'dg',
    ecsServices: [{ clusterName: 'default', serviceName: 'app' }]
  }
  const client: Pick<CodeDeployClient, 'send'> = {
    send: (async (command: Command) => {
      switch (command.constructor.name.replace(/Command$/, '')) {
        case 'ListApplications':
          return { applications: ['app'] }
        case 'ListDeploymentGroups':
          return { deploymentGroups: ['dg'] }
        case 'BatchGetDeploymentGroups':
          return { deploymentGroupsInfo: [{ applicationName: 'app', ...group }] }
        case 'CreateDeployment':
          createdAt = clock.t
          return { deploymentId: ID }
        case 'GetDeployment':
          return { deploymentInfo: command.input.deploymentId === BACK ? back() : ours() }
        case 'GetDeploymentTarget':
          return {
            deploymentTarget: { ecsTarget: { targetId: 'default:app', lifecycleEvents: [] } }
          }
        default:
          return {}
      }
    }) as Pick<CodeDeployClient, 'send'>['send']
  }
  /** Seconds from the moment that matters (the end, or the rollback's end) to `at`. */
  const after = (at: number) =>
    (at - (createdAt ?? NaN)) / 1000 - (scenario === 'succeeds' ? m.end : m.rollbackEnd)
  return { client, after }
}

const settings = readSettings(
  name =>
    ({
      service: 'app',
      'aws-region': 'us-east-1',
      'poll-interval-seconds': String(INTERVAL_S),
      'wait-for-minutes': '60',
      'container-name': 'app',
      image: 'app:2'
    })[name] ?? '',
  process.env
)

/** Seconds from CodeDeploy's end (or its rollback's) to the engine's report, and the outcome. */
async function once(scenario: Scenario, m: Moments) {
  const clock = { t: 1_000_000 }
  const cd = scriptedCodeDeploy(scenario, clock, m)
  // The one adapter a kind brings here: CodeDeploy's, on the scripted client.
  const io = benchDeps({ ecs: new EcsApi(scriptedEcs()), kindClient: cd.client }, clock)
  const report = await runEngine({ s: settings, io })
  return { latency: cd.after(clock.t), outcome: report.outcome }
}

/**
 * The official action's wait on the same moment: waitUntilDeploymentSuccessful reads at once,
 * then after delays drawn between minDelay and minDelay·2^(n−1), capped at maxDelay, and maxDelay
 * once past log2(maxDelay/minDelay)+1 attempts (@smithy/core's waiter: exponentialBackoffWithJitter).
 * Seconds from `moment` to the first read at or after it.
 */
function officialWait(moment: number, random: () => number, min = 15, max = 120): number {
  const ceiling = Math.log(max / min) / Math.log(2) + 1
  let t = 0
  for (let attempt = 1; t < moment; attempt++) {
    const cap = Math.min(min * 2 ** (attempt - 1), max)
    t += attempt > ceiling ? max : min + random() * (cap - min)
  }
  return t - moment
}

function stats(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length / 2
  const median =
    sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return `median ${median.toFixed(1).padStart(5)} s, max ${sorted.at(-1)!.toFixed(1).padStart(5)} s`
}

let seed = 42
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31

console.log(
  `CodeDeploy: from CodeDeploy's end to the step's end, in virtual time (poll-interval-seconds ${INTERVAL_S}, ${RUNS} deploys each)`
)
for (const scenario of ['succeeds', 'rolled back by CodeDeploy'] as const) {
  const ours: number[] = []
  const theirs: number[] = []
  const outcomes = new Set<string>()
  for (let i = 0; i < RUNS; i++) {
    const end = Math.round((30 + random() * 570) * 10) / 10
    const m = { end, rollbackEnd: end + Math.round((20 + random() * 280) * 10) / 10 }
    const r = await once(scenario, m)
    ours.push(r.latency)
    outcomes.add(r.outcome)
    theirs.push(officialWait(end, random))
  }
  const what = scenario === 'succeeds' ? 'Succeeded → exit' : 'end of the rollback → exit'
  console.log(`  ${what.padEnd(27)} this step (${[...outcomes].join('/')}): ${stats(ours)}`)
  console.log(
    scenario === 'succeeds'
      ? `  ${''.padEnd(27)} official waiter:            ${stats(theirs)}`
      : `  ${''.padEnd(27)} official waiter: exits at the failure (${stats(theirs)} after it); the rollback is not watched`
  )
}
console.log(
  `Goal: at most one poll (${INTERVAL_S} s). The official waiter's reads start 15 s apart and drift to 120 s apart.`
)
