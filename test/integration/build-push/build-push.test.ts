import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { runPost } from '../../../src/actions/build-push/post.js'
import type { ExecRequest } from '../../../src/build-push/docker.js'
import { execDocker } from '../../../src/actions/build-push/exec.js'
import { readCommands } from '../../../tools/harness/workflow-commands.js'
import { run } from '../../../src/actions/build-push/main.js'
import { createRuntime } from '../../../src/actions/build-push/runtime.js'
import {
  type Registry,
  registryUnavailable,
  startRegistry
} from '../../../tools/harness/registry.js'
import { type RunnerEnv, startRunnerEnv } from '../../support/runner-env.js'
import { probeDocker } from '../../../tools/harness/docker-env.js'
import { STATIC_KEYS, type StandIn, startStandIn } from '../../../tools/stand-in/index.js'

/*
 * action-build-push on a real Docker engine and a real registry (docker-registry with
 * htpasswd auth), with the ECR API played by a local stand-in: build a FROM scratch image
 * with busybox in it, log in, push, check the digest against the registry, rerun with
 * skip-existing, log out in the post step.
 */

const docker = probeDocker()
const problem =
  docker.problem ??
  registryUnavailable() ??
  (existsSync('/bin/busybox') ? undefined : '/bin/busybox is missing (busybox-static)')
const inCi = process.env.CI === 'true'
if (problem && !inCi) {
  console.warn(`Skipping the build-push integration test: ${problem}. (In CI it fails instead.)`)
}
const suite = problem && !inCi ? describe.skip : describe

const SHA = 'feedfacecafebeef0123456789abcdef01234567'
/** A build argument's value, which docker gets and the log never shows. */
const GREETING = 'hunter2-build-arg-value'
const REPOSITORY = `itest/busybox-${process.pid}`

suite('action-build-push on a real engine and registry', () => {
  let registry: Registry
  let aws: StandIn
  let work: string
  const savedEnv = { ...process.env }
  const logs: string[] = []
  const pushedRefs: string[] = []

  beforeAll(async () => {
    if (problem) throw new Error(`The Docker integration test cannot run: ${problem}`)
    registry = await startRegistry()
    aws = await startStandIn({ registry })
    work = mkdtempSync(join(tmpdir(), 'build-push-it-'))
    const context = join(work, 'app')
    execFileSync('mkdir', ['-p', context, join(work, 'docker-config'), join(work, 'runner-temp')])
    copyFileSync('/bin/busybox', join(context, 'busybox'))
    writeFileSync(
      join(context, 'Dockerfile'),
      [
        'FROM scratch',
        'COPY busybox /bin/busybox',
        'RUN ["/bin/busybox", "mkdir", "-p", "/srv"]',
        'RUN ["/bin/busybox", "sh", "-c", "echo hello from build-push > /srv/hello.txt"]',
        // A build argument that must reach docker whole, and a RUN whose output tries a command.
        'ARG GREETING',
        'LABEL greeting=$GREETING',
        `RUN ["/bin/busybox", "sh", "-c", "echo '##[set-output name=injected]yes' ${process.pid}"]`,
        'ENTRYPOINT ["/bin/busybox"]',
        'CMD ["cat", "/srv/hello.txt"]',
        ''
      ].join('\n')
    )
    Object.assign(process.env, aws.endpointEnv, STATIC_KEYS)
    delete process.env.AWS_SESSION_TOKEN
    delete process.env.AWS_PROFILE
    process.env.DOCKER_CONFIG = join(work, 'docker-config')
    if (docker.binDir) process.env.PATH = `${docker.binDir}${delimiter}${process.env.PATH ?? ''}`
  }, 60_000)

  afterAll(async () => {
    for (const ref of pushedRefs) {
      try {
        execFileSync('docker', ['image', 'rm', '--force', ref], { stdio: 'ignore' })
      } catch {
        // already gone
      }
    }
    await aws?.close()
    await registry?.stop()
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key]
    Object.assign(process.env, savedEnv)
    if (work) rmSync(work, { recursive: true, force: true })
    if (docker.binDir) rmSync(docker.binDir, { recursive: true, force: true })
  })

  /** One action step with the runner's contract; returns what it wrote and ran. */
  async function step(): Promise<{
    env: RunnerEnv
    outputs: Record<string, string>
    state: Record<string, string>
    summary: string
    log: string
    docker: ExecRequest[]
    ecrOps: string[]
    exitCode: typeof process.exitCode
  }> {
    const env = startRunnerEnv(
      {
        'aws-region': 'us-east-1',
        repository: REPOSITORY,
        context: join(work, 'app'),
        tags: `${SHA}\nlatest`,
        'keep-images': '10',
        'build-args': `GREETING=${GREETING}`,
        'role-session-name': 'GitHubActions'
      },
      {
        GITHUB_SHA: SHA,
        GITHUB_REPOSITORY: 'megilance/megilance',
        GITHUB_RUN_ID: '4242',
        GITHUB_SERVER_URL: 'https://github.com',
        RUNNER_TEMP: join(work, 'runner-temp')
      }
    )
    const dockerCalls: ExecRequest[] = []
    const before = aws.calls.length
    process.exitCode = undefined
    try {
      await run({
        ...createRuntime(),
        docker: async request => {
          dockerCalls.push(request)
          return execDocker(request)
        }
      })
      const result = {
        env,
        outputs: env.outputs(),
        state: env.state(),
        summary: env.summary(),
        log: env.log(),
        docker: dockerCalls,
        ecrOps: aws.calls.slice(before).map(c => c.op),
        exitCode: process.exitCode
      }
      logs.push(result.log, result.summary, JSON.stringify(result.outputs))
      return result
    } finally {
      process.exitCode = undefined
      env.close()
    }
  }

  it('builds, pushes by digest, skips on rerun, never shows the password, logs out', async () => {
    // 1. The first run: repository created, image built and pushed.
    const first = await step()
    pushedRefs.push(
      `${registry.host}/${REPOSITORY}:${SHA}`,
      `${registry.host}/${REPOSITORY}:latest`
    )
    expect(first.log).not.toContain('::error')
    expect(first.exitCode).toBeUndefined()
    expect(first.ecrOps).toEqual([
      'DescribeRepositories',
      'CreateRepository',
      'PutLifecyclePolicy',
      'GetAuthorizationToken'
    ])
    expect(aws.ecr.repositories.get(REPOSITORY)?.lifecyclePolicy).toContain('"countNumber":10')
    expect(first.docker.map(c => c.args.slice(0, 2).join(' '))).toEqual([
      'buildx version',
      ...(docker.description.includes('buildx') ? ['buildx inspect'] : []),
      'login --username',
      ...(docker.description.includes('buildx')
        ? ['buildx build']
        : [
            `build --file`,
            `push ${registry.host}/${REPOSITORY}:${SHA}`,
            `push ${registry.host}/${REPOSITORY}:latest`
          ])
    ])

    const registryDigest = await registry.manifestDigest(REPOSITORY, SHA)
    expect(registryDigest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(first.outputs).toEqual({
      image: `${registry.host}/${REPOSITORY}@${registryDigest}`,
      'tagged-image': `${registry.host}/${REPOSITORY}:${SHA}`,
      digest: registryDigest,
      registry: registry.host,
      tags: `${SHA}\nlatest`,
      built: 'true'
    })
    expect(await registry.manifestDigest(REPOSITORY, 'latest')).toBe(registryDigest)
    expect((await registry.tags(REPOSITORY)).sort()).toEqual([SHA, 'latest'].sort())
    expect(first.state).toEqual({ registry: registry.host })
    expect(first.summary).toContain(`${registry.host}/${REPOSITORY}@${registryDigest}`)
    expect(first.summary).toContain('built and pushed')

    // The image runs and carries the OCI labels.
    const ran = execFileSync('docker', [
      'run',
      '--rm',
      `${registry.host}/${REPOSITORY}@${registryDigest}`
    ])
    expect(ran.toString().trim()).toBe('hello from build-push')
    const labels = JSON.parse(
      execFileSync('docker', [
        'image',
        'inspect',
        '--format',
        '{{json .Config.Labels}}',
        `${registry.host}/${REPOSITORY}:${SHA}`
      ]).toString()
    ) as Record<string, string>
    expect(labels).toMatchObject({
      greeting: GREETING,
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.source': 'https://github.com/megilance/megilance',
      'ecs-deploy-actions.run-id': '4242'
    })

    // The command was echoed with the build argument by name only; docker's output, a RUN's
    // among it, reached the log with no command the runner would read.
    expect(first.log).toMatch(/\[command\]docker (buildx )?build .*--build-arg GREETING /)
    expect(first.log).not.toContain(GREETING)
    expect(first.log).toContain(`##[set-output name=injected]yes ${process.pid}`)
    expect(readCommands(first.log).outputs).toEqual({})

    // 2. The rerun of the same run: skip-existing finds the tag naming the commit, and the image's
    // labels (the commit, this run); nothing is built, pushed or logged in.
    const writesBefore = countWrites(registry.log())
    expect(writesBefore).toBeGreaterThan(0)
    const second = await step()
    expect(second.exitCode).toBeUndefined()
    expect(second.docker).toEqual([])
    expect(second.ecrOps).toEqual([
      'DescribeRepositories',
      'BatchGetImage',
      'GetDownloadUrlForLayer'
    ])
    expect(countWrites(registry.log())).toBe(writesBefore)
    expect(second.outputs).toEqual({ ...first.outputs, built: 'false' })
    expect(second.state).toEqual({})
    expect(second.summary).toContain('skipped')

    // 3. The post step logs out of the registry.
    const config = join(process.env.DOCKER_CONFIG ?? '', 'config.json')
    expect(readFileSync(config, 'utf8')).toContain(registry.host)
    const post = startRunnerEnv({}, { STATE_registry: first.state.registry ?? '' })
    try {
      await runPost()
      expect(post.log()).toContain(`Logged out of ${registry.host}.`)
      logs.push(post.log())
    } finally {
      post.close()
    }
    expect(readFileSync(config, 'utf8')).not.toContain(registry.host)

    // 4. The password was masked first and shows up nowhere else.
    const everything = logs.join('\n')
    expect(everything).toContain(`::add-mask::${registry.password}`)
    const leaks = everything
      .split('\n')
      .filter(l => l.includes(registry.password) && !l.startsWith('::add-mask::'))
    expect(leaks).toEqual([])
    for (const call of first.docker) expect(call.args.join(' ')).not.toContain(registry.password)
  }, 180_000)
})

/** Requests that write to the registry (blob uploads and manifest puts), from its log. */
function countWrites(log: string): number {
  return (log.match(/http\.request\.method="?(PUT|POST|PATCH)/g) ?? []).length
}
