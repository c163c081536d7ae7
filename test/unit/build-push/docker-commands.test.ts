import { describe, expect, it } from '@jest/globals'
import {
  argsForLog,
  type BuildRequest,
  buildxBuildCommand,
  dockerBuildCommand,
  loginArgs,
  parseBuildxDriver,
  parseMetadataDigest,
  parsePushDigest,
  pickRepoDigest
} from '../../../src/build-push/docker-commands.js'
import { DIGEST } from '../../support/fakes/fake-docker.js'

/*
 * Every docker command action-build-push runs, as argv tables (request → exact argv), and the
 * parsers of docker's answers.
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

describe('argv as the log shows it', () => {
  it('build arguments by name only, a label naming a credential hidden; docker gets them whole', () => {
    const command = dockerBuildCommand({
      ...base,
      labels: [
        { key: 'org.opencontainers.image.revision', value: 'abc123' },
        { key: 'com.datadoghq.ad.instances', value: '[{"password":"pw"}]' }
      ],
      buildArgs: [
        { key: 'NPM_TOKEN', value: 'npm_s3cr3t' },
        { key: 'NODE_ENV', value: 'production' }
      ],
      secrets: [{ id: 'pip', path: '/tmp/x/secret-0' }],
      cache: 'inline'
    })
    expect(command.args).toContain('NPM_TOKEN=npm_s3cr3t')
    expect(argsForLog(command.args)).toEqual([
      'build',
      ...HEAD,
      '--label',
      'org.opencontainers.image.revision=abc123',
      '--label',
      'com.datadoghq.ad.instances=(hidden)',
      '--build-arg',
      'NPM_TOKEN',
      '--build-arg',
      'NODE_ENV',
      '--secret',
      'id=pip,src=/tmp/x/secret-0',
      '--build-arg',
      'BUILDKIT_INLINE_CACHE',
      ...BUILT
    ])
  })
})
