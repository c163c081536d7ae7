import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A real Docker registry (Debian's `docker-registry`, distribution 2.x) on 127.0.0.1 with
 * htpasswd basic auth, as ECR's token login uses. Plain http: Docker treats 127.0.0.0/8 as
 * an insecure registry by default, so `docker login` and `docker push` work against it.
 */
export interface Registry {
  /** host:port, what docker login and image references use. */
  readonly host: string
  /** http://host:port */
  readonly url: string
  readonly username: string
  readonly password: string
  /** The Docker-Content-Digest of HEAD /v2/<repository>/manifests/<reference>, or undefined. */
  manifestDigest(repository: string, reference: string): Promise<string | undefined>
  /** GET /v2/<repository>/tags/list; [] for an unknown repository. */
  tags(repository: string): Promise<string[]>
  /** GET with the registry's credentials, for anything else. */
  get(path: string, accept?: string): Promise<Response>
  /**
   * Pushes an image of no layers whose config is `config` (e.g. { config: { Labels } }) as
   * repository:tag, through the registry's HTTP API (no Docker needed); its digest.
   */
  pushConfig(
    repository: string,
    tag: string,
    config: Readonly<Record<string, unknown>>
  ): Promise<string>
  /** Everything the registry logged (one line per request at level info). */
  log(): string
  stop(): Promise<void>
}

export interface RegistryOptions {
  readonly username?: string
  readonly password?: string
}

export const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json'
].join(', ')

/** Why a registry cannot be started here, or undefined when it can. */
export function registryUnavailable(): string | undefined {
  for (const [tool, pkg] of [
    ['docker-registry', 'docker-registry'],
    ['htpasswd', 'apache2-utils']
  ] as const) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' })
    } catch {
      return `${tool} is not installed (Debian package ${pkg}; scripts/setup.sh installs it)`
    }
  }
  return undefined
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const username = options.username ?? 'AWS'
  const password = options.password ?? `pw-${randomBytes(18).toString('hex')}`
  const dir = mkdtempSync(join(tmpdir(), 'registry-'))
  mkdirSync(join(dir, 'data'))
  // bcrypt (the only scheme the registry accepts); the password goes in on stdin.
  const htpasswd = execFileSync('htpasswd', ['-niB', username], { input: password }).toString()
  writeFileSync(join(dir, 'htpasswd'), htpasswd)

  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const host = `127.0.0.1:${port}`
    writeFileSync(join(dir, 'config.yml'), registryConfig(dir, host))
    const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const output: string[] = []
    child.stdout.on('data', (b: Buffer) => output.push(b.toString()))
    child.stderr.on('data', (b: Buffer) => output.push(b.toString()))
    try {
      await waitUntilUp(`http://${host}`, child, output)
    } catch (error) {
      lastError = error
      await stopChild(child)
      continue
    }
    return registryAt(host, username, password, { dir, child, output })
  }
  rmSync(dir, { recursive: true, force: true })
  throw new Error(`docker-registry did not start: ${String(lastError)}`)
}

/**
 * The Distribution API's monolithic blob upload (POST .../blobs/uploads/, then PUT to the
 * Location with ?digest=), then PUT .../manifests/<tag> of a Docker image manifest v2.
 */
async function pushConfig(
  url: string,
  authorization: string,
  repository: string,
  tag: string,
  config: Readonly<Record<string, unknown>>
): Promise<string> {
  const blob = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', ...config }))
  const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`
  const start = await fetch(`${url}/v2/${repository}/blobs/uploads/`, {
    method: 'POST',
    headers: { authorization }
  })
  const location = new URL(start.headers.get('location') ?? '', url)
  location.searchParams.set('digest', digest)
  const put = await fetch(location, {
    method: 'PUT',
    headers: { authorization, 'content-type': 'application/octet-stream' },
    body: blob
  })
  if (put.status !== 201) throw new Error(`blob upload answered ${put.status}: ${await put.text()}`)
  const manifestType = 'application/vnd.docker.distribution.manifest.v2+json'
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: manifestType,
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: blob.length,
      digest
    },
    layers: []
  })
  const done = await fetch(`${url}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { authorization, 'content-type': manifestType },
    body: manifest
  })
  if (done.status !== 201)
    throw new Error(`manifest PUT answered ${done.status}: ${await done.text()}`)
  return done.headers.get('docker-content-digest') ?? ''
}

async function waitUntilUp(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`docker-registry exited (${child.exitCode}): ${output.join('').slice(-500)}`)
    }
    try {
      const response = await fetch(`${url}/v2/`)
      if (response.status === 401 || response.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise(done => setTimeout(done, 100))
  }
  throw new Error(`docker-registry did not answer at ${url}: ${output.join('').slice(-500)}`)
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise<void>(resolve => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** The registry's config.yml: info logs, storage in `dir`, htpasswd auth, listening on `host`. */
function registryConfig(dir: string, host: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${host}`,
    'auth:',
    '  htpasswd:',
    '    realm: test-registry',
    `    path: ${join(dir, 'htpasswd')}`,
    ''
  ].join('\n')
}

/** The running registry's process: its folder, the child, what it printed. */
interface RegistryProcess {
  readonly dir: string
  readonly child: ChildProcess
  readonly output: string[]
}

/** A started registry, read with its credentials. */
function registryAt(
  host: string,
  username: string,
  password: string,
  { dir, child, output }: RegistryProcess
): Registry {
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
  const get = (path: string, accept?: string, method = 'GET') =>
    fetch(`http://${host}${path}`, {
      method,
      headers: { authorization: auth, ...(accept ? { accept } : {}) }
    })
  return {
    host,
    url: `http://${host}`,
    username,
    password,
    async manifestDigest(repository, reference) {
      const response = await get(`/v2/${repository}/manifests/${reference}`, MANIFEST_TYPES, 'HEAD')
      if (response.status !== 200) return undefined
      return response.headers.get('docker-content-digest') ?? undefined
    },
    async tags(repository) {
      const response = await get(`/v2/${repository}/tags/list`)
      if (response.status !== 200) return []
      const body = (await response.json()) as { tags?: string[] | null }
      return body.tags ?? []
    },
    get: (path, accept) => get(path, accept),
    pushConfig: (repository, tag, config) =>
      pushConfig(`http://${host}`, auth, repository, tag, config),
    log: () => output.join(''),
    async stop() {
      await stopChild(child)
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
