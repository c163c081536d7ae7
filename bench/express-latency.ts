/**
 * How soon does action-ecs-deploy end after an Express service's deployment ends? Runs the
 * packaged action (dist/ecs-deploy) under the runner's contract against the stand-in's Express
 * Mode, in wall time: each update's canary deployment moves on its own clock (one step each
 * stepMs, whoever looks), so it ends SUCCESSFUL, or ROLLBACK_SUCCESSFUL after its alarm, at a
 * moment the step's polls do not choose. The latency is from that moment (the service
 * deployment's finishedAt) to the step's exit. Goal: at most one poll interval. Prints numbers;
 * asserts nothing.
 *
 *   npm run package && npm run bench:express [-- --runs N]
 */
import {
  DescribeServiceDeploymentsCommand,
  ECSClient,
  ListServiceDeploymentsCommand
} from '@aws-sdk/client-ecs'
import { CLUSTER, WEB, expressInputs, expressWorld, image } from '../tools/harness/express.js'
import type { StepResult } from '../tools/harness/runner.js'
import {
  type ExpressScenario,
  REGION,
  STATIC_KEYS,
  type StandIn,
  expressDeployments
} from '../tools/stand-in/index.js'

const runsArg = process.argv.indexOf('--runs')
const RUNS = Math.max(3, runsArg > 0 ? Number(process.argv[runsArg + 1]) || 8 : 8)
const POLL_S = 1
const print = (text = '') => process.stdout.write(`${text}\n`)

interface Sample {
  readonly status: string
  /** From the service deployment's end to the step's exit, ms. */
  readonly latencyMs: number
  readonly outcome: string
}

/** When the newest service deployment of the service ended, and how. */
async function endOf(standIn: StandIn): Promise<{ status: string; at: number }> {
  const ecs = new ECSClient({
    region: REGION,
    endpoint: standIn.endpoint,
    credentials: {
      accessKeyId: STATIC_KEYS.AWS_ACCESS_KEY_ID,
      secretAccessKey: STATIC_KEYS.AWS_SECRET_ACCESS_KEY
    }
  })
  try {
    const list = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: WEB })
    )
    const newest = [...(list.serviceDeployments ?? [])].sort(
      (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0)
    )[0]
    const out = await ecs.send(
      new DescribeServiceDeploymentsCommand({
        serviceDeploymentArns: [newest?.serviceDeploymentArn ?? '']
      })
    )
    const sd = out.serviceDeployments?.[0]
    return { status: sd?.status ?? '?', at: sd?.finishedAt?.getTime() ?? Number.NaN }
  } finally {
    ecs.destroy()
  }
}

/** One deploy of megilance-web:2 whose canary ends as the scenario says, measured. */
async function sample(scenario: ExpressScenario): Promise<Sample> {
  let result: Sample | undefined
  const steps: StepResult[] = []
  await expressWorld([scenario], steps, async ({ standIn, job }) => {
    const step = await job.run(
      'ecs-deploy',
      expressInputs({
        'container-name': 'Main',
        image: image('2'),
        'poll-interval-seconds': String(POLL_S),
        'wait-for-minutes': '10'
      })
    )
    const exitAt = step.spawnedAt + step.durationMs
    const end = await endOf(standIn)
    result = { status: end.status, latencyMs: exitAt - end.at, outcome: step.outputs.outcome ?? '' }
  })
  if (result === undefined) throw new Error('no sample')
  return result
}

/** A clock for the canary that does not beat with the polls: a step each 150 to 450 ms. */
const timing = () => ({ minuteMs: 100, stepMs: 150 + Math.round(Math.random() * 300) })

function report(title: string, samples: readonly Sample[]): void {
  const sorted = samples.map(s => s.latencyMs).sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  const within = samples.filter(s => s.latencyMs <= POLL_S * 1000).length
  print(`${title}`)
  print(
    `  status/outcome: ${[...new Set(samples.map(s => `${s.status} → ${s.outcome}`))].join(', ')}`
  )
  print(
    `  latency to exit (ms): min ${Math.round(sorted[0] ?? 0)}, median ${Math.round(at(0.5))}, max ${Math.round(sorted.at(-1) ?? 0)}`
  )
  print(
    `  in polls of ${POLL_S} s: median ${(at(0.5) / (POLL_S * 1000)).toFixed(2)}, max ${((sorted.at(-1) ?? 0) / (POLL_S * 1000)).toFixed(2)}; within one poll: ${within}/${samples.length}`
  )
}

async function main(): Promise<void> {
  print(`Express Mode: from the service deployment's end to the step's exit (${RUNS} runs each)`)
  print('')
  const succeeded: Sample[] = []
  const rolledBack: Sample[] = []
  for (let i = 0; i < RUNS; i++) {
    succeeded.push(await sample(expressDeployments.succeeds(timing())))
    rolledBack.push(await sample(expressDeployments.alarmFires(timing())))
  }
  report('SUCCESSFUL → exit (outcome succeeded)', succeeded)
  print('')
  report(
    'ROLLBACK_SUCCESSFUL → exit (outcome rolled-back: explained, then ECS rollback read)',
    rolledBack
  )
}

await main()
