import { describe, expect, it } from '@jest/globals'
import type { Target } from '@aws-sdk/client-eventbridge'
import type { Schedule } from '../../../../../src/aws/scheduler.js'
import {
  putTargetsBatches,
  updateScheduleInput,
  withTaskDefinition
} from '../../../../../src/engine/phases/scheduled-tasks/entries.js'
import {
  ecsRuleTarget,
  ecsSchedule,
  taskDefinitionArn
} from '../../../../../tools/stand-in/schedules/scheduled-tasks.js'

const OLD = taskDefinitionArn('megilance-reports', 7)
const NEW = taskDefinitionArn('megilance-reports', 8)
const spec = { cluster: 'megilance-cluster', family: 'megilance-reports', revision: 7 }

/** Every member of `after` but the path given is `before`'s, compared one by one. */
function expectOnlyChanged(before: object, after: object, path: string[]): void {
  const b = before as Record<string, unknown>
  const a = after as Record<string, unknown>
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
  for (const key of Object.keys(b)) {
    if (key !== path[0]) expect({ [key]: a[key] }).toEqual({ [key]: b[key] })
    else if (path.length > 1) expectOnlyChanged(b[key] as object, a[key] as object, path.slice(1))
  }
}

describe('PutTargets entries', () => {
  it.each([false, true])(
    'a target whole, only EcsParameters.TaskDefinitionArn changed (capacity providers: %s)',
    capacityProviders => {
      const target = ecsRuleTarget({ ...spec, capacityProviders })
      const moved = withTaskDefinition(target, NEW)
      expect(moved.EcsParameters?.TaskDefinitionArn).toBe(NEW)
      expectOnlyChanged(target, moved, ['EcsParameters', 'TaskDefinitionArn'])
      expect(target.EcsParameters?.TaskDefinitionArn).toBe(OLD) // the answer is not changed
    }
  )

  it('at most 10 entries a call, each on its own revision', () => {
    const targets: Target[] = Array.from({ length: 12 }, (_, i) =>
      ecsRuleTarget({ ...spec, id: `t${i}` })
    )
    const batches = putTargetsBatches(
      targets.map((target, i) => ({ target, taskDefinitionArn: i === 11 ? OLD : NEW }))
    )
    expect(batches.map(b => b.map(t => t.Id))).toEqual([
      ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9'],
      ['t10', 't11']
    ])
    expect(batches[1]?.map(t => t.EcsParameters?.TaskDefinitionArn)).toEqual([NEW, OLD])
  })

  it('refuses a target that runs no ECS task', () => {
    expect(() => withTaskDefinition({ Id: 'fn', Arn: 'arn:aws:lambda:x' }, NEW)).toThrow(
      'Target fn is not an ECS task.'
    )
  })
})

/** GetSchedule's answer for a schedule created with `input`. */
function answered(capacityProviders: boolean): Schedule {
  const input = ecsSchedule({
    ...spec,
    name: 'megilance-reports-nightly',
    group: 'jobs',
    capacityProviders,
    disabled: capacityProviders
  })
  return {
    ...input,
    GroupName: input.GroupName ?? 'default',
    Arn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/jobs/megilance-reports-nightly',
    CreationDate: new Date('2025-01-01T00:00:00Z'),
    LastModificationDate: new Date('2025-02-01T00:00:00Z')
  }
}

describe('UpdateSchedule input, from GetSchedule', () => {
  it.each([false, true])(
    'every member UpdateSchedule takes, as answered; only the target task definition changes (capacity providers, DISABLED: %s)',
    capacityProviders => {
      const got = answered(capacityProviders)
      const input = updateScheduleInput(got, NEW)
      expect(Object.keys(input).sort()).toEqual([
        'ActionAfterCompletion',
        'Description',
        'EndDate',
        'FlexibleTimeWindow',
        'GroupName',
        'KmsKeyArn',
        'Name',
        'ScheduleExpression',
        'ScheduleExpressionTimezone',
        'StartDate',
        'State',
        'Target'
      ])
      expect(input.Name).toBe(got.Name)
      expect(input.GroupName).toBe('jobs')
      expect(input.ScheduleExpression).toBe(got.ScheduleExpression)
      expect(input.ScheduleExpressionTimezone).toBe('Europe/Berlin')
      expect(input.StartDate).toEqual(got.StartDate)
      expect(input.EndDate).toEqual(got.EndDate)
      expect(input.Description).toBe(got.Description)
      expect(input.State).toBe(capacityProviders ? 'DISABLED' : 'ENABLED')
      expect(input.KmsKeyArn).toBe(got.KmsKeyArn)
      expect(input.ActionAfterCompletion).toBe('NONE')
      expect(input.FlexibleTimeWindow).toEqual({ Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 })
      expect(input.Target?.RoleArn).toBe(got.Target?.RoleArn)
      expect(input.Target?.RetryPolicy).toEqual(got.Target?.RetryPolicy)
      expect(input.Target?.DeadLetterConfig).toEqual(got.Target?.DeadLetterConfig)
      expect(input.Target?.Input).toBe(got.Target?.Input)
      expectOnlyChanged(got.Target ?? {}, input.Target ?? {}, [
        'EcsParameters',
        'TaskDefinitionArn'
      ])
      expect(input.Target?.EcsParameters?.TaskDefinitionArn).toBe(NEW)
    }
  )

  it('sends no member GetSchedule did not answer (a schedule with only what is required)', () => {
    const got: Schedule = {
      Name: 'poke',
      GroupName: 'default',
      ScheduleExpression: 'rate(1 day)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/megilance-cluster',
        RoleArn: 'arn:aws:iam::123456789012:role/r',
        EcsParameters: { TaskDefinitionArn: OLD }
      }
    }
    expect(updateScheduleInput(got, NEW)).toEqual({
      ...got,
      Target: { ...got.Target, EcsParameters: { TaskDefinitionArn: NEW } }
    })
  })

  it('refuses an answer with no ECS target', () => {
    expect(() =>
      updateScheduleInput(
        {
          Name: 'q',
          ScheduleExpression: 'rate(1 day)',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: 'arn:aws:sqs:x', RoleArn: 'arn:r' }
        },
        NEW
      )
    ).toThrow(/Schedule q: GetSchedule answered no name, expression, window or ECS target/)
  })
})
