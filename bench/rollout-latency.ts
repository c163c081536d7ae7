/**
 * How soon does action-ecs-deploy give its verdict after ECS changes state, and how many AWS
 * calls does a deploy make? Runs the real engine (runEngine) against a scripted ECS in virtual
 * time (support/scripted-ecs.ts): every rollout changes state at a random moment; the verdict is
 * when the step tags the revision's outcome. Prints numbers; asserts nothing.
 *
 *   npm run bench:rollout
 */
import { benchDeps } from './support/deps.js'
import { EcsApi } from '../src/aws/ecs/ecs.js'
import { runEngine } from '../src/engine/modes/index.js'
import { readSettings } from '../src/engine/settings/settings.js'
import { type Kind, scriptedEcs } from './support/scripted-ecs.js'

const INTERVAL_S = 10
const RUNS_PER_KIND = 25

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
  // The scripted revision logs nowhere, and no kind brings an adapter of its own.
  const io = benchDeps({ ecs: new EcsApi(ecs.client) }, clock)
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
