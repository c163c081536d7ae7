import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { probeDocker, removeImages } from '../../../tools/harness/machine.js'
import { Job, type StepResult, annotations } from '../../../tools/harness/runner.js'
import { STATIC_KEYS, type StandIn, startStandIn } from '../../../tools/stand-in/index.js'
import { type Registry, startRegistry } from '../../../tools/harness/registry.js'

/*
 * skip-existing at the runner level: dist/build-push/index.js as the runner runs it, against the
 * shared AWS stand-in (ECR answered from a real registry with htpasswd auth) and a real Docker
 * engine. An image is reused only when a requested tag and its revision label both name this
 * commit, and only in a repository with IMMUTABLE tags or when this run (GITHUB_RUN_ID) pushed it;
 * an IMMUTABLE repository whose tag already names another image is refused before anything is
 * written.
 */

const docker = probeDocker()
const inCi = process.env.CI === 'true'
if (docker.problem && !inCi) {
  console.warn(`Skipping the skip-existing runner tests: ${docker.problem}. (In CI they fail.)`)
}
const suite = docker.problem && !inCi ? describe.skip : describe

const COMMIT_A = '1111111aaaaaaa1111111aaaaaaa1111111aaaaa'
const COMMIT_B = '2222222bbbbbbb2222222bbbbbbb2222222bbbbb'

suite('action-build-push skip-existing, from the bundle', () => {
  let registry: Registry
  let aws: StandIn
  let workspace: string

  beforeAll(async () => {
    if (docker.problem) throw new Error(`Docker is needed here: ${docker.problem}`)
    registry = await startRegistry()
    aws = await startStandIn({ registry })
    workspace = mkdtempSync(join(tmpdir(), 'skip-existing-'))
    mkdirSync(join(workspace, 'app'))
    copyFileSync('/bin/busybox', join(workspace, 'app', 'busybox'))
    writeFileSync(
      join(workspace, 'app', 'Dockerfile'),
      'FROM scratch\nCOPY busybox /bin/busybox\nENTRYPOINT ["/bin/busybox", "true"]\n'
    )
  }, 60_000)

  afterAll(async () => {
    if (registry) removeImages(registry.host, docker.pathPrefix)
    await aws?.close()
    await registry?.stop()
    if (workspace) rmSync(workspace, { recursive: true, force: true })
  })

  /** One build-push step of a job of run `runId` checked out at `sha`; the ECR calls it made. */
  async function build(
    sha: string,
    repository: string,
    extra: Record<string, string> = {},
    runId?: string
  ) {
    const job = new Job({
      workspace,
      endpointEnv: aws.endpointEnv,
      staticKeys: STATIC_KEYS,
      pathPrefix: docker.pathPrefix,
      sha,
      ...(runId ? { runId } : {})
    })
    const mark = aws.calls.length
    const writes = registryWrites(registry)
    try {
      const step = await job.run('build-push', {
        'aws-region': 'us-east-1',
        repository,
        context: 'app',
        ...extra
      })
      return {
        step,
        ops: aws.calls.slice(mark).map(c => c.op),
        pushed: registryWrites(registry) - writes
      }
    } finally {
      job.close()
    }
  }

  it('a moving tag alone is built again, whichever commit its image carries', async () => {
    const first = await build(COMMIT_A, 'moving', { tags: 'latest' })
    expectOk(first.step)
    expect(first.step.outputs.built).toBe('true')
    const oldDigest = first.step.outputs.digest ?? ''

    // Commit B with the same moving tag: latest names commit A's image, so B is built.
    const second = await build(COMMIT_B, 'moving', { tags: 'latest' })
    expectOk(second.step)
    const newDigest = second.step.outputs.digest ?? ''
    expect(second.step.outputs.built).toBe('true')
    expect(newDigest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(newDigest).not.toBe(oldDigest)
    expect(await registry.manifestDigest('moving', 'latest')).toBe(newDigest)
    expect(second.step.outputs.image).toBe(`${registry.host}/moving@${newDigest}`)
    expect(second.step.log).toContain(
      `Building: no requested tag names commit ${COMMIT_B.slice(0, 12)} (latest names ${oldDigest}); only an image under such a tag is reused.`
    )
    // No image under a moving tag alone is read (then DescribeImages, for an inline cache source,
    // where the builder uses one).
    expect(second.ops.slice(0, 3)).toEqual([
      'DescribeRepositories',
      'BatchGetImage',
      'GetAuthorizationToken'
    ])
    expect(second.pushed).toBeGreaterThan(0)

    // Commit B again: latest now carries B in its revision label, but no tag names the commit.
    const third = await build(COMMIT_B, 'moving', { tags: 'latest' })
    expectOk(third.step)
    expect(third.step.outputs.built).toBe('true')
    expect(third.pushed).toBeGreaterThan(0)
  }, 180_000)

  it("a MUTABLE repository: this run's image is reused by its re-run, another run builds", async () => {
    const first = await build(COMMIT_A, 'pinned', {}, '7000000001')
    expectOk(first.step)
    expect(first.step.outputs.built).toBe('true')

    // The same run again (a re-run attempt: GITHUB_RUN_ID unchanged): its own image, reused.
    const again = await build(COMMIT_A, 'pinned', {}, '7000000001')
    expectOk(again.step)
    expect(again.step.outputs).toMatchObject({
      built: 'false',
      digest: first.step.outputs.digest,
      'tagged-image': `${registry.host}/pinned:${COMMIT_A}`
    })
    expect(again.ops).toEqual(['DescribeRepositories', 'BatchGetImage', 'GetDownloadUrlForLayer'])
    expect(again.pushed).toBe(0)
    expect(again.step.log).toContain('pushed by this run (7000000001)')
    expect(again.step.state).toEqual({ isPost: 'true' })
    expect(again.step.summary).toContain("skipped: this commit's image is already in ECR")

    // Another run of the same commit: anyone who can push could have put the image there.
    const other = await build(COMMIT_A, 'pinned', {}, '7000000002')
    expectOk(other.step)
    expect(other.step.outputs.built).toBe('true')
    expect(other.step.log).toContain(
      "but the repository's tags are MUTABLE and run 7000000001 pushed it"
    )
    expect(other.pushed).toBeGreaterThan(0)
  }, 180_000)

  it('an IMMUTABLE repository: the image under the commit tag is reused by any run', async () => {
    const frozen = { 'image-tag-mutability': 'IMMUTABLE' }
    const first = await build(COMMIT_A, 'sealed', frozen, '7000000003')
    expectOk(first.step)
    const again = await build(COMMIT_A, 'sealed', frozen, '7000000004')
    expectOk(again.step)
    expect(again.step.outputs).toMatchObject({ built: 'false', digest: first.step.outputs.digest })
    expect(again.ops).toEqual(['DescribeRepositories', 'BatchGetImage', 'GetDownloadUrlForLayer'])
    expect(again.pushed).toBe(0)
    expect(again.step.log).toContain('in a repository with IMMUTABLE tags')
  }, 180_000)

  it('an IMMUTABLE repository whose tag names another image: refused, nothing created or built', async () => {
    const frozen = { tags: 'latest', 'image-tag-mutability': 'IMMUTABLE' }
    const first = await build(COMMIT_A, 'frozen', frozen)
    expectOk(first.step)
    const digest = first.step.outputs.digest ?? ''

    const refused = await build(COMMIT_B, 'frozen', frozen)
    expect(refused.step.exitCode).toBe(1)
    expect(annotations(refused.step.log, 'error')).toEqual([
      {
        title: 'Invalid input: tags',
        message: expect.stringContaining(
          `the repository frozen has IMMUTABLE tags and "latest" already names ${digest}`
        )
      }
    ])
    // Read-only calls only: no repository, lifecycle policy or login; no build, no push.
    expect(refused.ops).toEqual(['DescribeRepositories', 'BatchGetImage'])
    expect(refused.pushed).toBe(0)
    expect(refused.step.log).not.toMatch(/docker (buildx )?build|\[command\].*docker build/)
    expect(refused.step.outputs).toEqual({})
    expect(await registry.manifestDigest('frozen', 'latest')).toBe(digest)
  }, 120_000)
})

function expectOk(step: StepResult): void {
  if (step.exitCode !== 0)
    throw new Error(`${step.name} failed (exit ${step.exitCode}):\n${step.log}`)
}

/** Requests that write to the registry (blob uploads and manifest puts), from its log. */
function registryWrites(registry: Registry): number {
  return (registry.log().match(/http\.request\.method="?(PUT|POST|PATCH)/g) ?? []).length
}
