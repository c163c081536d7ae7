import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  type Service,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import { EcsApi } from './ecs.js'

/*
 * The ECS API for a release of several services watched together: the reads each service's watch
 * makes within a short window go to ECS as one call. DescribeServices: "You may specify up to 10
 * services to describe in a single operation."; DescribeServiceDeployments: "You can specify a
 * maximum of 20 ARNs." (ECS API Reference). Every other call is EcsApi's own.
 */

interface Waiting<T> {
  readonly key: string
  readonly resolve: (value: T) => void
  readonly reject: (error: unknown) => void
}

/** Collects keys for `windowMs`, then asks for them in batches of `size`. */
class Batcher<T> {
  private waiting: Waiting<T>[] = []
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly size: number,
    private readonly windowMs: number,
    private readonly fetch: (keys: string[]) => Promise<Map<string, T | Error>>
  ) {}

  load(key: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject })
      this.timer ??= setTimeout(() => void this.flush(), this.windowMs)
    })
  }

  private async flush(): Promise<void> {
    const all = this.waiting
    this.waiting = []
    this.timer = undefined
    for (let i = 0; i < all.length; i += this.size) {
      const batch = all.slice(i, i + this.size)
      try {
        const found = await this.fetch([...new Set(batch.map(w => w.key))])
        for (const w of batch) settle(w, found)
      } catch (error) {
        for (const w of batch) w.reject(error)
      }
    }
  }
}

function settle<T>(w: Waiting<T>, found: Map<string, T | Error>): void {
  const value = found.get(w.key)
  if (!found.has(w.key)) w.reject(new Error(`ECS answered nothing for ${w.key}.`))
  else if (value instanceof Error) w.reject(value)
  else w.resolve(value as T)
}

export class BatchingEcsApi extends EcsApi {
  private readonly services = new Map<string, Batcher<Service>>()
  private readonly deployments: Batcher<ServiceDeployment | undefined>

  constructor(
    client: ConstructorParameters<typeof EcsApi>[0],
    private readonly windowMs = 200
  ) {
    super(client)
    this.deployments = new Batcher(20, windowMs, arns => this.fetchDeployments(arns))
  }

  override describeService(cluster: string, service: string): Promise<Service> {
    let batcher = this.services.get(cluster)
    if (batcher === undefined) {
      batcher = new Batcher(10, this.windowMs, names => this.fetchServices(cluster, names))
      this.services.set(cluster, batcher)
    }
    return batcher.load(service)
  }

  override describeServiceDeployment(arn: string): Promise<ServiceDeployment | undefined> {
    return this.deployments.load(arn)
  }

  private async fetchServices(cluster: string, names: string[]) {
    const out = await this.client.send(new DescribeServicesCommand({ cluster, services: names }))
    const found = new Map<string, Service | Error>()
    for (const name of names) {
      const service = out.services?.find(s => s.serviceName === name || s.serviceArn === name)
      const reason = out.failures?.find(f => f.arn?.endsWith(`/${name}`))?.reason ?? 'MISSING'
      found.set(
        name,
        service ??
          new Error(
            `Service "${name}" was not found in cluster "${cluster}" (${reason}). Check the service and cluster inputs and the region.`
          )
      )
    }
    return found
  }

  private async fetchDeployments(arns: string[]) {
    const out = await this.client.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns })
    )
    const found = new Map<string, ServiceDeployment | undefined>()
    for (const arn of arns)
      found.set(
        arn,
        out.serviceDeployments?.find(d => d.serviceDeploymentArn === arn)
      )
    return found
  }
}
