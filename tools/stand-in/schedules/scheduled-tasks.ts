import type { Target as RuleTarget } from '@aws-sdk/client-eventbridge'
import type { CreateScheduleInput } from '@aws-sdk/client-scheduler'
import type { EventsModel } from './events.js'
import type { SchedulerModel } from './scheduler.js'
import { ACCOUNT, REGION } from '../wire.js'

/*
 * Scheduled ECS tasks as an account has them before a deploy: EventBridge rule targets and
 * EventBridge Scheduler schedules that run a task definition, with every member their shapes take
 * filled, so a test sees whether a client keeps them all. Exported from index.ts as
 * `scheduledTasks`. Fixtures, not behaviour: they quote nothing; the models check them against
 * AWS's shapes when seeded.
 */

export const clusterArn = (cluster: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`
export const taskDefinitionArn = (family: string, revision: number) =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`
export const DEAD_LETTER_QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:scheduled-tasks-dlq`

export interface EcsTaskSpec {
  readonly cluster: string
  readonly family: string
  readonly revision: number
  /** A target Id (rules); default `${family}-task`. */
  readonly id?: string
  /** A capacity provider strategy instead of LaunchType FARGATE. */
  readonly capacityProviders?: boolean
}

const awsvpc = {
  Subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
  SecurityGroups: ['sg-0123456789abcdef0'],
  AssignPublicIp: 'DISABLED' as const
}

const placement = (spec: EcsTaskSpec) =>
  spec.capacityProviders === true
    ? {
        CapacityProviderStrategy: [
          { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 },
          { capacityProvider: 'FARGATE', weight: 1, base: 1 }
        ]
      }
    : { LaunchType: 'FARGATE' as const, PlatformVersion: '1.4.0' }

const overrides = (family: string) =>
  JSON.stringify({ containerOverrides: [{ name: family, command: ['./run', 'nightly-report'] }] })

/** An EventBridge rule target that runs an ECS task, every member filled. */
export function ecsRuleTarget(spec: EcsTaskSpec): RuleTarget {
  return {
    Id: spec.id ?? `${spec.family}-task`,
    Arn: clusterArn(spec.cluster),
    RoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsEventsRole`,
    Input: overrides(spec.family),
    EcsParameters: {
      TaskDefinitionArn: taskDefinitionArn(spec.family, spec.revision),
      TaskCount: 2,
      ...placement(spec),
      NetworkConfiguration: { awsvpcConfiguration: awsvpc },
      Group: `family:${spec.family}`,
      EnableECSManagedTags: true,
      EnableExecuteCommand: false,
      PropagateTags: 'TASK_DEFINITION',
      Tags: [
        { Key: 'scheduled-by', Value: 'eventbridge' },
        { Key: 'team', Value: 'platform' }
      ]
    },
    RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 },
    DeadLetterConfig: { Arn: DEAD_LETTER_QUEUE }
  }
}

/** A rule target that is not an ECS task: a Lambda function. */
export function lambdaRuleTarget(id: string, fn = 'audit-log'): RuleTarget {
  return { Id: id, Arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}` }
}

/** An EventBridge Scheduler schedule that runs an ECS task, every member filled. */
export function ecsSchedule(
  spec: EcsTaskSpec & {
    readonly name: string
    readonly group?: string
    readonly disabled?: boolean
  }
): CreateScheduleInput {
  return {
    Name: spec.name,
    ...(spec.group !== undefined ? { GroupName: spec.group } : {}),
    ScheduleExpression: 'cron(30 2 * * ? *)',
    ScheduleExpressionTimezone: 'Europe/Berlin',
    StartDate: new Date('2025-01-01T00:00:00Z'),
    EndDate: new Date('2030-12-31T00:00:00Z'),
    State: spec.disabled === true ? 'DISABLED' : 'ENABLED',
    Description: `Nightly ${spec.family} job`,
    KmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    ActionAfterCompletion: 'NONE',
    FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
    Target: {
      Arn: clusterArn(spec.cluster),
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/scheduler-run-task`,
      EcsParameters: {
        TaskDefinitionArn: taskDefinitionArn(spec.family, spec.revision),
        TaskCount: 1,
        ...placement(spec),
        NetworkConfiguration: { awsvpcConfiguration: awsvpc },
        Group: `family:${spec.family}`,
        EnableECSManagedTags: true,
        EnableExecuteCommand: false,
        PropagateTags: 'TASK_DEFINITION',
        Tags: [{ 'scheduled-by': 'scheduler', team: 'platform' }]
      },
      RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 3 },
      DeadLetterConfig: { Arn: DEAD_LETTER_QUEUE },
      Input: overrides(spec.family)
    }
  }
}

/** A schedule whose target is not an ECS task: an SQS queue. */
export function queueSchedule(name: string, group?: string): CreateScheduleInput {
  return {
    Name: name,
    ...(group !== undefined ? { GroupName: group } : {}),
    ScheduleExpression: 'rate(15 minutes)',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: {
      Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:poke`,
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/scheduler-send-message`,
      Input: '{"poke":true}'
    }
  }
}

/** What seedScheduledTasks seeded: which run the family on the cluster, and which do not. */
export interface ScheduledTasks {
  readonly rules: { readonly matching: string[]; readonly other: string[] }
  readonly schedules: { readonly matching: string[]; readonly other: string[] }
}

/**
 * A whole account: rules on the default bus and on the bus `ops`, schedules in the default group
 * and in `jobs`; those named `matching` run `family` on `cluster` (as rule@bus / schedule@group),
 * the `other` ones run another family, another cluster, or no ECS task at all.
 */
export function seedScheduledTasks(
  aws: { readonly events: EventsModel; readonly scheduler: SchedulerModel },
  at: { readonly cluster: string; readonly family: string; readonly revision: number }
): ScheduledTasks {
  const { cluster, family, revision } = at
  const cron = 'cron(0 3 * * ? *)'
  aws.events.seedRule({
    name: `${family}-nightly`,
    scheduleExpression: cron,
    description: `Nightly ${family}`,
    targets: [ecsRuleTarget(at), lambdaRuleTarget('audit')]
  })
  aws.events.seedRule({
    name: `${family}-hourly`,
    eventBusName: 'ops',
    eventPattern: '{"source":["megilance.ops"],"detail-type":["hourly"]}',
    targets: [ecsRuleTarget({ ...at, id: 'hourly', capacityProviders: true })]
  })
  aws.events.seedRule({
    name: 'audit-forwarder',
    scheduleExpression: cron,
    targets: [lambdaRuleTarget('audit')]
  })
  aws.events.seedRule({
    name: 'other-family-cleanup',
    scheduleExpression: cron,
    targets: [ecsRuleTarget({ cluster, family: `${family}-worker`, revision: 9 })]
  })
  aws.events.seedRule({
    name: `${family}-staging`,
    scheduleExpression: cron,
    targets: [ecsRuleTarget({ cluster: `${cluster}-staging`, family, revision })]
  })
  aws.scheduler.seedSchedule(ecsSchedule({ ...at, name: `${family}-report` }))
  aws.scheduler.seedSchedule(
    ecsSchedule({
      ...at,
      name: `${family}-weekly`,
      group: 'jobs',
      capacityProviders: true,
      disabled: true
    })
  )
  aws.scheduler.seedSchedule(queueSchedule('queue-poke'))
  aws.scheduler.seedSchedule(
    ecsSchedule({
      cluster,
      family: `${family}-worker`,
      revision: 9,
      name: 'other-family-sync',
      group: 'jobs'
    })
  )
  return {
    rules: {
      matching: [`${family}-nightly`, `${family}-hourly@ops`],
      other: ['audit-forwarder', 'other-family-cleanup', `${family}-staging`]
    },
    schedules: {
      matching: [`${family}-report`, `${family}-weekly@jobs`],
      other: ['queue-poke', 'other-family-sync@jobs']
    }
  }
}
