import { afterEach, describe, expect, it } from '@jest/globals'
import {
  BatchGetDeploymentGroupsCommand,
  CodeDeployClient,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  type DeploymentInfo,
  type ECSTarget,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand
} from '@aws-sdk/client-codedeploy'
import {
  DescribeServicesCommand,
  DescribeTaskSetsCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type Service
} from '@aws-sdk/client-ecs'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import {
  ACCOUNT,
  type CodeDeployScenario,
  type DeploymentGroupSeed,
  REGION,
  STATIC_KEYS,
  type StandIn,
  type StandInOptions,
  startStandIn,
  targetGroupArn
} from '../../../tools/stand-in/index.js'

/*
 * The CodeDeploy stand-in (tools/stand-in/codedeploy/) driven through the real
 * @aws-sdk/client-codedeploy and @aws-sdk/client-ecs clients, pointed at it by endpoint, as the
 * product will drive it: find the deployment group of <cluster>:<service>, register a revision,
 * CreateDeployment with an AppSpecContent revision, follow GetDeployment and GetDeploymentTarget,
 * read the replacement task set's stopped tasks and their log lines, stop and continue. One case
 * per scenario a test can script; each asserts what a client sees.
 * Over 250 lines: one scenario per case, sharing one world, read top to bottom.
 */

const CLUSTER = 'megilance-cluster'
const SERVICE = 'megilance-backend'
const TARGET = `${CLUSTER}:${SERVICE}`
const APP = 'megilance'
const GROUP = 'megilance-backend-dg'
const BLUE_TG = 'megilance-backend-blue'
const GREEN_TG = 'megilance-backend-green'
const SMOKE = 'megilance-smoke-test'
const LOG_GROUP = '/ecs/megilance-backend'
const MINUTE_MS = 100

let standIn: StandIn | undefined
afterEach(async () => {
  await standIn?.close()
  standIn = undefined
})

interface World {
  readonly aws: StandIn
  readonly codedeploy: CodeDeployClient
  readonly ecs: ECSClient
  readonly logs: CloudWatchLogsClient
  /** Revision 1, which the service runs. */
  readonly rev1: string
}

const taskDefinition = (): Record<string, unknown> =>
  JSON.parse(readFileSync('examples/megilance/backend-task-definition.json', 'utf8')) as Record<
    string,
    unknown
  >

/** A stand-in with megilance-backend on the CODE_DEPLOY controller and its deployment group. */
async function world(
  group: Partial<DeploymentGroupSeed> = {},
  options: StandInOptions = {}
): Promise<World> {
  const aws = await startStandIn(options)
  standIn = aws
  aws.logs.seedGroup(LOG_GROUP)
  const rev1 = aws.ecs.seedTaskDefinition(taskDefinition())
  aws.ecs.seedService({
    cluster: CLUSTER,
    service: SERVICE,
    taskDefinition: rev1,
    desiredCount: 2,
    deploymentController: 'CODE_DEPLOY',
    loadBalancers: [
      { targetGroupArn: targetGroupArn(BLUE_TG), containerName: 'backend', containerPort: 8000 }
    ],
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ['subnet-0aaa'],
        securityGroups: ['sg-0bbb'],
        assignPublicIp: 'DISABLED'
      }
    },
    platformVersion: '1.4.0',
    capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }]
  })
  aws.codedeploy.seedDeploymentGroup({
    application: APP,
    deploymentGroup: GROUP,
    cluster: CLUSTER,
    service: SERVICE,
    targetGroups: [BLUE_TG, GREEN_TG],
    ...group
  })
  // What the product's bundles get: AWS_ENDPOINT_URL_<SERVICE>, and static test keys.
  const config = (service: string) => ({
    region: REGION,
    endpoint: aws.endpointEnv[`AWS_ENDPOINT_URL_${service}`] ?? 'http://unset.invalid',
    credentials: {
      accessKeyId: STATIC_KEYS.AWS_ACCESS_KEY_ID,
      secretAccessKey: STATIC_KEYS.AWS_SECRET_ACCESS_KEY
    }
  })
  return {
    aws,
    rev1,
    codedeploy: new CodeDeployClient(config('CODEDEPLOY')),
    ecs: new ECSClient(config('ECS')),
    logs: new CloudWatchLogsClient(config('CLOUDWATCH_LOGS'))
  }
}

/** Registers revision 2 and deploys it with an AppSpec naming the smoke test hook. */
async function deploy(w: World, hooks = `  - AfterAllowTestTraffic: "${SMOKE}"`): Promise<string> {
  const registered = await w.ecs.send(
    new RegisterTaskDefinitionCommand(
      taskDefinition() as unknown as ConstructorParameters<typeof RegisterTaskDefinitionCommand>[0]
    )
  )
  const arn = registered.taskDefinition?.taskDefinitionArn ?? ''
  const content = [
    'version: 0.0',
    'Resources:',
    '  - TargetService:',
    '      Type: AWS::ECS::Service',
    '      Properties:',
    `        TaskDefinition: "${arn}"`,
    '        LoadBalancerInfo:',
    '          ContainerName: "backend"',
    '          ContainerPort: 8000',
    'Hooks:',
    hooks
  ].join('\n')
  const created = await w.codedeploy.send(
    new CreateDeploymentCommand({
      applicationName: APP,
      deploymentGroupName: GROUP,
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: { content, sha256: createHash('sha256').update(content).digest('hex') }
      }
    })
  )
  return created.deploymentId ?? ''
}

const info = async (w: World, id: string): Promise<DeploymentInfo> =>
  (await w.codedeploy.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo ?? {}

const target = async (w: World, id: string): Promise<ECSTarget> =>
  (await w.codedeploy.send(new GetDeploymentTargetCommand({ deploymentId: id, targetId: TARGET })))
    .deploymentTarget?.ecsTarget ?? {}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Polls GetDeployment until `done`; returns every status seen, in order, and the last answer. */
async function follow(
  w: World,
  id: string,
  done: (d: DeploymentInfo) => boolean,
  polls = 200
): Promise<{ statuses: string[]; last: DeploymentInfo }> {
  const statuses: string[] = []
  for (let i = 0; i < polls; i++) {
    const last = await info(w, id)
    if (statuses.at(-1) !== last.status) statuses.push(last.status ?? '')
    if (done(last)) return { statuses, last }
    await sleep(5)
  }
  throw new Error(`${id} still ${statuses.at(-1)} after ${polls} polls`)
}

const ended = (d: DeploymentInfo) => ['Succeeded', 'Failed', 'Stopped'].includes(d.status ?? '')

async function service(w: World): Promise<Service> {
  const out = await w.ecs.send(
    new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] })
  )
  return out.services?.[0] ?? {}
}

const events = (t: ECSTarget) =>
  Object.fromEntries((t.lifecycleEvents ?? []).map(e => [e.lifecycleEventName, e.status]))

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (error) {
    return (error as { name: string }).name
  }
  return 'no error'
}

describe('CodeDeploy stand-in (real SDK clients, endpoint set)', () => {
  it('success: finds the group, deploys linearly, shifts traffic, terminates the original task set', async () => {
    const scenario: CodeDeployScenario = { minuteMs: MINUTE_MS }
    const w = await world({
      deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
      termination: { action: 'TERMINATE', waitTimeInMinutes: 2 },
      scenarios: [scenario]
    })
    // The product's lookup: ListApplications → ListDeploymentGroups → BatchGetDeploymentGroups.
    const apps = await w.codedeploy.send(new ListApplicationsCommand({}))
    expect(apps.applications).toEqual([APP])
    const groups = await w.codedeploy.send(
      new ListDeploymentGroupsCommand({ applicationName: APP })
    )
    const batch = await w.codedeploy.send(
      new BatchGetDeploymentGroupsCommand({
        applicationName: APP,
        deploymentGroupNames: [...(groups.deploymentGroups ?? []), 'nope']
      })
    )
    expect(batch.errorMessage).toContain('nope')
    const found = batch.deploymentGroupsInfo?.find(g =>
      g.ecsServices?.some(s => `${s.clusterName}:${s.serviceName}` === TARGET)
    )
    expect(found).toMatchObject({
      deploymentGroupName: GROUP,
      computePlatform: 'ECS',
      deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
      lastSuccessfulDeployment: { status: 'Succeeded' }
    })
    const pair = found?.loadBalancerInfo?.targetGroupPairInfoList?.[0]
    expect(pair?.targetGroups?.map(t => t.name)).toEqual([BLUE_TG, GREEN_TG])
    expect(pair?.testTrafficRoute?.listenerArns).toHaveLength(1)

    const before = await service(w)
    expect(before.deployments).toEqual([])
    expect(before.taskSets).toHaveLength(1)
    expect(before.taskSets?.[0]).toMatchObject({
      status: 'PRIMARY',
      startedBy: 'CODE_DEPLOY',
      externalId: found?.lastSuccessfulDeployment?.deploymentId,
      taskDefinition: w.rev1,
      platformVersion: '1.4.0',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }]
    })

    const id = await deploy(w)
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/)
    // Not started yet: Created, then Queued at the first look.
    expect(await errorOf(target(w, id))).toBe('DeploymentNotStartedException')
    expect(await errorOf(deploy(w))).toBe('DeploymentLimitExceededException')

    const weights: number[] = []
    let sawTerminationWait = false
    for (let i = 0; i < 400; i++) {
      const d = await info(w, id)
      if (d.status === 'Succeeded') break
      if (d.status === 'Queued') continue
      const t = await target(w, id)
      const green = t.taskSetsInfo?.find(s => s.taskSetLabel === 'Green')
      if (green?.trafficWeight !== undefined && weights.at(-1) !== green.trafficWeight) {
        weights.push(green.trafficWeight)
      }
      if (d.instanceTerminationWaitTimeStarted && d.status === 'InProgress') {
        sawTerminationWait = true
        expect(t.status).toBe('Succeeded')
      }
      await sleep(5)
    }
    // 10 percent a (played) minute: each weight holds a minute, so every poll loop sees them all
    // unless the machine stalls longer than that; allow for one or two skipped.
    expect(weights[0]).toBe(0)
    expect(weights.at(-1)).toBe(100)
    expect(weights.length).toBeGreaterThanOrEqual(9)
    for (const [i, weight] of weights.entries()) {
      expect(weight % 10).toBe(0)
      if (i > 0) expect(weight).toBeGreaterThan(weights[i - 1] ?? 0)
    }
    expect(sawTerminationWait).toBe(true)

    const d = await info(w, id)
    expect(d).toMatchObject({
      status: 'Succeeded',
      creator: 'user',
      computePlatform: 'ECS',
      revision: { revisionType: 'AppSpecContent' },
      previousRevision: { revisionType: 'AppSpecContent' }
    })
    // "The content property of the appSpecContent object in the returned revision is always null."
    expect(d.revision?.appSpecContent?.content).toBeUndefined()
    expect(d.revision?.appSpecContent?.sha256).toMatch(/^[0-9a-f]{64}$/)
    const t = await target(w, id)
    expect(events(t)).toEqual({
      BeforeInstall: 'Succeeded',
      Install: 'Succeeded',
      AfterInstall: 'Succeeded',
      AllowTestTraffic: 'Succeeded',
      AfterAllowTestTraffic: 'Succeeded',
      BeforeAllowTraffic: 'Succeeded',
      AllowTraffic: 'Succeeded',
      AfterAllowTraffic: 'Succeeded'
    })
    expect(t.targetArn).toBe(`arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${SERVICE}`)

    const after = await service(w)
    const rev2 = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/megilance-backend:2`
    expect(after.taskDefinition).toBe(rev2)
    expect(after.taskSets).toHaveLength(1)
    expect(after.taskSets?.[0]).toMatchObject({
      status: 'PRIMARY',
      externalId: id,
      taskDefinition: rev2,
      stabilityStatus: 'STEADY_STATE',
      runningCount: 2,
      scale: { value: 100, unit: 'PERCENT' },
      loadBalancers: [
        { targetGroupArn: targetGroupArn(GREEN_TG), containerName: 'backend', containerPort: 8000 }
      ],
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0aaa'] } }
    })
    expect(w.aws.ecs.running(CLUSTER, SERVICE)).toBe(rev2)
    expect(w.aws.ops('codedeploy')).toContain('CreateDeployment')
  })

  it('a hook fails in AfterAllowTestTraffic: Failed with its diagnostics, then rolled back', async () => {
    const w = await world({
      scenarios: [
        {
          hookFails: {
            event: 'AfterAllowTestTraffic',
            message: 'smoke test: GET /api/health/ready answered 503',
            logTail: 'FAIL /api/health/ready 503'
          }
        }
      ]
    })
    const id = await deploy(w)
    const { statuses, last } = await follow(w, id, ended)
    expect(statuses).toEqual(['Queued', 'InProgress', 'Failed'])
    expect(last.errorInformation?.code).toBe('HOOK_EXECUTION_FAILURE')
    expect(last.errorInformation?.message).toContain(SMOKE)
    const rollbackId = last.rollbackInfo?.rollbackDeploymentId ?? ''
    expect(rollbackId).toMatch(/^d-/)

    const t = await target(w, id)
    expect(t.status).toBe('Failed')
    expect(events(t)).toMatchObject({
      AllowTestTraffic: 'Succeeded',
      AfterAllowTestTraffic: 'Failed',
      BeforeAllowTraffic: 'Skipped',
      AllowTraffic: 'Skipped'
    })
    const failed = t.lifecycleEvents?.find(e => e.lifecycleEventName === 'AfterAllowTestTraffic')
    expect(failed?.diagnostics).toEqual({
      errorCode: 'ScriptFailed',
      scriptName: SMOKE,
      message: 'smoke test: GET /api/health/ready answered 503',
      logTail: 'FAIL /api/health/ready 503'
    })

    const rollback = await follow(w, rollbackId, ended)
    expect(rollback.last).toMatchObject({
      status: 'Succeeded',
      creator: 'codeDeployRollback',
      rollbackInfo: { rollbackTriggeringDeploymentId: id }
    })
    expect((await info(w, id)).rollbackInfo?.rollbackMessage).toContain('Succeeded')
    const after = await service(w)
    expect(after.taskDefinition).toBe(w.rev1)
    expect(after.taskSets?.map(s => s.status)).toEqual(['PRIMARY'])
  })

  it('replacement tasks crash: their stopped tasks and log lines, Install Failed, rolled back', async () => {
    const crash = {
      stoppedReason: 'Essential container in task exited',
      exitCode: 1,
      logLines: ['Starting MegiLance backend', 'RuntimeError: DATABASE_URL not set']
    }
    const w = await world({ scenarios: [{ tasksCrash: [crash, crash] }] })
    const id = await deploy(w)
    // While Install goes on, the replacement task set is there, not yet steady.
    let green: string | undefined
    for (let i = 0; i < 50 && green === undefined; i++) {
      const sets = (await service(w)).taskSets ?? []
      green = sets.find(s => s.externalId === id)?.id
    }
    expect(green).toMatch(/^ecs-svc\/\d{19}$/)
    const { last } = await follow(w, id, ended)
    expect(last.status).toBe('Failed')
    expect(last.errorInformation?.code).toBe('ECS_UPDATE_ERROR')
    expect(events(await target(w, id))).toMatchObject({
      Install: 'Failed',
      AfterInstall: 'Skipped'
    })

    const listed = await w.ecs.send(
      new ListTasksCommand({ cluster: CLUSTER, startedBy: green, desiredStatus: 'STOPPED' })
    )
    expect(listed.taskArns).toHaveLength(2)
    const tasks = await w.ecs.send(
      new DescribeTasksCommand({ cluster: CLUSTER, tasks: listed.taskArns ?? [] })
    )
    for (const task of tasks.tasks ?? []) {
      expect(task).toMatchObject({
        startedBy: green,
        lastStatus: 'STOPPED',
        stoppedReason: 'Essential container in task exited',
        taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/megilance-backend:2`
      })
      expect(task.containers?.[0]?.exitCode).toBe(1)
    }
    const taskId = (tasks.tasks?.[0]?.taskArn ?? '').split('/').at(-1) ?? ''
    const lines = await w.logs.send(
      new GetLogEventsCommand({
        logGroupName: LOG_GROUP,
        logStreamName: `backend/backend/${taskId}`,
        startFromHead: true
      })
    )
    expect(lines.events?.map(e => e.message)).toContain('RuntimeError: DATABASE_URL not set')

    const rollbackId = last.rollbackInfo?.rollbackDeploymentId ?? ''
    expect((await follow(w, rollbackId, ended)).last.status).toBe('Succeeded')
    expect((await service(w)).taskSets?.map(s => s.taskDefinition)).toEqual([w.rev1])
  })

  it('no auto-rollback: Failed, components stay where they are; StopDeployment without a rollback', async () => {
    const w = await world({
      autoRollback: false,
      scenarios: [{ hookFails: { event: 'AfterAllowTestTraffic' } }, { stuckAt: 'Install' }]
    })
    const id = await deploy(w)
    const { last } = await follow(w, id, ended)
    expect(last.status).toBe('Failed')
    expect(last.rollbackInfo).toBeUndefined()
    expect(last.autoRollbackConfiguration?.enabled).toBe(false)
    const sets = (await service(w)).taskSets ?? []
    expect(sets.map(s => [s.status, s.taskDefinition])).toEqual([
      ['PRIMARY', w.rev1],
      ['ACTIVE', `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/megilance-backend:2`]
    ])

    // The next deployment replaces what the failed one left; stopped, it stays Stopped.
    const next = await deploy(w)
    await follow(w, next, d => d.status === 'InProgress')
    const stop = await w.codedeploy.send(new StopDeploymentCommand({ deploymentId: next }))
    expect(stop).toMatchObject({
      status: 'Succeeded',
      statusMessage: 'No more commands will be scheduled for execution in the deployment instances'
    })
    const stopped = await info(w, next)
    expect(stopped).toMatchObject({ status: 'Stopped', errorInformation: { code: 'MANUAL_STOP' } })
    expect(stopped.rollbackInfo).toBeUndefined()
    expect(
      await errorOf(w.codedeploy.send(new StopDeploymentCommand({ deploymentId: next })))
    ).toBe('DeploymentAlreadyCompletedException')
    expect(w.aws.codedeploy.deployments(APP, GROUP).map(d => d.status)).toEqual([
      'Succeeded',
      'Failed',
      'Stopped'
    ])
  })

  it('stuck: never finishes on its own; StopDeployment with autoRollbackEnabled rolls it back', async () => {
    const w = await world({ scenarios: [{ stuckAt: 'Install' }] })
    const id = await deploy(w)
    await follow(w, id, d => d.status === 'InProgress')
    for (let i = 0; i < 30; i++) await info(w, id)
    expect((await info(w, id)).status).toBe('InProgress')
    const t = await target(w, id)
    expect(events(t).Install).toBe('InProgress')
    expect(t.taskSetsInfo?.find(s => s.taskSetLabel === 'Green')).toMatchObject({
      runningCount: 0,
      pendingCount: 2,
      trafficWeight: 0,
      status: 'ACTIVE'
    })
    const sets = await w.ecs.send(
      new DescribeTaskSetsCommand({ cluster: CLUSTER, service: SERVICE })
    )
    expect(sets.taskSets?.find(s => s.externalId === id)?.stabilityStatus).toBe('STABILIZING')

    await w.codedeploy.send(
      new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true })
    )
    const stopped = await info(w, id)
    expect(stopped.status).toBe('Stopped')
    const rollbackId = stopped.rollbackInfo?.rollbackDeploymentId ?? ''
    const rollback = await follow(w, rollbackId, ended)
    expect(rollback.last).toMatchObject({
      status: 'Succeeded',
      creator: 'codeDeployRollback',
      rollbackInfo: { rollbackTriggeringDeploymentId: id }
    })
    expect((await service(w)).taskSets?.map(s => s.taskDefinition)).toEqual([w.rev1])
  })

  it('Ready with STOP_DEPLOYMENT: waits for ContinueDeployment READY_WAIT, or stops at the end of its wait', async () => {
    const w = await world({
      deploymentReady: { action: 'STOP_DEPLOYMENT', waitTimeInMinutes: 5 },
      termination: { action: 'TERMINATE', waitTimeInMinutes: 60 },
      scenarios: [{ minuteMs: 60_000 }, { minuteMs: MINUTE_MS }]
    })
    const id = await deploy(w)
    const continueIt = (type: 'READY_WAIT' | 'TERMINATION_WAIT') =>
      w.codedeploy.send(
        new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: type })
      )
    expect(await errorOf(continueIt('READY_WAIT'))).toBe('DeploymentIsNotInReadyStateException')
    await follow(w, id, d => d.status === 'Ready')
    for (let i = 0; i < 10; i++) await info(w, id)
    const ready = await target(w, id)
    expect(ready.status).toBe('Ready')
    expect(events(ready)).toMatchObject({
      AfterAllowTestTraffic: 'Succeeded',
      BeforeAllowTraffic: 'Pending'
    })
    expect(await errorOf(continueIt('TERMINATION_WAIT'))).toBe('InvalidDeploymentStatusException')

    await continueIt('READY_WAIT')
    const waiting = await follow(w, id, d => d.instanceTerminationWaitTimeStarted === true)
    expect(waiting.last.status).toBe('InProgress')
    // A 60-minute termination wait, cut short.
    await continueIt('TERMINATION_WAIT')
    expect((await follow(w, id, ended)).last.status).toBe('Succeeded')
    expect(await errorOf(continueIt('READY_WAIT'))).toBe('DeploymentAlreadyCompletedException')

    // The next one is left Ready: Stopped once its 5 minutes are over.
    const next = await deploy(w)
    const { last } = await follow(w, next, ended)
    expect(last).toMatchObject({ status: 'Stopped', errorInformation: { code: 'TIMEOUT' } })
  })

  it('the rollback itself fails', async () => {
    const w = await world({
      hooks: { AfterAllowTraffic: SMOKE },
      scenarios: [
        {
          hookFails: { event: 'AfterAllowTraffic', message: 'p99 latency over budget' },
          rollback: { hookFails: { event: 'AfterAllowTraffic', message: 'still over budget' } }
        }
      ]
    })
    const id = await deploy(w, `  - AfterAllowTraffic: "${SMOKE}"`)
    const { last } = await follow(w, id, ended)
    expect(last.status).toBe('Failed')
    // Traffic had moved: the replacement serves it, the original waits.
    const before = await target(w, id)
    expect(before.taskSetsInfo?.map(s => [s.taskSetLabel, s.status, s.trafficWeight])).toEqual([
      ['Blue', 'ACTIVE', 0],
      ['Green', 'PRIMARY', 100]
    ])
    const rollbackId = last.rollbackInfo?.rollbackDeploymentId ?? ''
    const rollback = await follow(w, rollbackId, ended)
    expect(rollback.last).toMatchObject({
      status: 'Failed',
      creator: 'codeDeployRollback',
      errorInformation: { code: 'HOOK_EXECUTION_FAILURE' }
    })
    expect(rollback.last.rollbackInfo?.rollbackDeploymentId).toBeUndefined()
    expect((await info(w, id)).rollbackInfo?.rollbackMessage).toContain('Failed')
    const t = await target(w, rollbackId)
    expect(
      t.lifecycleEvents?.find(e => e.lifecycleEventName === 'AfterAllowTraffic')
    ).toMatchObject({
      status: 'Failed',
      diagnostics: { scriptName: SMOKE, message: 'still over budget' }
    })
  })

  it('answers the errors the API reference lists', async () => {
    const w = await world()
    const cd = w.codedeploy
    const cases: [Promise<unknown>, string][] = [
      [
        cd.send(new ListDeploymentGroupsCommand({ applicationName: 'nope' })),
        'ApplicationDoesNotExistException'
      ],
      [
        cd.send(
          new GetDeploymentGroupCommand({ applicationName: APP, deploymentGroupName: 'nope' })
        ),
        'DeploymentGroupDoesNotExistException'
      ],
      [cd.send(new GetDeploymentCommand({ deploymentId: 'nope' })), 'InvalidDeploymentIdException'],
      [
        cd.send(new GetDeploymentCommand({ deploymentId: 'd-AAAAAAAAA' })),
        'DeploymentDoesNotExistException'
      ],
      [
        cd.send(new ListDeploymentTargetsCommand({ deploymentId: 'd-AAAAAAAAA' })),
        'DeploymentDoesNotExistException'
      ],
      [
        cd.send(new CreateDeploymentCommand({ applicationName: APP, deploymentGroupName: GROUP })),
        'RevisionRequiredException'
      ],
      [
        cd.send(
          new CreateDeploymentCommand({
            applicationName: APP,
            deploymentGroupName: GROUP,
            revision: {
              revisionType: 'AppSpecContent',
              appSpecContent: { content: 'version: 0.0' }
            }
          })
        ),
        'InvalidRevisionException'
      ],
      [
        cd.send(
          new CreateDeploymentCommand({
            applicationName: APP,
            deploymentGroupName: GROUP,
            deploymentConfigName: 'CodeDeployDefault.OneAtATime',
            revision: { revisionType: 'AppSpecContent', appSpecContent: { content: 'x: 1' } }
          })
        ),
        'DeploymentConfigDoesNotExistException'
      ]
    ]
    for (const [call, error] of cases) expect(await errorOf(call)).toBe(error)
    const id = await deploy(w)
    await follow(w, id, d => d.status === 'InProgress')
    const targets = await cd.send(new ListDeploymentTargetsCommand({ deploymentId: id }))
    expect(targets.targetIds).toEqual([TARGET])
    expect(
      await errorOf(cd.send(new GetDeploymentTargetCommand({ deploymentId: id, targetId: 'x:y' })))
    ).toBe('DeploymentTargetDoesNotExistException')
    expect(w.aws.calls.filter(c => c.service === 'codedeploy' && c.status !== 200).length).toBe(
      cases.length + 1
    )
  })

  it('a role without codedeploy:CreateDeployment is refused on the deployment group, in IAM words', async () => {
    const w = await world({}, { deny: ['CreateDeployment'] })
    try {
      await deploy(w)
      throw new Error('CreateDeployment was answered')
    } catch (error) {
      expect((error as Error).name).toBe('AccessDeniedException')
      expect((error as Error).message).toContain(
        `not authorized to perform: codedeploy:CreateDeployment on resource: arn:aws:codedeploy:${REGION}:${ACCOUNT}:deploymentgroup:${APP}/${GROUP}`
      )
    }
    expect(w.aws.codedeploy.deployments(APP, GROUP)).toHaveLength(1)
  })
})
