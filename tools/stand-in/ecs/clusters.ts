import { page } from '../paging.js'
import { AwsError, asString, asStrings } from '../wire.js'
import { type EcsState, clusterArn, clusterName } from './state.js'

/*
 * The clusters of the ECS stand-in and the services in each, as the list operations answer them
 * (ECS API Reference):
 * - ListClusters: "Returns a list of existing clusters." maxResults: "This value can be between 1
 *   and 100. If this parameter isn't used, then ListClusters returns up to 100 results and a
 *   nextToken value if applicable."
 * - ListServices: "Returns a list of services. You can filter the results by cluster, launch type,
 *   and scheduling strategy." cluster: "If you do not specify a cluster, the default cluster is
 *   assumed." maxResults: "This value can be between 1 and 100. If this parameter isn't used, then
 *   ListServices returns up to 10 results and a nextToken value if applicable." The stand-in's
 *   services are all REPLICA services (DescribeServices' schedulingStrategy); it models no launch
 *   type or management filter and refuses one rather than answer as if it did.
 * - nextToken: "This token should be treated as an opaque identifier that is only used to retrieve
 *   the next items in a list"; one the stand-in did not hand out is an InvalidParameterException.
 * A cluster exists once a service or a task is seeded in it, or seedCluster names it.
 */

const invalidToken = () => new AwsError('InvalidParameterException', 'Invalid nextToken.')
/** maxResults "can be between 1 and 100" (both operations); outside, InvalidParameterException. */
function maxResults(input: Record<string, unknown>): number | undefined {
  const limit = typeof input.maxResults === 'number' ? input.maxResults : undefined
  if (limit !== undefined && (limit < 1 || limit > 100))
    throw new AwsError('InvalidParameterException', 'maxResults must be between 1 and 100.')
  return limit
}

export function ListClusters(state: EcsState, input: Record<string, unknown>) {
  const arns = [...state.clusters].map(clusterArn)
  const { items, nextToken } = page(arns, {
    limit: maxResults(input),
    max: 100,
    token: input.nextToken,
    invalidToken
  })
  return { clusterArns: items, ...(nextToken ? { nextToken } : {}) }
}

export function ListServices(state: EcsState, input: Record<string, unknown>) {
  const cluster = clusterName(state, input.cluster)
  const unmodelled = ['launchType', 'resourceManagementType'].filter(k => input[k] !== undefined)
  if (unmodelled.length > 0 || (input.schedulingStrategy ?? 'REPLICA') !== 'REPLICA')
    throw new Error(`The stand-in's ListServices does not filter by ${unmodelled.join(', ')}.`)
  const arns = [...state.services.values()].filter(s => s.cluster === cluster).map(s => s.arn)
  const { items, nextToken } = page(arns, {
    limit: maxResults(input) ?? 10,
    max: 100,
    token: input.nextToken,
    invalidToken
  })
  return { serviceArns: items, ...(nextToken ? { nextToken } : {}) }
}

/**
 * DescribeServices: "A list of services to describe. You may specify up to 10 services to describe
 * in a single operation." More are refused as ECS refuses them: "InvalidParameterException:
 * service names can have at most 10 items." (the error ECS answers, as reported in
 * structurely/ecs-autoscale#32).
 */
export function refuseOverTenServices(input: Record<string, unknown>): void {
  if (asStrings(input.services).length > 10)
    throw new AwsError('InvalidParameterException', 'service names can have at most 10 items.')
}

/** A cluster with nothing in it yet (a test's other cluster); returns its name. */
export function seedCluster(state: EcsState, name: unknown): string {
  const cluster = asString(name)
  state.clusters.add(cluster)
  return cluster
}
