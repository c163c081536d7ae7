import type { Deployment, ECSClient, Service } from '@aws-sdk/client-ecs'

/*
 * The scripted ECS of bench/rollout-latency.ts, in virtual time: one service whose rollout of
 * revision 2 ends `changeAt` seconds after UpdateService, as a success, a circuit-breaker failure
 * (and ECS's rollback), or tasks that keep failing; it counts every call and notes when the step
 * tags its verdict.
 */

export type Kind = 'success' | 'circuit-breaker' | 'failed-tasks'
export const arn = (r: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/app:${r}`

/** Revision r of the scripted family `app` (Fargate, one container), as DescribeTaskDefinition answers. */
export const taskDefinition = (r: number) => ({
  taskDefinitionArn: arn(r),
  family: 'app',
  revision: r,
  status: 'ACTIVE',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'app', image: `app:${r}` }]
})

/** Where the scripted rollout stands at one DescribeServices. */
interface Moment {
  readonly kind: Kind
  /** UpdateService calls so far: 1 is the deploy, 2 the step's rollback. */
  readonly updates: number
  /** Virtual ms of the last UpdateService. */
  readonly updatedAt: number
  /** Seconds since the last UpdateService. */
  readonly elapsed: number
  /** Seconds after UpdateService at which the rollout ends. */
  readonly changeAt: number
}

const deployment = (m: Pick<Moment, 'updatedAt'>, d: Partial<Deployment>): Deployment => ({
  status: 'PRIMARY',
  desiredCount: 2,
  runningCount: 0,
  failedTasks: 0,
  rolloutState: 'IN_PROGRESS',
  createdAt: new Date(m.updatedAt),
  ...d
})

const serviceOf = (deployments: Deployment[], breaker: boolean): Service => ({
  serviceName: 'app',
  taskDefinition: deployments.find(d => d.status === 'PRIMARY')?.taskDefinition,
  deployments,
  events: [],
  deploymentConfiguration: breaker
    ? { deploymentCircuitBreaker: { enable: true, rollback: true } }
    : {}
})

/** The deployment of revision 1 that ran before the deploy, fully rolled out. */
const old = (m: Moment, status: 'PRIMARY' | 'ACTIVE') =>
  deployment(m, {
    id: 'ecs-svc/old',
    taskDefinition: arn(1),
    status,
    runningCount: 2,
    rolloutState: 'COMPLETED'
  })

/** DescribeServices: before the deploy, during it, after the step's own rollback. */
function serviceAt(m: Moment): Service {
  const breaker = m.kind === 'circuit-breaker'
  if (m.updates === 0) return serviceOf([old(m, 'PRIMARY')], breaker)
  if (m.updates === 2) {
    const back = { id: 'ecs-svc/back', taskDefinition: arn(1), runningCount: 2 }
    return serviceOf([deployment(m, { ...back, rolloutState: 'COMPLETED' })], false)
  }
  const done = m.elapsed >= m.changeAt
  if (m.kind === 'success') {
    return serviceOf(
      [
        deployment(m, {
          id: 'ecs-svc/new',
          taskDefinition: arn(2),
          runningCount: done ? 2 : 1,
          rolloutState: done ? 'COMPLETED' : 'IN_PROGRESS'
        })
      ],
      false
    )
  }
  return m.kind === 'circuit-breaker' ? brokenService(m, done) : failingTasksService(m)
}

/** With the circuit breaker: the rollout fails at changeAt, and ECS rolls back. */
function brokenService(m: Moment, done: boolean): Service {
  if (m.elapsed >= m.changeAt + 20) {
    // ECS's own rollback (to the last revision that completed), COMPLETED 20 s after the failure.
    return serviceOf(
      [
        deployment(m, {
          id: 'ecs-svc/ecs-back',
          taskDefinition: arn(1),
          runningCount: 2,
          rolloutState: 'COMPLETED',
          createdAt: new Date(m.updatedAt + (m.changeAt + 1) * 1000)
        }),
        deployment(m, {
          id: 'ecs-svc/new',
          taskDefinition: arn(2),
          status: 'ACTIVE',
          rolloutState: 'FAILED'
        })
      ],
      true
    )
  }
  return serviceOf(
    [
      deployment(m, {
        id: 'ecs-svc/new',
        taskDefinition: arn(2),
        rolloutState: done ? 'FAILED' : 'IN_PROGRESS',
        failedTasks: done ? 5 : 1
      }),
      old(m, 'ACTIVE')
    ],
    true
  )
}

/** failedTasks as ECS shows it: reset to 0 once a task ran; the step counts stopped tasks. */
function failingTasksService(m: Moment): Service {
  return serviceOf(
    [
      deployment(m, { id: 'ecs-svc/new', taskDefinition: arn(2), runningCount: 1, failedTasks: 0 }),
      old(m, 'ACTIVE')
    ],
    false
  )
}

/** A scripted ECS in virtual time: `changeAt` seconds after UpdateService the rollout ends. */
export function scriptedEcs(kind: Kind, clock: { t: number }, changeAt: number) {
  const calls = new Map<string, number>()
  const state = { updates: 0, updatedAt: 0 }
  let firstUpdateAt: number | undefined
  let verdictAt: number | undefined
  const moment = (): Moment => ({
    kind,
    ...state,
    elapsed: (clock.t - state.updatedAt) / 1000,
    changeAt
  })
  const client: Pick<ECSClient, 'send'> = {
    send: (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const op = command.constructor.name.replace(/Command$/, '')
      calls.set(op, (calls.get(op) ?? 0) + 1)
      switch (op) {
        case 'DescribeServices':
          return { services: [serviceAt(moment())] }
        case 'DescribeTaskDefinition': {
          const revision = String(command.input.taskDefinition).endsWith(':2') ? 2 : 1
          return { taskDefinition: taskDefinition(revision), tags: [] }
        }
        case 'RegisterTaskDefinition':
          return { taskDefinition: taskDefinition(2) }
        case 'UpdateService': {
          state.updates++
          state.updatedAt = clock.t
          firstUpdateAt ??= clock.t
          // The deploy's UpdateService, then the step's rollback to revision 1.
          const [id, revision, breaker] =
            state.updates === 1
              ? ['ecs-svc/new', 2, kind === 'circuit-breaker']
              : ['ecs-svc/back', 1, false]
          const started = deployment(moment(), { id, taskDefinition: arn(revision) })
          return { service: serviceOf([started], breaker) }
        }
        case 'ListServiceDeployments':
          throw Object.assign(new Error('unknown'), { name: 'UnknownOperationException' })
        case 'ListTasks': {
          if (command.input.startedBy !== 'ecs-svc/new' || kind !== 'failed-tasks')
            return { taskArns: [] }
          const stopped = (clock.t - state.updatedAt) / 1000 >= changeAt ? 3 : 1
          return { taskArns: Array.from({ length: stopped }, (_, i) => `arn:task/${i}`) }
        }
        case 'TagResource':
          verdictAt ??= clock.t
          return {}
        default:
          return {}
      }
    }) as Pick<ECSClient, 'send'>['send']
  }
  /** Seconds from the change in ECS to the step's verdict (the outcome tag, set at the verdict). */
  const verdictLatency = () => ((verdictAt ?? NaN) - (firstUpdateAt ?? NaN)) / 1000 - changeAt
  return { client, calls, verdictLatency }
}
