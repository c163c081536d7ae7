import { describe, expect, it } from '@jest/globals'
import {
  decideAfterFailure,
  type FailureFacts
} from '../../../../../src/engine/phases/roll-back/decision.js'

type Row = [FailureFacts['failure'], boolean, boolean, 'deploy' | 'rollback', string]

const TITLE = '%s, ECS rolling back %s, rollback-on-failure %s, mode %s → %s'

/** A row's check: what decideAfterFailure decides, as the action or "leave: " and the reason. */
const decides =
  (native: boolean) =>
  (...[failure, ecs, onFailure, mode, expected]: Row) => {
    const decided = decideAfterFailure({
      failure,
      ecsRollingBack: ecs,
      rollbackOnFailure: onFailure,
      itselfARollback: mode === 'rollback',
      ...(native ? { native } : {})
    })
    const text = decided.action === 'leave' ? `leave: ${decided.reason}` : decided.action
    expect(text.startsWith(expected)).toBe(true)
  }

describe('decideAfterFailure: what failed × who rolls back × rollback-on-failure → what happens', () => {
  it.each<Row>([
    // what failed      ECS rolls back  rollback-on-failure  mode        what happens
    ['circuit-breaker', true, true, 'deploy', 'watch-ecs-rollback'],
    ['circuit-breaker', true, false, 'deploy', 'watch-ecs-rollback'],
    ['circuit-breaker', true, true, 'rollback', 'watch-ecs-rollback'],
    ['circuit-breaker', false, true, 'deploy', 'roll-back'],
    ['circuit-breaker', false, false, 'deploy', 'leave: rollback-on-failure is false'],
    ['failed-tasks', false, true, 'deploy', 'roll-back'],
    ['failed-tasks', false, false, 'deploy', 'leave: rollback-on-failure is false'],
    ['timeout', false, true, 'deploy', 'roll-back'],
    ['health-check', false, true, 'deploy', 'roll-back'],
    ['superseded', false, true, 'deploy', 'leave: Another deployment replaced this one'],
    ['stopped', false, true, 'deploy', 'leave: The service deployment was stopped from outside'],
    ['rollback-failed', false, true, 'deploy', 'leave: The rollback itself failed'],
    ['failed-tasks', false, true, 'rollback', 'leave: This step was itself a rollback'],
    ['timeout', false, true, 'rollback', 'leave: This step was itself a rollback'],
    ['health-check', false, true, 'rollback', 'leave: This step was itself a rollback'],
    ['unknown', false, true, 'deploy', 'leave: The state of the rollout is unknown'],
    ['unknown', true, true, 'deploy', 'leave: The state of the rollout is unknown']
  ])(TITLE, decides(false))
})

describe('decideAfterFailure on blue/green, linear and canary: a rollback goes through ECS', () => {
  it.each<Row>([
    // what failed      ECS rolls back  rollback-on-failure  mode        what happens
    ['timeout', false, true, 'deploy', 'roll-back-through-ecs'],
    ['health-check', false, true, 'deploy', 'roll-back-through-ecs'],
    ['timeout', false, false, 'deploy', 'leave: rollback-on-failure is false'],
    ['alarm', true, true, 'deploy', 'watch-ecs-rollback'],
    ['alarm', true, false, 'deploy', 'watch-ecs-rollback'],
    ['hook', true, true, 'deploy', 'watch-ecs-rollback'],
    ['ecs-rollback', true, true, 'rollback', 'watch-ecs-rollback'],
    ['stopped', false, true, 'deploy', 'leave: The service deployment was stopped from outside'],
    ['timeout', false, true, 'rollback', 'leave: This step was itself a rollback'],
    ['unknown', false, true, 'deploy', 'leave: The state of the rollout is unknown']
  ])(TITLE, decides(true))
})
