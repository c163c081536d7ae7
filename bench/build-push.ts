/*
 * Build-and-push timings of the packaged action (dist/build-push), run as the runner runs it
 * (node dist/build-push/index.js with INPUT_*, GITHUB_OUTPUT, ...), against a real Docker
 * engine, a real registry with htpasswd auth and the local ECR stand-in:
 *
 *   1. cold build and push of a multi-layer image (empty engine, empty registry);
 *   2. a rerun of the same run with skip-existing (a tag naming the commit is there, pushed by
 *      this run: no build);
 *   3. warm rebuild after a one-line source change, on an emptied engine, with the inline
 *      cache from the last pushed image, versus the same rebuild without cache.
 *
 * Run: node scripts/package.js build-push && npx ncc run bench/build-push.ts
 * "Emptied engine" means this bench's images removed and the BuildKit cache pruned
 * (`docker builder prune -af`); other images on the engine are left alone.
 */
import { spawn, spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { STATIC_KEYS, type StandIn, startStandIn } from '../tools/stand-in/index.js'
import { type DockerEnv, probeDocker } from '../tools/harness/docker-env.js'
import { type Registry, startRegistry } from '../tools/harness/registry.js'
import { parseFileCommands } from '../tools/harness/runner.js'

const ROOT = process.cwd()
const MAIN = resolve(ROOT, 'dist/build-push/index.js')
const POST = resolve(ROOT, 'dist/build-push/post.js')
const REPOSITORY = 'bench/build-push'
const SPIN = Number(process.env.BENCH_SPIN ?? 2_500_000)

interface StepResult {
  readonly seconds: number
  readonly outputs: Record<string, string>
  readonly state: Record<string, string>
}

/** What the bench runs in: the engine, the registry, the ECR stand-in and a work folder. */
interface Bench {
  readonly docker: DockerEnv
  readonly registry: Registry
  readonly aws: StandIn
  readonly work: string
  /** The build context: a Dockerfile with a slow layer, and app.txt. */
  readonly context: string
  readonly PATH: string
  /** Image references the steps pushed, removed again from the engine. */
  readonly refs: string[]
  steps: number
}

async function main(): Promise<void> {
  if (!existsSync(MAIN))
    throw new Error('dist/build-push is missing: run node scripts/package.js build-push')
  const docker = probeDocker()
  if (docker.problem) throw new Error(`cannot bench: ${docker.problem}`)
  const registry = await startRegistry()
  const aws = await startStandIn({ registry })
  const work = mkdtempSync(join(tmpdir(), 'bench-build-push-'))
  const context = join(work, 'app')
  mkdirSync(context)
  mkdirSync(join(work, 'docker-config'))
  writeContext(context)
  const PATH = docker.binDir
    ? `${docker.binDir}${delimiter}${process.env.PATH ?? ''}`
    : (process.env.PATH ?? '')
  const bench: Bench = { docker, registry, aws, work, context, PATH, refs: [], steps: 0 }
  try {
    console.log(
      `build-push bench: ${docker.description}; registry ${registry.host} (htpasswd); AWS stand-in ${aws.endpoint}`
    )
    await runScenario(bench)
  } finally {
    emptyEngine(bench)
    await aws.close()
    await registry.stop()
    rmSync(work, { recursive: true, force: true })
    if (docker.binDir) rmSync(docker.binDir, { recursive: true, force: true })
  }
}

/** The image: busybox, a slow "dependency install" (CPU work and a 40 MB layer), the app. */
function writeContext(context: string): void {
  copyFileSync('/bin/busybox', join(context, 'busybox'))
  writeFileSync(
    join(context, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
      '# A slow "dependency install": CPU work and a 40 MB layer.',
      `RUN i=0; while [ $i -lt ${SPIN} ]; do i=$((i+1)); done; mkdir -p /opt && dd if=/dev/urandom of=/opt/deps.bin bs=1M count=40 2>/dev/null`,
      'RUN mkdir -p /opt/lib && for n in $(seq 1 300); do echo "module $n" > /opt/lib/m$n.js; done',
      'COPY app.txt /srv/app.txt',
      'CMD ["cat", "/srv/app.txt"]',
      ''
    ].join('\n')
  )
  writeFileSync(join(context, 'app.txt'), 'version one\n')
}

/** This bench's images removed and the BuildKit cache pruned; other images are left alone. */
function emptyEngine(bench: Bench): void {
  const docker$ = (...args: string[]) =>
    spawnSync('docker', args, { env: { ...process.env, PATH: bench.PATH }, stdio: 'ignore' })
  for (const ref of bench.refs) docker$('image', 'rm', '--force', ref)
  docker$('builder', 'prune', '-af')
}

/** The four runs, then their timings. */
async function runScenario(bench: Bench): Promise<void> {
  emptyEngine(bench)
  const cold = await step(bench, 'v1-feedfac', 'auto')
  expectBuilt(cold, true)
  const skip = await step(bench, 'v1-feedfac', 'auto')
  expectBuilt(skip, false)

  writeFileSync(join(bench.context, 'app.txt'), 'version two\n')
  emptyEngine(bench)
  const warm = await step(bench, 'v2-feedfac', 'auto')
  expectBuilt(warm, true)
  emptyEngine(bench)
  const uncached = await step(bench, 'v3-feedfac', 'none')
  expectBuilt(uncached, true)

  const rows: [string, number, string][] = [
    ['cold build + push (empty engine, empty registry)', cold.seconds, ''],
    [
      'rerun, skip-existing (tag already in ECR)',
      skip.seconds,
      `${ratio(cold.seconds, skip.seconds)} faster than cold`
    ],
    [
      'one-line change, emptied engine, inline cache from ECR',
      warm.seconds,
      `${ratio(uncached.seconds, warm.seconds)} faster than without cache`
    ],
    [
      'one-line change, emptied engine, no cache',
      uncached.seconds,
      `${ratio(uncached.seconds, cold.seconds)} of cold`
    ]
  ]
  console.log('')
  for (const [name, seconds, note] of rows) {
    console.log(`${name.padEnd(58)} ${seconds.toFixed(2).padStart(7)} s  ${note}`)
  }
  console.log('')
  console.log(`image: ${warm.outputs.image}`)
}

/** One run of the action (main, then post when it logged in), as the runner runs it. */
async function step(bench: Bench, tag: string, cache: string): Promise<StepResult> {
  const { work, registry } = bench
  const n = ++bench.steps
  const files = {
    GITHUB_OUTPUT: join(work, `out-${n}`),
    GITHUB_STATE: join(work, `state-${n}`),
    GITHUB_STEP_SUMMARY: join(work, `summary-${n}`)
  }
  for (const f of Object.values(files)) writeFileSync(f, '')
  const env: NodeJS.ProcessEnv = {
    ...stepEnv(bench),
    ...files,
    INPUT_REPOSITORY: REPOSITORY,
    'INPUT_AWS-REGION': 'us-east-1',
    INPUT_CONTEXT: bench.context,
    INPUT_TAGS: tag,
    INPUT_CACHE: cache,
    INPUT_PUSH: 'true',
    'INPUT_SKIP-EXISTING': 'true',
    'INPUT_CREATE-REPOSITORY': 'true'
  }
  bench.refs.push(`${registry.host}/${REPOSITORY}:${tag}`)
  const started = process.hrtime.bigint()
  // Asynchronously: the ECR stand-in answers from this process.
  const result = await runNode(MAIN, env)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (result.status !== 0) {
    throw new Error(`step ${n} (${tag}) failed:\n${(result.stdout + result.stderr).slice(-3000)}`)
  }
  if (
    (result.stdout + result.stderr).replace(/::add-mask::.*$/gm, '').includes(registry.password)
  ) {
    throw new Error('the registry password appeared in the output')
  }
  const state = parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8'))
  if (state.registry) {
    const saved = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]))
    await runNode(POST, { ...env, ...saved })
  }
  return { seconds, outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')), state }
}

/** The runner's variables every step has: PATH with the bench's docker, the stand-in, keys. */
function stepEnv({ aws, work, PATH }: Bench): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH,
    ...aws.endpointEnv,
    ...STATIC_KEYS,
    DOCKER_CONFIG: join(work, 'docker-config'),
    RUNNER_TEMP: work,
    GITHUB_SHA: 'feedfacecafebeef0123456789abcdef01234567',
    GITHUB_RUN_ID: '4242',
    GITHUB_REPOSITORY: 'megilance/megilance',
    GITHUB_SERVER_URL: 'https://github.com'
  }
}

function runNode(
  script: string,
  env: NodeJS.ProcessEnv
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()))
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    child.once('error', fail)
    child.once('close', status => done({ status, stdout, stderr }))
  })
}

function expectBuilt(result: StepResult, built: boolean): void {
  if (result.outputs.built !== String(built)) {
    throw new Error(`expected built=${built}, got ${JSON.stringify(result.outputs)}`)
  }
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(1)}x`
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exitCode = 1
})
