import { describe, expect, it } from '@jest/globals'
import {
  type BuildRequest,
  buildxBuildCommand,
  detectBuilder,
  dockerBuildCommand,
  login,
  loginArgs,
  parseBuildxDriver,
  parseMetadataDigest,
  parsePushDigest,
  pickRepoDigest,
  planBuild
} from '../../../src/build-push/docker.js'
import { InputError } from '../../../src/shared/parse.js'
import type { CacheMode } from '../../../src/build-push/inputs.js'
import { DIGEST, fakeDocker } from './fake-docker.js'

/*
 * Every docker command action-build-push runs, as argv tables, and the functions that run them.
 * Over 250 lines: one table per command, as docker.ts keeps every command in one file.
 */

const URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/megilance-backend'
/** What every build command starts with: the Dockerfile and the primary tag. */
const HEAD = ['--file', 'backend/Dockerfile', '--tag', `${URI}:abc123`]
/** How a pushing buildx build ends; how docker build ends. */
const PUSHED = [
  '--progress',
  'plain',
  '--metadata-file',
  '/tmp/x/metadata.json',
  '--push',
  'backend'
]
const BUILT = ['--progress', 'plain', 'backend']
const BUILDX = ['buildx', 'build', ...HEAD]
const REVISION = ['--label', 'org.opencontainers.image.revision=abc123']

const base: BuildRequest = {
  context: 'backend',
  file: 'backend/Dockerfile',
  tags: [`${URI}:abc123`],
  labels: [{ key: 'org.opencontainers.image.revision', value: 'abc123' }],
  buildArgs: [],
  secrets: [],
  target: '',
  platforms: [],
  cache: 'none',
  cacheRef: `${URI}:buildcache`,
  cacheFrom: '',
  push: true,
  metadataFile: '/tmp/x/metadata.json'
}

describe('buildx build argv', () => {
  const cases: [string, Partial<BuildRequest>, string[]][] = [
    [
      'registry cache in ECR, pushed',
      { cache: 'registry' },
      [
        ...BUILDX,
        ...REVISION,
        '--cache-from',
        `type=registry,ref=${URI}:buildcache`,
        '--cache-to',
        `type=registry,ref=${URI}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`,
        ...PUSHED
      ]
    ],
    [
      'registry cache without push: reads the cache, writes none, loads the image',
      { cache: 'registry', push: false },
      [
        ...BUILDX,
        ...REVISION,
        '--cache-from',
        `type=registry,ref=${URI}:buildcache`,
        '--progress',
        'plain',
        '--metadata-file',
        '/tmp/x/metadata.json',
        '--load',
        'backend'
      ]
    ],
    [
      'inline cache from the last pushed image, several tags, args, secrets, target, platforms',
      {
        cache: 'inline',
        cacheFrom: `${URI}@${DIGEST}`,
        tags: [`${URI}:abc123`, `${URI}:latest`],
        labels: [],
        buildArgs: [
          { key: 'NODE_ENV', value: 'production' },
          { key: 'EMPTY', value: '' }
        ],
        secrets: [{ id: 'npm_token', path: '/tmp/x/secret-0' }],
        target: 'runtime',
        platforms: ['linux/amd64', 'linux/arm64']
      },
      [
        ...BUILDX,
        '--tag',
        `${URI}:latest`,
        '--build-arg',
        'NODE_ENV=production',
        '--build-arg',
        'EMPTY=',
        '--secret',
        'id=npm_token,src=/tmp/x/secret-0',
        '--target',
        'runtime',
        '--platform',
        'linux/amd64,linux/arm64',
        '--cache-from',
        `type=registry,ref=${URI}@${DIGEST}`,
        '--cache-to',
        'type=inline',
        ...PUSHED
      ]
    ],
    [
      'inline cache on a first build (nothing to take it from), several platforms, no push',
      { cache: 'inline', labels: [], platforms: ['linux/amd64', 'linux/arm64'], push: false },
      [
        ...BUILDX,
        '--platform',
        'linux/amd64,linux/arm64',
        '--cache-to',
        'type=inline',
        '--progress',
        'plain',
        '--metadata-file',
        '/tmp/x/metadata.json',
        'backend'
      ]
    ],
    ['no cache', { cache: 'none', labels: [] }, ['buildx', 'build', ...HEAD, ...PUSHED]]
  ]
  it.each(cases)('%s', (_name, change, argv) => {
    const command = buildxBuildCommand({ ...base, ...change })
    expect(command.args).toEqual(argv)
    expect(command.env).toBeUndefined()
  })
})

describe('docker build argv (BuildKit, inline cache)', () => {
  const cases: [string, Partial<BuildRequest>, string[]][] = [
    [
      'inline cache from the last pushed image',
      { cache: 'inline', cacheFrom: `${URI}@${DIGEST}` },
      [
        'build',
        ...HEAD,
        ...REVISION,
        '--cache-from',
        `${URI}@${DIGEST}`,
        '--build-arg',
        'BUILDKIT_INLINE_CACHE=1',
        ...BUILT
      ]
    ],
    [
      'first build: inline cache written, nothing to read',
      { cache: 'inline', labels: [] },
      ['build', ...HEAD, '--build-arg', 'BUILDKIT_INLINE_CACHE=1', '--progress', 'plain', 'backend']
    ],
    [
      'args, secrets, target, one platform, no cache',
      {
        cache: 'none',
        labels: [{ key: 'team', value: 'payments' }],
        buildArgs: [{ key: 'PY', value: '3.12' }],
        secrets: [
          { id: 'pip', path: '/r/secret-0' },
          { id: 'gh', path: '/r/secret-1' }
        ],
        target: 'prod',
        platforms: ['linux/arm64']
      },
      [
        'build',
        ...HEAD,
        '--label',
        'team=payments',
        '--build-arg',
        'PY=3.12',
        '--secret',
        'id=pip,src=/r/secret-0',
        '--secret',
        'id=gh,src=/r/secret-1',
        '--target',
        'prod',
        '--platform',
        'linux/arm64',
        ...BUILT
      ]
    ]
  ]
  it.each(cases)('%s', (_name, change, argv) => {
    const command = dockerBuildCommand({ ...base, ...change })
    expect(command.args).toEqual(argv)
    expect(command.env).toEqual({ DOCKER_BUILDKIT: '1' })
  })

  it('never carries a secret value, only the file that holds it', () => {
    const command = dockerBuildCommand({
      ...base,
      secrets: [{ id: 'token', path: '/run/secret-0' }]
    })
    expect(command.args.join(' ')).toContain('id=token,src=/run/secret-0')
  })
})

describe('login argv', () => {
  it('passes the password on stdin only', () => {
    expect(loginArgs('123456789012.dkr.ecr.us-east-1.amazonaws.com', 'AWS')).toEqual([
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com'
    ])
  })
})

describe('planBuild', () => {
  const buildx = { buildx: true, driver: 'docker-container' }
  const noBuildx = { buildx: false, driver: '' }
  const builders = { container: buildx, docker: { buildx: true, driver: 'docker' }, none: noBuildx }
  type Row = [string, CacheMode, number, string, keyof typeof builders, string, string]
  // name, cache, platforms, repository mutability, builder → tool, cache
  const cases: Row[] = [
    ['auto with buildx: registry cache', 'auto', 0, 'MUTABLE', 'container', 'buildx', 'registry'],
    ['auto with the docker driver: inline', 'auto', 0, 'MUTABLE', 'docker', 'buildx', 'inline'],
    [
      'auto on an immutable repository: inline',
      'auto',
      0,
      'IMMUTABLE',
      'container',
      'buildx',
      'inline'
    ],
    ['auto without buildx: docker build, inline', 'auto', 1, 'MUTABLE', 'none', 'docker', 'inline'],
    ['none without buildx', 'none', 0, 'MUTABLE', 'none', 'docker', 'none'],
    ['inline with buildx', 'inline', 0, 'MUTABLE', 'container', 'buildx', 'inline'],
    ['one platform on the docker driver', 'auto', 1, 'MUTABLE', 'docker', 'buildx', 'inline']
  ]
  it.each(cases)('%s', (_name, cache, count, repositoryMutability, builder, tool, kind) => {
    const platforms = ['linux/amd64', 'linux/arm64'].slice(0, count)
    expect(planBuild({ cache, platforms, repositoryMutability }, builders[builder])).toMatchObject({
      tool,
      cache: kind
    })
  })

  it('refuses several platforms on the buildx "docker" driver, naming the input', () => {
    expect(() =>
      planBuild(
        {
          cache: 'auto',
          platforms: ['linux/amd64', 'linux/arm64'],
          repositoryMutability: 'MUTABLE'
        },
        builders.docker
      )
    ).toThrow(/Input "platforms": 2 platforms .* cannot be built by the buildx "docker" driver/)
  })

  it('refuses several platforms without buildx, naming the input', () => {
    const plan = () =>
      planBuild(
        {
          cache: 'auto',
          platforms: ['linux/amd64', 'linux/arm64'],
          repositoryMutability: 'MUTABLE'
        },
        noBuildx
      )
    expect(plan).toThrow(InputError)
    expect(plan).toThrow(
      /Input "platforms": 2 platforms \(linux\/amd64, linux\/arm64\) need docker buildx/
    )
  })

  it('refuses a registry cache without buildx, naming the input', () => {
    expect(() =>
      planBuild({ cache: 'registry', platforms: [], repositoryMutability: 'MUTABLE' }, noBuildx)
    ).toThrow(/Input "cache": registry needs docker buildx/)
  })

  it('notes a registry cache on an immutable repository', () => {
    const plan = planBuild(
      { cache: 'registry', platforms: [], repositoryMutability: 'IMMUTABLE' },
      buildx
    )
    expect(plan.notes.join()).toMatch(/IMMUTABLE/)
  })
})

describe('parsers', () => {
  it('reads the digest from docker push output', () => {
    expect(parsePushDigest(`abc: digest: ${DIGEST} size: 528\n`)).toBe(DIGEST)
    expect(parsePushDigest('nothing here')).toBeUndefined()
  })

  it('picks the digest of this repository among RepoDigests', () => {
    const json = JSON.stringify([`other.example/x@sha256:${'cd'.repeat(32)}`, `${URI}@${DIGEST}`])
    expect(pickRepoDigest(json, URI)).toBe(DIGEST)
    expect(pickRepoDigest('[]', URI)).toBeUndefined()
    expect(pickRepoDigest('not json', URI)).toBeUndefined()
  })

  it('reads containerimage.digest from buildx metadata', () => {
    expect(parseMetadataDigest(JSON.stringify({ 'containerimage.digest': DIGEST }))).toBe(DIGEST)
    expect(parseMetadataDigest('{}')).toBeUndefined()
    expect(parseMetadataDigest('')).toBeUndefined()
  })

  it('reads the buildx driver', () => {
    expect(parseBuildxDriver('Name: default\nDriver: docker\nNodes:\n')).toBe('docker')
    expect(parseBuildxDriver('')).toBe('')
  })
})

describe('detectBuilder', () => {
  it('uses `docker buildx version`, then the builder driver', async () => {
    const withBuildx = fakeDocker({ buildx: true, driver: 'docker' })
    await expect(detectBuilder(withBuildx.exec)).resolves.toEqual({
      buildx: true,
      driver: 'docker'
    })
    expect(withBuildx.commands()).toEqual(['buildx version', 'buildx inspect'])

    const without = fakeDocker({ buildx: false })
    await expect(detectBuilder(without.exec)).resolves.toEqual({ buildx: false, driver: '' })
    expect(without.commands()).toEqual(['buildx version'])
  })
})

describe('login', () => {
  const request = { registry: '127.0.0.1:5000', username: 'AWS', password: 'p4ss-w0rd' }
  const failed = (stderr: string) => ({ exitCode: 1, stdout: '', stderr })

  it('retries transient failures with growing delays and sends the password on stdin', async () => {
    const docker = fakeDocker({
      logins: [
        failed('Error response from daemon: Get "https://x/v2/": net/http: TLS handshake timeout'),
        failed('Error response from daemon: received unexpected HTTP status: 502 Bad Gateway')
      ]
    })
    const sleeps: number[] = []
    const logs: string[] = []
    await login(docker.exec, request, {
      attempts: 4,
      sleep: async ms => {
        sleeps.push(ms)
      },
      log: m => logs.push(m),
      // Full jitter: the delay is random() × a ceiling that doubles; 1 gives the ceiling.
      random: () => 1
    })
    expect(sleeps).toEqual([2000, 4000])
    expect(docker.calls).toHaveLength(3)
    for (const call of docker.calls) {
      expect(call.input).toBe('p4ss-w0rd')
      expect(call.args).not.toContain('p4ss-w0rd')
      expect(call.silent).toBe(true)
    }
    expect(logs.join('\n')).not.toContain('p4ss-w0rd')
  })

  it('does not retry a wrong password', async () => {
    const docker = fakeDocker({
      logins: [
        failed('Error response from daemon: login attempt failed with status: 401 Unauthorized')
      ]
    })
    const sleeps: number[] = []
    await expect(
      login(docker.exec, request, {
        attempts: 4,
        sleep: async ms => void sleeps.push(ms),
        log: () => undefined
      })
    ).rejects.toThrow(
      /docker login to 127.0.0.1:5000 failed after 1 attempt\(s\): .*401 Unauthorized/
    )
    expect(sleeps).toEqual([])
  })

  it('gives up after the last attempt', async () => {
    const timeout = { exitCode: 1, stdout: '', stderr: 'dial tcp: i/o timeout' }
    const docker = fakeDocker({ logins: [timeout, timeout, timeout] })
    await expect(
      login(docker.exec, request, {
        attempts: 3,
        sleep: async () => undefined,
        log: () => undefined,
        baseDelayMs: 1
      })
    ).rejects.toThrow(/failed after 3 attempt\(s\): dial tcp: i\/o timeout/)
  })
})
