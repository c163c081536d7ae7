import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import {
  ACCOUNT,
  type NativeScenario,
  REGION,
  type RolloutScript,
  type StandIn
} from '../stand-in/index.js'

/*
 * The first user's setup, as the e2e scenarios and the demo seed it in the stand-in: cluster
 * megilance-cluster, services megilance-backend and megilance-frontend, each running revision 1
 * of its family (examples/megilance/*-task-definition.json), fully rolled out; rolling updates
 * unless SeedOptions.strategies gives one a native strategy.
 */

export type App = 'backend' | 'frontend'
export const APPS: readonly App[] = ['backend', 'frontend']

export const CLUSTER = 'megilance-cluster'
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/megilance-deploy`
export { ACCOUNT, REGION }

export const service = (app: App) => `megilance-${app}`
export const family = (app: App) => `megilance-${app}`
export const repository = (app: App) => `megilance-${app}`
export const taskDefinitionFile = (app: App) => `deploy/${app}-task-definition.json`
export const tdArn = (app: App, revision: number) =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family(app)}:${revision}`

/** An ECR image by digest that no registry holds (for deploys that build nothing). */
export function placeholderImage(app: App, label: string): string {
  const digest = createHash('sha256').update(`${app}:${label}`).digest('hex')
  return `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${repository(app)}@sha256:${digest}`
}

export interface SeedOptions {
  readonly circuitBreaker?: { readonly enable: boolean; readonly rollback: boolean }
  /** Scripts for the deployments UpdateService starts, per app, in order. */
  readonly rollouts?: Partial<Record<App, readonly RolloutScript[]>>
  readonly desiredCount?: number
  /** Tags of the revision each app runs (an outcome tag: it was deployed with this suite before). */
  readonly runningTags?: Partial<Record<App, readonly { key: string; value: string }[]>>
  /** Create the awslogs groups the task definitions name, as the README asks (default true). */
  readonly logGroups?: boolean
  /**
   * A service ECS deploys itself, per app (default: rolling): deploymentConfiguration beyond the
   * rolling fields (strategy BLUE_GREEN | LINEAR | CANARY, bake time, ...) and what each
   * deployment UpdateService starts plays (stand-in/ecs/rollouts/strategies.ts).
   */
  readonly strategies?: Partial<
    Record<
      App,
      {
        readonly deploymentConfiguration: Record<string, unknown>
        readonly native?: readonly NativeScenario[]
      }
    >
  >
}

/** Seeds both services; returns the ARN of the revision each runs. */
export function seedMegilance(
  standIn: StandIn,
  options: SeedOptions = {},
  root = process.cwd()
): Record<App, string> {
  const running = {} as Record<App, string>
  for (const app of APPS) {
    const body = JSON.parse(
      readFileSync(resolve(root, `examples/megilance/${app}-task-definition.json`), 'utf8')
    ) as {
      containerDefinitions: {
        image: string
        logConfiguration?: { options?: Record<string, string> }
      }[]
    }
    for (const c of body.containerDefinitions) {
      c.image = placeholderImage(app, 'release-1')
      const group = c.logConfiguration?.options?.['awslogs-group']
      if (group && options.logGroups !== false && !standIn.logs.hasGroup(group)) {
        standIn.logs.seedGroup(group)
      }
    }
    running[app] = standIn.ecs.seedTaskDefinition(
      body as unknown as Record<string, unknown>,
      options.runningTags?.[app] ?? []
    )
    standIn.ecs.seedService({
      cluster: CLUSTER,
      service: service(app),
      taskDefinition: running[app],
      desiredCount: options.desiredCount ?? 2,
      ...(options.circuitBreaker ? { circuitBreaker: options.circuitBreaker } : {}),
      rollouts: options.rollouts?.[app] ?? [],
      ...(options.strategies?.[app] ?? {})
    })
  }
  return running
}

/** action-ecs-deploy's inputs for one MegiLance service, as the megilance template passes them. */
export function deployInputs(
  app: App,
  extra: Readonly<Record<string, string>> = {},
  options: { readonly role?: boolean } = {}
): Record<string, string> {
  return {
    'aws-region': REGION,
    ...(options.role === false ? {} : { 'role-to-assume': ROLE }),
    cluster: CLUSTER,
    service: service(app),
    'task-definition': taskDefinitionFile(app),
    'container-name': app,
    image: placeholderImage(app, 'release-2'),
    'poll-interval-seconds': '1',
    'wait-for-minutes': '3',
    ...extra
  }
}

/** action-build-push's inputs for one MegiLance service. */
export function buildInputs(
  app: App,
  extra: Readonly<Record<string, string>> = {}
): Record<string, string> {
  return {
    'aws-region': REGION,
    'role-to-assume': ROLE,
    repository: repository(app),
    context: app,
    'keep-images': '30',
    ...extra
  }
}
