import {
  DescribeServicesCommand,
  ListClustersCommand,
  ListServicesCommand,
  type ECSClient,
  type Failure,
  type Service
} from '@aws-sdk/client-ecs'

/*
 * Thin, typed wrapper on the ECS calls that look across the account's clusters (keep-revisions:
 * what uses a family's revisions anywhere in the Region), each paged to its end. No logic beyond
 * unwrapping. The limits are the API Reference's: ListClusters maxResults "can be between 1 and
 * 100"; ListServices maxResults "can be between 1 and 100. If this parameter isn't used, then
 * ListServices returns up to 10 results"; DescribeServices "You may specify up to 10 services to
 * describe in a single operation."
 */

/** How many services one DescribeServices may name. */
export const DESCRIBE_SERVICES_MAX = 10

/** What DescribeServices answered for a batch: the services, and those it reported missing. */
export interface ServicesAnswer {
  readonly services: Service[]
  readonly failures: Failure[]
}

export class EcsClustersApi {
  constructor(private readonly client: Pick<ECSClient, 'send'>) {}

  /** The ARN of every cluster of the account in the Region (every page). */
  async listClusters(): Promise<string[]> {
    const arns: string[] = []
    let nextToken: string | undefined
    do {
      const out = await this.client.send(
        new ListClustersCommand({ maxResults: 100, ...(nextToken ? { nextToken } : {}) })
      )
      arns.push(...(out.clusterArns ?? []))
      nextToken = out.nextToken
    } while (nextToken)
    return arns
  }

  /** The ARN of every service of a cluster (every page). */
  async listServices(cluster: string): Promise<string[]> {
    const arns: string[] = []
    let nextToken: string | undefined
    do {
      const out = await this.client.send(
        new ListServicesCommand({ cluster, maxResults: 100, ...(nextToken ? { nextToken } : {}) })
      )
      arns.push(...(out.serviceArns ?? []))
      nextToken = out.nextToken
    } while (nextToken)
    return arns
  }

  /** One DescribeServices of at most 10 services of a cluster (the caller batches them). */
  async describeServices(cluster: string, services: readonly string[]): Promise<ServicesAnswer> {
    if (services.length === 0) return { services: [], failures: [] }
    if (services.length > DESCRIBE_SERVICES_MAX)
      throw new Error(`DescribeServices takes up to ${DESCRIBE_SERVICES_MAX} services a call.`)
    const out = await this.client.send(
      new DescribeServicesCommand({ cluster, services: [...services] })
    )
    return { services: out.services ?? [], failures: out.failures ?? [] }
  }
}
