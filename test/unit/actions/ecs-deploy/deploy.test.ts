import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { BACKEND, deployStep, servicesShow, stubRollout } from '../../../support/deploy-step.js'
import {
  BACKEND_IMAGE_NEW,
  CLUSTER,
  NEW_ID,
  OLD_ID,
  REGION,
  ROLLBACK_ID,
  SERVICE,
  T0,
  completed,
  deployment,
  event,
  registered,
  rolling,
  service,
  steady,
  stoppedTask,
  tdArn
} from '../../../support/ecs-fixtures.js'
import { VirtualClock } from '../../../support/fakes/fake-runtime.js'

/*
 * The whole action-ecs-deploy step against a mocked ECS (test/support/deploy-step.ts): deploy mode
 * to its verdict, what ECS really does, and the post step. Over 250 lines: one scenario per way a
 * rollout ends, read top to bottom.
 */

const step = deployStep()
const { ecs } = step

const inputs = {
  ...BACKEND,
  'poll-interval-seconds': '10',
  'wait-for-minutes': '30'
}

const deploy = (extra: Record<string, string> = {}, clock = new VirtualClock()) =>
  step.run({ ...inputs, ...extra }, { clock })

/** ECS's own rollback deployment (the previous revision, newer than ours), ours FAILED beside it. */
function ecsRollback(
  running: number,
  rolloutState: 'COMPLETED' | undefined,
  events: ReturnType<typeof event>[]
) {
  return service({
    deployments: [
      deployment({
        id: ROLLBACK_ID,
        taskDefinition: tdArn(41),
        runningCount: running,
        createdAt: new Date(T0 + 40_000),
        ...(rolloutState ? { rolloutState } : {})
      }),
      deployment({
        id: NEW_ID,
        taskDefinition: tdArn(42),
        status: 'ACTIVE',
        rolloutState: 'FAILED'
      })
    ],
    events,
    circuitBreaker: { enable: true, rollback: true }
  })
}

beforeEach(() => stubRollout(ecs))

describe('deploy mode', () => {
  it('succeeds when the rollout completes with every task running, within one poll of ECS finishing', async () => {
    servicesShow(
      ecs,
      steady(),
      rolling({ runningCount: 1, pendingCount: 1 }),
      rolling({ runningCount: 2 }, { oldRunning: 1 }),
      completed(NEW_ID, 42)
    )
    const clock = new VirtualClock()
    const r = await deploy({}, clock)

    expect(r.failed).toBe(false)
    expect(r.outputs).toMatchObject({
      outcome: 'succeeded',
      'task-definition-arn': tdArn(42),
      'previous-task-definition-arn': tdArn(41),
      'deployment-id': NEW_ID
    })
    expect(clock.t - T0).toBe(20000) // polls at 0 s, 10 s and 20 s: the verdict comes at the first poll that sees COMPLETED
    const registeredInput = ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input
    expect(registeredInput.containerDefinitions?.[0]?.image).toBe(BACKEND_IMAGE_NEW)
    expect(registeredInput).not.toHaveProperty('taskDefinitionArn')
    expect(registeredInput).not.toHaveProperty('revision')
    expect(registeredInput).not.toHaveProperty('requiresAttributes')
    expect(registeredInput.tags).toEqual(
      expect.arrayContaining([
        { key: 'ecs-deploy-actions:commit', value: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0' },
        {
          key: 'ecs-deploy-actions:run',
          value: 'https://github.com/megilance/megilance/actions/runs/4242'
        }
      ])
    )
    expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, {
      cluster: CLUSTER,
      service: SERVICE,
      taskDefinition: tdArn(42),
      forceNewDeployment: false
    })
    expect(ecs).toHaveReceivedCommandWith(TagResourceCommand, {
      resourceArn: tdArn(42),
      tags: [{ key: 'ecs-deploy-actions:outcome', value: 'succeeded' }]
    })
    // No circuit breaker: our failed tasks are counted from the tasks themselves, one ListTasks a poll.
    expect(ecs).toHaveReceivedCommandTimes(ListTasksCommand, 3)
    for (const call of ecs.commandCalls(ListTasksCommand)) {
      expect(call.args[0].input).toMatchObject({ startedBy: NEW_ID, desiredStatus: 'STOPPED' })
    }
    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 1)
    expect(r.summary).toContain('✅ Deployed')
    expect(r.summary).toContain('megilance-backend:41')
    expect(r.summary).toContain('megilance-backend:42')
    expect(r.summary).toContain(
      `image ${registered(41).containerDefinitions![0]!.image} → ${BACKEND_IMAGE_NEW}`
    )
    expect(r.log).toContain('::group::Watch deployment ecs-svc/2222222222222222222')
  })

  it('opens with the Inputs group (the settings read, never the github-token nor environment values), then AWS credentials', async () => {
    servicesShow(ecs, steady(), completed(NEW_ID, 42))
    const r = await deploy({
      'github-token': 'ghp_s3cr3tTokenValue',
      'environment-variables': 'STAGE=prod-eu-7731'
    })

    expect(r.failed).toBe(false)
    const inputsAt = r.log.indexOf('::group::Inputs')
    const awsAt = r.log.indexOf('::group::AWS credentials')
    expect(inputsAt).toBeGreaterThanOrEqual(0)
    expect(awsAt).toBeGreaterThan(inputsAt)
    const inputs = r.log.slice(inputsAt, awsAt)
    expect(inputs).toContain(`service: ${SERVICE}`)
    expect(inputs).toContain(`render.images: container=backend image=${BACKEND_IMAGE_NEW}`)
    expect(inputs).toContain('githubToken: (hidden)')
    expect(inputs).toContain('render.environment: STAGE')
    expect(r.log).not.toContain('ghp_s3cr3tTokenValue')
    expect(r.log).not.toContain('prod-eu-7731')
  })

  it('fails on a circuit-breaker FAILED, explains why, and does not repeat the rollback ECS makes', async () => {
    const cb = { enable: true, rollback: true }
    const events = [
      event(-60, '(service megilance-backend) has reached a steady state.'),
      event(
        15,
        '(service megilance-backend) has started 2 tasks: (task task1abcdef) (task task2abcdef).'
      ),
      event(
        40,
        '(service megilance-backend) deployment ecs-svc/2222222222222222222 deployment failed: tasks failed to start.'
      )
    ]
    servicesShow(
      ecs,
      steady(cb),
      rolling({ runningCount: 0, pendingCount: 2 }, { circuitBreaker: cb }),
      rolling(
        {
          rolloutState: 'FAILED',
          rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
          failedTasks: 4
        },
        { circuitBreaker: cb, events }
      ),
      // ECS's rollback: the previous revision in a newer deployment, then COMPLETED
      ecsRollback(1, undefined, events),
      ecsRollback(2, 'COMPLETED', events)
    )
    ecs.on(ListTasksCommand).resolves({ taskArns: ['arn:task1', 'arn:task2'] })
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        stoppedTask(1, 'Essential container in task exited', 1, 'ModuleNotFoundError: app'),
        stoppedTask(2, 'Task failed container health checks', 137)
      ]
    })
    const r = await deploy()

    expect(r.failed).toBe(true)
    expect(r.outputs.outcome).toBe('rolled-back')
    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 1) // no second rollback
    expect(ecs).toHaveReceivedCommandWith(ListTasksCommand, {
      cluster: CLUSTER,
      startedBy: NEW_ID,
      desiredStatus: 'STOPPED'
    })
    expect(ecs).toHaveReceivedCommandWith(TagResourceCommand, {
      tags: [{ key: 'ecs-deploy-actions:outcome', value: 'failed' }]
    })
    expect(r.log).toMatch(
      /::error title=Deployment failed \(circuit-breaker\)::The ECS deployment circuit breaker failed the deployment: ECS deployment circuit breaker: tasks failed to start\./
    )
    expect(r.log).toMatch(
      /::error title=Stopped task::Task task1abcdef stopped: Essential container in task exited \[health UNHEALTHY\] — backend: exit 1, ModuleNotFoundError: app/
    )
    expect(r.summary).toContain('exit 137')
    expect(r.summary).toContain('deployment failed: tasks failed to start')
    expect(r.summary).not.toContain('has reached a steady state') // events before the deploy are left out
    expect(r.summary).toContain('rolls the service back to [megilance-backend:41]')
    expect(r.summary).toContain('no second rollback')
    expect(r.summary).toContain(
      "ECS's rollback: succeeded — ECS rolled the service back to megilance-backend:41"
    )
    expect(r.log).toContain("::group::Watch ECS's rollback of ecs-svc/2222222222222222222")
  })

  it('uses DescribeServiceDeployments where ECS answers it and sees ECS rolling back by itself', async () => {
    const cb = { enable: true, rollback: true }
    const sdArn = `arn:aws:ecs:${REGION}:123456789012:service-deployment/${CLUSTER}/${SERVICE}/EXsdro8Rs9T3dIOLon0qU`
    const revisionArn = `arn:aws:ecs:${REGION}:123456789012:service-revision/${CLUSTER}/${SERVICE}/4980306466373577095`
    ecs.on(ListServiceDeploymentsCommand).resolves({
      serviceDeployments: [
        // a neighbour created a second before ours, of another revision: never ours
        {
          serviceDeploymentArn: `${sdArn}-neighbour`,
          createdAt: new Date(T0 - 1000),
          status: 'STOPPED',
          targetServiceRevisionArn: `${revisionArn}-neighbour`
        },
        {
          serviceDeploymentArn: sdArn,
          createdAt: new Date(T0),
          status: 'IN_PROGRESS',
          targetServiceRevisionArn: revisionArn
        }
      ]
    })
    ecs.on(DescribeServiceRevisionsCommand).callsFake(input => ({
      serviceRevisions: [
        {
          serviceRevisionArn: input.serviceRevisionArns[0],
          taskDefinition: String(input.serviceRevisionArns[0]).endsWith('neighbour')
            ? tdArn(40)
            : tdArn(42)
        }
      ]
    }))
    ecs
      .on(DescribeServiceDeploymentsCommand)
      .resolvesOnce({
        serviceDeployments: [{ serviceDeploymentArn: sdArn, status: 'IN_PROGRESS' }]
      })
      .resolvesOnce({
        serviceDeployments: [
          {
            serviceDeploymentArn: sdArn,
            status: 'ROLLBACK_IN_PROGRESS',
            rollback: { reason: 'Circuit breaker: 3 tasks failed health checks' }
          }
        ]
      })
      .resolves({
        serviceDeployments: [
          {
            serviceDeploymentArn: sdArn,
            status: 'ROLLBACK_SUCCESSFUL',
            rollback: { reason: 'Circuit breaker: 3 tasks failed health checks' }
          }
        ]
      })
    servicesShow(
      ecs,
      steady(cb),
      rolling({ runningCount: 0, failedTasks: 3 }, { circuitBreaker: cb })
    )
    const r = await deploy()

    expect(r.outputs.outcome).toBe('rolled-back')
    expect(ecs).toHaveReceivedCommandWith(DescribeServiceDeploymentsCommand, {
      serviceDeploymentArns: [sdArn]
    })
    expect(ecs).not.toHaveReceivedCommandWith(DescribeServiceDeploymentsCommand, {
      serviceDeploymentArns: [`${sdArn}-neighbour`]
    })
    expect(r.log).toContain(`Watching service deployment ${sdArn}.`)
    expect(r.log).toContain(
      "ECS's rollback succeeded: ECS rolled the service back (ROLLBACK_SUCCESSFUL)"
    )
    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 1)
    expect(r.log).toContain('ROLLBACK_IN_PROGRESS): Circuit breaker: 3 tasks failed health checks')
  })

  it('rolls back itself when tasks keep failing and the service has no circuit breaker → rolled-back', async () => {
    servicesShow(
      ecs,
      steady(),
      rolling({ runningCount: 0, pendingCount: 2, failedTasks: 1 }),
      rolling({ runningCount: 0, pendingCount: 2, failedTasks: 3 }),
      // our rollback: the old revision PRIMARY again, then completed
      service({
        deployments: [
          deployment({ id: ROLLBACK_ID, taskDefinition: tdArn(41), runningCount: 1 }),
          deployment({
            id: NEW_ID,
            taskDefinition: tdArn(42),
            status: 'ACTIVE',
            failedTasks: 3
          })
        ]
      }),
      completed(ROLLBACK_ID, 41)
    )
    ecs
      .on(UpdateServiceCommand)
      .resolvesOnce({ service: rolling({}) })
      .resolves({
        service: service({
          deployments: [
            deployment({ id: ROLLBACK_ID, taskDefinition: tdArn(41) }),
            deployment({ id: NEW_ID, taskDefinition: tdArn(42), status: 'ACTIVE' })
          ]
        })
      })
    let listed = 0
    ecs.on(ListTasksCommand).callsFake(input => ({
      taskArns:
        input.startedBy === NEW_ID
          ? listed++ === 0
            ? ['arn:task1']
            : ['arn:task1', 'arn:task2', 'arn:task3']
          : []
    }))
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        stoppedTask(
          1,
          'Essential container in task exited',
          3,
          'OutOfMemoryError: Container killed due to memory usage'
        )
      ]
    })
    const r = await deploy()

    expect(r.failed).toBe(true)
    expect(r.outputs.outcome).toBe('rolled-back')
    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 2)
    expect(ecs.commandCalls(UpdateServiceCommand)[1]!.args[0].input).toMatchObject({
      taskDefinition: tdArn(41),
      service: SERVICE
    })
    expect(ecs).toHaveReceivedCommandTimes(RegisterTaskDefinitionCommand, 1) // the rollback registers nothing
    expect(r.log).toContain(
      '3 tasks of deployment ecs-svc/2222222222222222222 failed to start or stay healthy (max-failed-tasks is 3)'
    )
    expect(r.summary).toContain('OutOfMemoryError')
    expect(r.summary).toContain('Rolled back to [megilance-backend:41]')
    expect(r.log).toContain(
      '::error title=ECS deploy rolled-back::Deployment failed and was rolled back to ' + tdArn(41)
    )
  })

  it('fails when another deployment replaces ours, naming it', async () => {
    const other = 'ecs-svc/9999999999999999999'
    servicesShow(
      ecs,
      steady(),
      rolling({ runningCount: 1 }),
      service({
        deployments: [
          deployment({ id: other, taskDefinition: tdArn(43) }),
          deployment({
            id: NEW_ID,
            taskDefinition: tdArn(42),
            status: 'ACTIVE',
            runningCount: 1
          }),
          deployment({
            id: OLD_ID,
            taskDefinition: tdArn(41),
            status: 'ACTIVE',
            runningCount: 1
          })
        ]
      })
    )
    const r = await deploy()

    expect(r.outputs.outcome).toBe('failed')
    expect(r.log).toContain(`was replaced by deployment ${other} (megilance-backend:43)`)
    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 1)
    expect(r.log).toContain('Another deployment replaced this one: not rolling back over it.')
  })

  it('fails after wait-for-minutes and says where the rollout stood', async () => {
    servicesShow(ecs, steady(), rolling({ runningCount: 1, pendingCount: 1 }))
    const clock = new VirtualClock()
    const r = await deploy({ 'wait-for-minutes': '5', 'rollback-on-failure': 'false' }, clock)

    expect(r.outputs.outcome).toBe('failed')
    expect(r.log).toContain(
      'did not finish within 5 minutes (wait-for-minutes). Last state: IN_PROGRESS: 1/2 running, 1 pending'
    )
    expect(clock.t - T0).toBe(5 * 60000)
    expect(ecs.commandCalls(DescribeServicesCommand).length).toBe(1 + 31) // one read, then a poll every 10 s incl. 0 and 300
  })

  it('keeps polling through throttling and still reaches the verdict', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [steady()] })
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({
        services: [completed(NEW_ID, 42)]
      })
    const r = await deploy()

    expect(r.outputs.outcome).toBe('succeeded')
    expect(r.log).toMatch(
      /::warning::Polling the service failed \(ThrottlingException: Rate exceeded\)/
    )
  })

  it('fails a deploy whose health check never answers 2xx, then rolls back', async () => {
    servicesShow(ecs, steady(), completed(NEW_ID, 42), completed(ROLLBACK_ID, 41))
    ecs
      .on(UpdateServiceCommand)
      .resolvesOnce({ service: rolling({}) })
      .resolves({
        service: service({
          deployments: [deployment({ id: ROLLBACK_ID, taskDefinition: tdArn(41) })]
        })
      })
    const asked: string[] = []
    const r = await step.run(
      {
        ...inputs,
        'health-check-url': 'https://api.megilance.example/api/health/live',
        'wait-for-minutes': '2'
      },
      { httpGet: async url => (asked.push(url), 503) }
    )
    expect(asked[0]).toBe('https://api.megilance.example/api/health/live')
    expect(r.outputs.outcome).toBe('rolled-back')
    expect(r.log).toMatch(
      /::error title=Deployment failed \(health-check\)::.*did not answer 2xx before the time was up \(last: HTTP 503\)/
    )
  })

  it('with wait-for-service-stability false, stops after UpdateService and says the outcome is not known', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [steady()] })
    const r = await deploy({ 'wait-for-service-stability': 'false' })
    expect(r.failed).toBe(false)
    expect(r.outputs.outcome).toBe('started')
    expect(ecs).toHaveReceivedCommandTimes(DescribeServicesCommand, 1)
  })
})

describe('what ECS really does', () => {
  it('an error after UpdateService: outputs set, outcome unknown, no rollback, post state cleared', async () => {
    const denied = Object.assign(
      new Error(
        'User: arn:aws:sts::123456789012:assumed-role/deploy/x is not authorized to perform: ecs:DescribeServices'
      ),
      { name: 'AccessDeniedException' }
    )
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [steady()] })
      .rejects(denied)
    const r = await deploy()
    expect(r.failed).toBe(true)
    expect(r.outputs).toEqual({
      'task-definition-arn': tdArn(42),
      'previous-task-definition-arn': tdArn(41),
      'deployment-id': NEW_ID,
      outcome: 'unknown',
      'rendered-task-definition': expect.stringContaining('megilance-backend-task-definition.json'),
      // No one-off task (run-task-command) in this deploy: its outputs are set, empty.
      'run-task-arn': '',
      'run-task-exit-code': '',
      services: '',
      // Not a service on the CODE_DEPLOY controller: set, empty.
      'codedeploy-deployment-id': '',
      // No scheduled-tasks: none moved.
      'scheduled-tasks': '[]',
      // No keep-revisions: none deregistered.
      'deregistered-task-definitions': '[]',
      // Not an Express service: its outputs are set, empty.
      endpoint: '',
      'service-arn': ''
    })
    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 1)
    expect(ecs).not.toHaveReceivedCommand(TagResourceCommand)
    expect(r.state).toMatchObject({ watching: 'false', 'deployment-id': NEW_ID })
    expect(r.log).toMatch(
      /::error title=State unknown::AccessDeniedException: .*ecs:DescribeServices/
    )
  })

  // A CODE_DEPLOY service deploys through CodeDeploy (kinds/codedeploy, test/e2e/codedeploy/codedeploy.test.ts).
  it.each(['EXTERNAL'] as const)('refuses a %s service before any write', async controller => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [{ ...steady(), deploymentController: { type: controller } }]
    })
    const r = await deploy()
    expect(r.failed).toBe(true)
    expect(r.log).toContain(`Input "service": megilance-backend uses the ${controller}`)
    expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand)
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand)
    expect(r.outputs).toEqual({})
  })

  it('announces a refused DescribeServiceDeployments, naming the permission and the ARN, and deploys on', async () => {
    const sdArn = `arn:aws:ecs:${REGION}:123456789012:service-deployment/${CLUSTER}/${SERVICE}/EXsdro8Rs9T3dIOLon0qU`
    ecs.on(ListServiceDeploymentsCommand).resolves({
      serviceDeployments: [
        { serviceDeploymentArn: sdArn, createdAt: new Date(T0), targetServiceRevisionArn: 'rev' }
      ]
    })
    ecs
      .on(DescribeServiceRevisionsCommand)
      .resolves({ serviceRevisions: [{ taskDefinition: tdArn(42) }] })
    ecs.on(DescribeServiceDeploymentsCommand).rejects(
      Object.assign(new Error('not authorized to perform: ecs:DescribeServiceDeployments'), {
        name: 'AccessDeniedException'
      })
    )
    servicesShow(ecs, steady(), rolling({ runningCount: 1 }), completed())
    const r = await deploy()
    expect(r.outputs.outcome).toBe('succeeded')
    expect(r.log).toContain(
      `::warning title=Missing permission::Missing permission ecs:DescribeServiceDeployments on ${sdArn}`
    )
    expect(ecs).toHaveReceivedCommandTimes(DescribeServiceDeploymentsCommand, 1)
  })
})

describe('post step', () => {
  it('reports where the rollout stands when the job stopped during the watch', async () => {
    const { runPost } = await import('../../../../src/actions/ecs-deploy/post.js')
    servicesShow(ecs, rolling({ runningCount: 1, pendingCount: 1 }))
    const r = await step.run(
      { 'aws-region': REGION, service: SERVICE },
      {
        entry: runPost,
        state: {
          credentials: JSON.stringify({
            region: REGION,
            roleToAssume: '',
            roleSessionName: 'GitHubActions',
            audience: 'sts.amazonaws.com'
          }),
          watching: 'true',
          cluster: CLUSTER,
          service: SERVICE,
          region: REGION,
          'deployment-id': NEW_ID,
          'task-definition-arn': tdArn(42)
        }
      }
    )
    expect(r.failed).toBe(false)
    expect(r.log).toContain(
      '::warning title=Rollout still in progress::The job stopped while deployment ecs-svc/2222222222222222222'
    )
    expect(r.log).toContain('IN_PROGRESS: 1/2 running, 1 pending')
    expect(r.summary).toContain('was still in progress when the job stopped')
  })

  it('reads the saved state alone: with no input at all it still reports', async () => {
    const { runPost } = await import('../../../../src/actions/ecs-deploy/post.js')
    servicesShow(ecs, rolling({ runningCount: 1, pendingCount: 1 }))
    const r = await step.run(
      {},
      {
        entry: runPost,
        state: {
          credentials: JSON.stringify({
            region: REGION,
            roleToAssume: '',
            roleSessionName: 'GitHubActions',
            audience: 'sts.amazonaws.com'
          }),
          watching: 'true',
          cluster: CLUSTER,
          service: SERVICE,
          region: REGION,
          'deployment-id': NEW_ID,
          'task-definition-arn': tdArn(42)
        }
      }
    )
    expect(r.failed).toBe(false)
    expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, {
      cluster: CLUSTER,
      services: [SERVICE]
    })
    expect(r.log).toContain('::warning title=Rollout still in progress::')
  })

  it('says nothing when the watch had ended', async () => {
    const { runPost } = await import('../../../../src/actions/ecs-deploy/post.js')
    const r = await step.run(
      { 'aws-region': REGION, service: SERVICE },
      { entry: runPost, state: { watching: 'false' } }
    )
    expect(ecs).not.toHaveReceivedCommand(DescribeServicesCommand)
    expect(r.log).toBe('')
  })
})
