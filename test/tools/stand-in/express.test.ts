import { describe, expect, it } from '@jest/globals'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  CreateExpressGatewayServiceCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServicesCommand,
  DescribeServiceRevisionsCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type ExpressGatewayServiceConfiguration,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  StopServiceDeploymentCommand
} from '@aws-sdk/client-ecs'
import { ACCOUNT, REGION, crashedTask, expressDeployments } from '../../../tools/stand-in/index.js'
import {
  CLUSTER,
  FAST,
  type World,
  credentials,
  images,
  role,
  update,
  watch,
  world
} from './express-world.js'

/*
 * The stand-in's Express Mode (tools/stand-in/express/) as a client sees it: the real
 * @aws-sdk clients, pointed at the stand-in, signed with the static test keys. One case per
 * scenario a deploy can meet: a create, an update that succeeds, one whose tasks crash (ECS rolls
 * back on the alarm), one that never ends (until StopServiceDeployment), one that changes nothing,
 * one whose rollback fails. The errors, GetCallerIdentity and the answers read against AWS's
 * model: express-contract.test.ts.
 */

/** CreateExpressGatewayService of megilance-api in the default cluster, all settings given. */
async function createApi({ standIn, ecs }: World) {
  standIn.ecs.express.queue('default', 'megilance-api', expressDeployments.succeeds(FAST))
  const since = new Date()
  const out = await ecs.send(
    new CreateExpressGatewayServiceCommand({
      serviceName: 'megilance-api',
      infrastructureRoleArn: role('ecsInfrastructureRoleForExpressServices'),
      executionRoleArn: role('ecsTaskExecutionRole'),
      taskRoleArn: role('megilance-api'),
      primaryContainer: {
        image: 'repo/api:1',
        containerPort: 3000,
        environment: [{ name: 'STAGE', value: 'prod' }],
        secrets: [
          { name: 'DATABASE_URL', valueFrom: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/db` }
        ]
      },
      cpu: '512',
      memory: '1024',
      scalingTarget: { minTaskCount: 2, maxTaskCount: 4 },
      healthCheckPath: '/health'
    })
  )
  const service = out.service ?? {}
  const config: ExpressGatewayServiceConfiguration = service.activeConfigurations?.[0] ?? {}
  return { since, service, config }
}

/** The stopped tasks of a service: the first one's container, and what it printed. */
async function firstStoppedTask(w: World) {
  const tasks = await w.ecs.send(
    new ListTasksCommand({
      cluster: CLUSTER,
      serviceName: 'megilance-web',
      desiredStatus: 'STOPPED'
    })
  )
  const described = await w.ecs.send(
    new DescribeTasksCommand({ cluster: CLUSTER, tasks: tasks.taskArns ?? [] })
  )
  const task = described.tasks?.[0]
  const logs = new CloudWatchLogsClient({
    region: REGION,
    endpoint: w.standIn.endpoint,
    credentials
  })
  const events = await logs.send(
    new GetLogEventsCommand({
      logGroupName: w.standIn.ecs.express.about(CLUSTER, 'megilance-web')?.logGroup,
      logStreamName: `ecs/Main/${task?.taskArn?.split('/').pop()}`
    })
  )
  logs.destroy()
  return { container: task?.containers?.[0], lines: (events.events ?? []).map(e => e.message) }
}

describe('the stand-in plays Amazon ECS Express Mode', () => {
  it('create: the answer names the service and its endpoint; the first deployment succeeds', async () => {
    await world(async w => {
      const { since, service, config } = await createApi(w)
      expect(service.serviceArn).toBe(
        `arn:aws:ecs:${REGION}:${ACCOUNT}:service/default/megilance-api`
      )
      expect(service.status?.statusCode).toBe('ACTIVE')
      expect(config.ingressPaths).toEqual([
        { accessType: 'PUBLIC', endpoint: `megilance-api.ecs.${REGION}.on.aws` }
      ])
      const { sd, seen } = await watch(w.ecs, 'megilance-api', since, 20, 'default')
      expect(seen[0]).toMatch(/^(PENDING|IN_PROGRESS)/)
      expect(sd.status).toBe('SUCCESSFUL')
      expect(sd.sourceServiceRevisions).toEqual([])
      expect(sd.targetServiceRevision?.arn).toBe(config.serviceRevisionArn)
    })
  })

  it('create: the task definition, managed resources and ECS service follow the settings', async () => {
    await world(async w => {
      const { since, config } = await createApi(w)
      await watch(w.ecs, 'megilance-api', since, 20, 'default')
      const td = await w.ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: config.taskDefinitionArn })
      )
      expect(td.taskDefinition).toMatchObject({
        cpu: '512',
        memory: '1024',
        taskRoleArn: role('megilance-api'),
        executionRoleArn: role('ecsTaskExecutionRole'),
        requiresCompatibilities: ['FARGATE']
      })
      expect(td.taskDefinition?.containerDefinitions?.[0]).toMatchObject({
        name: 'Main',
        image: 'repo/api:1',
        portMappings: [{ containerPort: 3000, protocol: 'tcp' }],
        environment: [{ name: 'STAGE', value: 'prod' }],
        secrets: [{ name: 'DATABASE_URL' }],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-stream-prefix': 'ecs' } }
      })
      const revisions = await w.ecs.send(
        new DescribeServiceRevisionsCommand({
          serviceRevisionArns: [config.serviceRevisionArn ?? '']
        })
      )
      const ingress = revisions.serviceRevisions?.[0]?.ecsManagedResources?.ingressPaths?.[0]
      expect(ingress?.endpoint).toBe(`megilance-api.ecs.${REGION}.on.aws`)
      expect(ingress?.targetGroups?.[0]).toMatchObject({ healthCheckPath: '/health', port: 3000 })
      const described = await w.ecs.send(
        new DescribeServicesCommand({ cluster: 'default', services: ['megilance-api'] })
      )
      expect(described.services?.[0]).toMatchObject({
        resourceManagementType: 'ECS',
        desiredCount: 2,
        runningCount: 2,
        deploymentConfiguration: { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 5 } }
      })
    })
  })

  it('update: a canary deployment that succeeds, moving on wall-clock time', async () => {
    await world(async w => {
      w.standIn.ecs.express.queue(
        CLUSTER,
        'megilance-web',
        expressDeployments.succeeds({ ...FAST, stepMs: 5 })
      )
      const { since, target } = await update(w, { primaryContainer: { image: 'repo/web:2' } })
      expect(target.primaryContainer).toMatchObject({ image: 'repo/web:2', containerPort: 8080 })
      expect(target.healthCheckPath).toBe('/health')
      const { sd } = await watch(w.ecs, 'megilance-web', since)
      expect(sd.status).toBe('SUCCESSFUL')
      expect(sd.targetServiceRevision?.arn).toBe(target.serviceRevisionArn)
      // The 3-minute canary and the 3-minute bake passed in wall time, however often one looked.
      const took = (sd.finishedAt?.getTime() ?? 0) - (sd.createdAt?.getTime() ?? 0)
      expect(took).toBeGreaterThanOrEqual(6 * FAST.minuteMs)
      expect(await images(w)).toEqual(['repo/web:2'])
    })
  })

  it('update whose new tasks crash: the alarm fires during the canary and ECS rolls back', async () => {
    await world(async w => {
      w.standIn.ecs.express.queue(
        CLUSTER,
        'megilance-web',
        expressDeployments.crashes(crashedTask(), FAST)
      )
      const { since } = await update(w, { primaryContainer: { image: 'repo/web:2' } })
      const { sd } = await watch(w.ecs, 'megilance-web', since)
      const alarm = w.standIn.ecs.express.about(CLUSTER, 'megilance-web')?.alarmName
      expect(sd.status).toBe('ROLLBACK_SUCCESSFUL')
      expect(sd.rollback?.reason).toMatch(`CloudWatch alarm ${alarm} went into ALARM`)
      expect(sd.alarms?.triggeredAlarmNames).toEqual([alarm])
      expect(await images(w)).toEqual(['repo/web:1'])

      const { container, lines } = await firstStoppedTask(w)
      expect(container).toMatchObject({ name: 'Main', exitCode: 1 })
      expect(lines).toContain('RuntimeError: DATABASE_URL not set')
    })
  })

  it('stuck: IN_PROGRESS for as long as one looks, until StopServiceDeployment ROLLBACK', async () => {
    await world(async w => {
      w.standIn.ecs.express.queue(CLUSTER, 'megilance-web', expressDeployments.stuck(FAST))
      const { since } = await update(w, { primaryContainer: { image: 'repo/web:2' } })
      const { sd, arn, seen } = await watch(w.ecs, 'megilance-web', since, 40)
      expect(sd.status).toBe('IN_PROGRESS')
      expect(seen[seen.length - 1]).toBe('IN_PROGRESS/SCALE_UP')
      const stop = await w.ecs.send(
        new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' })
      )
      expect(stop.serviceDeploymentArn).toBe(arn)
      const after = await watch(w.ecs, 'megilance-web', since)
      expect(after.sd.status).toBe('ROLLBACK_SUCCESSFUL')
      expect(after.sd.rollback?.reason).toMatch(/StopServiceDeployment/)
      expect(await images(w)).toEqual(['repo/web:1'])
    })
  })

  it('an update that changes nothing starts no deployment and registers nothing', async () => {
    await world(async w => {
      const before = await w.ecs.send(
        new DescribeExpressGatewayServiceCommand({ serviceArn: w.arn })
      )
      const current = before.service?.activeConfigurations?.[0] ?? {}
      const { since, target } = await update(w, {
        primaryContainer: { image: 'repo/web:1', containerPort: 8080 },
        healthCheckPath: '/health'
      })
      expect(target.serviceRevisionArn).toBe(current.serviceRevisionArn)
      expect(target.taskDefinitionArn).toBe(current.taskDefinitionArn)
      const list = await w.ecs.send(
        new ListServiceDeploymentsCommand({
          cluster: CLUSTER,
          service: 'megilance-web',
          createdAt: { after: since }
        })
      )
      expect(list.serviceDeployments).toEqual([])
      expect(w.standIn.ecs.revisions('megilance-web')).toHaveLength(1)
    })
  })

  it('the rollback fails: ROLLBACK_FAILED with its reason', async () => {
    await world(async w => {
      w.standIn.ecs.express.queue(
        CLUSTER,
        'megilance-web',
        expressDeployments.rollbackFails(
          'The blue target group has no healthy targets.',
          crashedTask(),
          FAST
        )
      )
      const { since } = await update(w, { primaryContainer: { image: 'repo/web:2' } })
      const { sd } = await watch(w.ecs, 'megilance-web', since)
      expect(sd.status).toBe('ROLLBACK_FAILED')
      expect(sd.statusReason).toBe('The blue target group has no healthy targets.')
    })
  })
})
