import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { MANIFEST_TYPES, type Registry } from '../../support/registry.js'

/**
 * A local stand-in for the ECR API, speaking JSON 1.1 (X-Amz-Target:
 * AmazonEC2ContainerRegistry_V20150921.<Op>), reached through AWS_ENDPOINT_URL_ECR. Its
 * repositories live in memory; its authorization token logs in to the local registry, and
 * DescribeImages answers from that registry's manifests.
 */
export interface EcrStandIn {
  /** http://127.0.0.1:port, for AWS_ENDPOINT_URL_ECR. */
  readonly endpoint: string
  /** Every operation called, in order. */
  readonly calls: { readonly op: string; readonly input: Record<string, unknown> }[]
  readonly repositories: Map<string, StoredRepository>
  stop(): Promise<void>
}

export interface StoredRepository {
  readonly name: string
  readonly mutability: string
  readonly scanOnPush: boolean
  readonly createdAt: number
  lifecyclePolicy?: string
}

const TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.'
export const ACCOUNT = '123456789012'

class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string
  ) {
    super(message)
  }
}

export async function startEcrStandIn(registry: Registry): Promise<EcrStandIn> {
  const calls: EcrStandIn['calls'] = []
  const repositories = new Map<string, StoredRepository>()

  const describe = (repo: StoredRepository) => ({
    repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${repo.name}`,
    registryId: ACCOUNT,
    repositoryName: repo.name,
    repositoryUri: `${registry.host}/${repo.name}`,
    createdAt: repo.createdAt,
    imageTagMutability: repo.mutability,
    imageScanningConfiguration: { scanOnPush: repo.scanOnPush }
  })

  const need = (name: unknown): StoredRepository => {
    const repo = typeof name === 'string' ? repositories.get(name) : undefined
    if (!repo) {
      throw new AwsError(
        'RepositoryNotFoundException',
        `The repository with name '${String(name)}' does not exist in the registry with id '${ACCOUNT}'`
      )
    }
    return repo
  }

  async function imageDetail(repo: StoredRepository, digest: string, tags: string[]) {
    // The image's build time stands in for its push time.
    let pushedAt = repo.createdAt
    const manifest = await registry.get(`/v2/${repo.name}/manifests/${digest}`, MANIFEST_TYPES)
    if (manifest.status === 200) {
      const body = (await manifest.json()) as { config?: { digest?: string } }
      if (body.config?.digest) {
        const config = await registry.get(`/v2/${repo.name}/blobs/${body.config.digest}`)
        if (config.status === 200) {
          const created = ((await config.json()) as { created?: string }).created
          if (created) pushedAt = Date.parse(created) / 1000
        }
      }
    }
    return {
      registryId: ACCOUNT,
      repositoryName: repo.name,
      imageDigest: digest,
      imageTags: tags,
      imagePushedAt: pushedAt
    }
  }

  async function tagsByDigest(repo: StoredRepository): Promise<Map<string, string[]>> {
    const byDigest = new Map<string, string[]>()
    for (const tag of await registry.tags(repo.name)) {
      const digest = await registry.manifestDigest(repo.name, tag)
      if (digest) byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag])
    }
    return byDigest
  }

  const operations: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {
    async DescribeRepositories(input) {
      const names = (input.repositoryNames as string[] | undefined) ?? [...repositories.keys()]
      return { repositories: names.map(n => describe(need(n))) }
    },
    async CreateRepository(input) {
      const name = String(input.repositoryName)
      if (repositories.has(name)) {
        throw new AwsError(
          'RepositoryAlreadyExistsException',
          `The repository '${name}' already exists`
        )
      }
      const scanning = input.imageScanningConfiguration as { scanOnPush?: boolean } | undefined
      const repo: StoredRepository = {
        name,
        mutability: String(input.imageTagMutability ?? 'MUTABLE'),
        scanOnPush: scanning?.scanOnPush ?? false,
        createdAt: Math.floor(Date.now() / 1000)
      }
      repositories.set(name, repo)
      return { repository: describe(repo) }
    },
    async PutLifecyclePolicy(input) {
      const repo = need(input.repositoryName)
      repo.lifecyclePolicy = String(input.lifecyclePolicyText)
      return {
        registryId: ACCOUNT,
        repositoryName: repo.name,
        lifecyclePolicyText: repo.lifecyclePolicy
      }
    },
    async GetAuthorizationToken() {
      return {
        authorizationData: [
          {
            authorizationToken: Buffer.from(`${registry.username}:${registry.password}`).toString(
              'base64'
            ),
            expiresAt: Math.floor(Date.now() / 1000) + 12 * 3600,
            proxyEndpoint: registry.url
          }
        ]
      }
    },
    async DescribeImages(input) {
      const repo = need(input.repositoryName)
      const ids = input.imageIds as { imageTag?: string; imageDigest?: string }[] | undefined
      if (ids && ids.length > 0) {
        const details = []
        for (const id of ids) {
          const reference = id.imageDigest ?? id.imageTag ?? ''
          const digest = await registry.manifestDigest(repo.name, reference)
          if (!digest) {
            throw new AwsError(
              'ImageNotFoundException',
              `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${repo.name}' in the registry with id '${ACCOUNT}'`
            )
          }
          const tags = (await tagsByDigest(repo)).get(digest) ?? []
          details.push(await imageDetail(repo, digest, tags))
        }
        return { imageDetails: details }
      }
      const details = []
      for (const [digest, tags] of await tagsByDigest(repo)) {
        details.push(await imageDetail(repo, digest, tags))
      }
      return { imageDetails: details }
    }
  }

  const server = createServer((request, response) => {
    void handle(request, response)
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const target = String(request.headers['x-amz-target'] ?? '')
    const op = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : ''
    let input: Record<string, unknown>
    try {
      input = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>
    } catch {
      input = {}
    }
    calls.push({ op, input })
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
      response.end(JSON.stringify(body))
    }
    const operation = operations[op]
    if (!operation) {
      send(400, { __type: 'UnknownOperationException', message: `stand-in: no ${target}` })
      return
    }
    try {
      send(200, await operation(input))
    } catch (error) {
      if (error instanceof AwsError) send(400, { __type: error.type, message: error.message })
      else send(500, { __type: 'ServerException', message: String(error) })
    }
  }

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    repositories,
    stop: () => new Promise<void>(resolve => server.close(() => resolve()))
  }
}
