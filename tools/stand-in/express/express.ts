import type { CreateExpressGatewayServiceRequest } from '@aws-sdk/client-ecs'
import { expressServiceView } from './answers.js'
import { managedResources } from './managed.js'
import {
  attachRecord,
  createExpress,
  deleteExpress,
  describeExpress,
  prepareCreate,
  updateExpress
} from './operations.js'
import type { ExpressRecord, ExpressState } from './records.js'
import type { ExpressScenario } from './scenarios.js'
import { alarmNameOf, canaryConfiguration } from './service.js'
import { registerExpressTaskDefinition } from './task-definition.js'
import { advance } from '../ecs/rollouts/rollout.js'
import { seedService } from '../ecs/seed.js'
import { type EcsState, lookupService } from '../ecs/state.js'
import { ACCOUNT, asRecords, asString, asStrings } from '../wire.js'

/*
 * Amazon ECS Express Mode as the stand-in plays it: CreateExpressGatewayService,
 * UpdateExpressGatewayService, DescribeExpressGatewayService, DeleteExpressGatewayService
 * (express/operations.ts), each Express service an ECS service record like any other, so
 * DescribeServices, ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions,
 * ListTasks, DescribeTasks, DescribeTaskDefinition and StopServiceDeployment answer for it as for
 * the others. Its updates are canary deployments with alarm-based rollback, played by
 * ecs/rollouts/strategies.ts as a test scripts them (express/scenarios.ts). The modules, each quoting
 * the documentation it follows: express/shapes.ts (requests the model accepts),
 * express/records.ts (what is kept, defaults, updates over the configuration in force),
 * express/task-definition.ts, express/service.ts (the service, its canary configuration
 * and deployments), express/answers.ts (what the operations and DescribeServices answer),
 * express/managed.ts (the load balancer, target group, scaling, alarm and log group
 * DescribeServiceRevisions shows).
 *
 * Every read of an Express service or its deployments is a look: it moves the deployment on
 * (express/scenarios.ts says how far), and a DRAINING service becomes INACTIVE.
 */

/** An Express service as it stands before a scenario: CreateExpressGatewayService's members. */
export type ExpressSeed = Omit<
  CreateExpressGatewayServiceRequest,
  'infrastructureRoleArn' | 'serviceName'
> & { readonly serviceName: string; readonly infrastructureRoleArn?: string }

export const INFRASTRUCTURE_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsInfrastructureRoleForExpressServices`

type Operation = (input: Record<string, unknown>) => Record<string, unknown>

export class ExpressModel {
  private readonly x: ExpressState

  constructor(ecs: EcsState) {
    this.x = { ecs, records: new Map(), queued: new Map(), defaults: {} }
  }

  // ----- seeding (what already exists before the scenario's first step) -----

  /**
   * An Express service created a while ago, its first deployment SUCCESSFUL, running the settings
   * given (as CreateExpressGatewayService takes them); returns its ARN.
   */
  seed(seed: ExpressSeed): string {
    const input = { infrastructureRoleArn: INFRASTRUCTURE_ROLE, ...seed } as Record<string, unknown>
    this.x.ecs.clusters.add(seed.cluster ?? 'default')
    const { cluster, name, key, settings } = prepareCreate(this.x, input)
    const taskDefinition = registerExpressTaskDefinition(this.x.ecs, name, settings)
    const desiredCount = settings.scalingTarget.minTaskCount
    seedService(this.x.ecs, {
      cluster,
      service: name,
      taskDefinition,
      desiredCount,
      circuitBreaker: { enable: false, rollback: false },
      deploymentConfiguration: canaryConfiguration(alarmNameOf(name))
    })
    const service = lookupService(this.x.ecs, cluster, name)
    const record = attachRecord(this.x, input, { key, settings, service })
    const steady = service.deployments[0]
    if (steady !== undefined) {
      record.configs.set(steady.revisionArn, {
        settings,
        serviceRevisionArn: steady.revisionArn,
        taskDefinitionArn: taskDefinition,
        createdAt: steady.createdAt
      })
    }
    return service.arn
  }

  /** What the next deployments of cluster/service do, in order (its create's first). */
  queue(cluster: string, service: string, ...scenarios: ExpressScenario[]): void {
    const key = `${cluster}/${service}`
    this.x.queued.set(key, [...(this.x.queued.get(key) ?? []), ...scenarios])
  }

  /** What a deployment no scenario was queued for does (default: succeeds, in real time). */
  setDefaults(scenario: ExpressScenario): void {
    this.x.defaults = scenario
  }

  // ----- what the tests read back -----

  /** The endpoint, alarm and log group of an Express service, and its status. */
  about(cluster: string, service: string) {
    const record = this.x.records.get(`${cluster}/${service}`)
    if (record === undefined) return undefined
    const { endpoint, alarmName, logGroup, status } = record
    return { serviceArn: record.service.arn, endpoint, alarmName, logGroup, status }
  }

  // ----- operations (X-Amz-Target AmazonEC2ContainerServiceV20141113.<name>) -----

  readonly operations = {
    CreateExpressGatewayService: input => createExpress(this.x, input),
    UpdateExpressGatewayService: input => updateExpress(this.x, input),
    DescribeExpressGatewayService: input => describeExpress(this.x, input, r => this.look(r)),
    DeleteExpressGatewayService: input => deleteExpress(this.x, input)
  } satisfies Record<string, Operation>

  /**
   * An ECS operation that reads services or their deployments (DescribeServices,
   * ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions,
   * StopServiceDeployment): the Express services it names are looked at first, and what it
   * answers of them shows what Express Mode adds.
   */
  reading(op: string, input: Record<string, unknown>, answer: () => Record<string, unknown>) {
    for (const record of this.named(op, input)) this.look(record)
    const output = answer()
    return op === 'DescribeServices' ? this.servicesView(output) : this.revisionsView(op, output)
  }

  /** One look: the deployment moves on; a DRAINING service's tasks stop (INACTIVE). */
  private look(record: ExpressRecord): void {
    if (record.status === 'DRAINING') {
      for (const d of record.service.deployments)
        Object.assign(d, { runningCount: 0, pendingCount: 0 })
      record.status = 'INACTIVE'
    } else if (record.status === 'ACTIVE') {
      advance(this.x.ecs, record.service)
    }
  }

  /** The Express services a request names (DescribeServices advances them itself). */
  private named(op: string, input: Record<string, unknown>): ExpressRecord[] {
    const records = [...this.x.records.values()]
    const cluster = (asString(input.cluster) || 'default').split('/').pop() ?? ''
    const short = (name: string) => name.slice(name.lastIndexOf('/') + 1)
    if (op === 'DescribeServices')
      return records.filter(
        r =>
          r.status === 'DRAINING' &&
          r.service.cluster === cluster &&
          asStrings(input.services).some(n => short(n) === r.service.name)
      )
    if (op === 'ListServiceDeployments')
      return records.filter(
        r => r.service.cluster === cluster && short(asString(input.service)) === r.service.name
      )
    const arns = [...asStrings(input.serviceDeploymentArns), asString(input.serviceDeploymentArn)]
    return records.filter(r => r.service.serviceDeployments.some(sd => arns.includes(sd.arn)))
  }

  private servicesView(output: Record<string, unknown>): Record<string, unknown> {
    const services = asRecords(output.services).map(s => {
      const record = [...this.x.records.values()].find(r => r.service.arn === s.serviceArn)
      return record ? expressServiceView(record, s) : s
    })
    return { ...output, services }
  }

  /** DescribeServiceRevisions: an Express revision shows the resources Express Mode manages. */
  private revisionsView(op: string, output: Record<string, unknown>): Record<string, unknown> {
    if (op !== 'DescribeServiceRevisions') return output
    const serviceRevisions = asRecords(output.serviceRevisions).map(r => {
      const arn = asString(r.serviceRevisionArn)
      const record = [...this.x.records.values()].find(x => x.configs.has(arn))
      const config = record?.configs.get(arn)
      return record && config ? { ...r, ecsManagedResources: managedResources(record, config) } : r
    })
    return { ...output, serviceRevisions }
  }
}
