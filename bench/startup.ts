/*
 * npm run bench:startup [-- --runs N]
 *
 * Prints, for each bundle in dist/ — the actions' and the CLI's, dist/cli — (and, with
 * AWS_ACTIONS_BUNDLES=DIR, beside DIR/amazon-ecs-deploy-task-definition/dist/index.js, the bundle
 * of aws-actions' deploy action):
 *   1. its size: the bytes of JavaScript under dist/<bundle>/ (chunks included);
 *   2. its start-up: the wall time of `node dist/<bundle>/index.js` with an empty environment
 *      (an action loads, finds no inputs and fails; the CLI loads and prints its help: both load
 *      every module of the bundle), median of N runs (default 15);
 *   3. with the aws-actions bundle: each of ours run in pairs with it, alternating which goes
 *      first, and the median of the pairs' ratios.
 * Numbers only: nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const runsArg = process.argv.indexOf('--runs')
const RUNS = Math.max(5, runsArg > 0 ? Number(process.argv[runsArg + 1]) || 15 : 15)
const print = (text = '') => process.stdout.write(`${text}\n`)

/** Bytes of JavaScript in a bundle's folder. */
function jsBytes(dir: string): number {
  return readdirSync(dir)
    .filter(name => name.endsWith('.js'))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
}

/** Wall time of one run, in milliseconds. */
function wall(bundle: string): number {
  const started = process.hrtime.bigint()
  spawnSync(process.execPath, [bundle], { env: {}, stdio: 'ignore' })
  return Number(process.hrtime.bigint() - started) / 1e6
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`
const ms = (value: number) => `${value.toFixed(0)} ms`

const ours = readdirSync('dist')
  .filter(name => existsSync(join('dist', name, 'index.js')))
  .map(name => ({ name, dir: join('dist', name), bundle: join('dist', name, 'index.js') }))
const theirsDir = process.env.AWS_ACTIONS_BUNDLES
  ? join(process.env.AWS_ACTIONS_BUNDLES, 'amazon-ecs-deploy-task-definition', 'dist')
  : undefined
const theirs = theirsDir && existsSync(join(theirsDir, 'index.js')) ? theirsDir : undefined

print(`Node ${process.version}, ${RUNS} runs each`)
print()
print('| bundle | JavaScript | start-up (median) |')
print('|---|---|---|')
for (const b of ours) {
  wall(b.bundle) // warm the file cache
  const times = Array.from({ length: RUNS }, () => wall(b.bundle))
  print(`| ${b.name} | ${mb(jsBytes(b.dir))} | ${ms(median(times))} |`)
}
const actions = ours.filter(b => existsSync(join(`action-${b.name}`, 'action.yml')))
print(`| the two actions together | ${mb(actions.reduce((sum, b) => sum + jsBytes(b.dir), 0))} | |`)
if (theirs === undefined) {
  print()
  print('Set AWS_ACTIONS_BUNDLES=DIR (DIR/amazon-ecs-deploy-task-definition/dist) to compare.')
  process.exit(0)
}
const theirBundle = join(theirs, 'index.js')
wall(theirBundle)
const theirTimes = Array.from({ length: RUNS }, () => wall(theirBundle))
print(
  `| aws-actions/amazon-ecs-deploy-task-definition | ${mb(jsBytes(theirs))} | ${ms(median(theirTimes))} |`
)
print()
print('Start-up beside aws-actions/amazon-ecs-deploy-task-definition, in pairs:')
for (const b of ours) {
  const ratios = Array.from({ length: RUNS }, (_, i) => {
    const [first, second] = i % 2 ? [theirBundle, b.bundle] : [b.bundle, theirBundle]
    const a = wall(first)
    const c = wall(second)
    return i % 2 ? c / a : a / c
  })
  print(`- ${b.name}: ${median(ratios).toFixed(2)}× (median of ${RUNS} pairs)`)
}
