import { describe, expect, it } from '@jest/globals'
import {
  errorStatus,
  loadModel,
  matchRestRoute,
  restInput
} from '../../../tools/aws-models/index.js'

/*
 * The REST-JSON bindings as EventBridge Scheduler's published model gives them: routes from each
 * operation's http trait, members from the path, the query string, headers and the body.
 */

const scheduler = loadModel('scheduler')

const request = (url: string, body: Record<string, unknown> = {}, headers = {}) => {
  const parsed = new URL(url, 'http://stand-in')
  return { pathname: parsed.pathname, query: parsed.searchParams, headers, body }
}

describe('matchRestRoute', () => {
  it.each([
    ['GET', '/schedules', 'ListSchedules', {}],
    ['GET', '/schedules/nightly', 'GetSchedule', { Name: 'nightly' }],
    ['PUT', '/schedules/nightly', 'UpdateSchedule', { Name: 'nightly' }],
    ['POST', '/schedules/a%20b', 'CreateSchedule', { Name: 'a b' }],
    ['GET', '/schedule-groups', 'ListScheduleGroups', {}]
  ])('%s %s is %s', (method, path, operation, labels) => {
    expect(matchRestRoute(scheduler, method, path)).toEqual({ operation, labels })
  })

  it('no operation for another method or path', () => {
    expect(matchRestRoute(scheduler, 'PATCH', '/schedules/nightly')).toBeUndefined()
    expect(matchRestRoute(scheduler, 'GET', '/schedules/a/b')).toBeUndefined()
  })
})

describe('restInput', () => {
  it('takes the path label, the query string (named by locationName) and the body', () => {
    const { query, headers } = request('/schedules/nightly?groupName=ops&other=1')
    const input = restInput(scheduler, 'GetSchedule', {
      labels: { Name: 'nightly' },
      query,
      headers,
      body: { Ignored: true }
    })
    expect(input).toEqual({ Name: 'nightly', GroupName: 'ops' })
  })

  it('reads integer query values as numbers, and leaves text that is not one', () => {
    const read = (url: string) => {
      const { query, headers } = request(url)
      return restInput(scheduler, 'ListSchedules', { labels: {}, query, headers, body: {} })
    }
    expect(read('/schedules?MaxResults=5&ScheduleGroup=ops&State=ENABLED')).toEqual({
      MaxResults: 5,
      GroupName: 'ops',
      State: 'ENABLED'
    })
    expect(read('/schedules?MaxResults=five')).toEqual({ MaxResults: 'five' })
  })

  it('takes body members by their names, and only the members the input has', () => {
    const { query, headers } = request('/schedules/nightly')
    const body = { ScheduleExpression: 'rate(1 day)', State: 'ENABLED', Colour: 'red' }
    expect(
      restInput(scheduler, 'CreateSchedule', { labels: { Name: 'nightly' }, query, headers, body })
    ).toEqual({ Name: 'nightly', ScheduleExpression: 'rate(1 day)', State: 'ENABLED' })
  })
})

describe('errorStatus', () => {
  it.each([
    ['ResourceNotFoundException', 404],
    ['ConflictException', 409],
    ['ValidationException', 400],
    ['ThrottlingException', 429]
  ])('%s is %d', (error, status) => {
    expect(errorStatus(scheduler, error)).toBe(status)
  })

  it('undefined for an error the model does not name', () => {
    expect(errorStatus(scheduler, 'AccessDeniedException')).toBeUndefined()
    expect(errorStatus(scheduler, 'Name')).toBeUndefined()
  })
})
