import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../../src/shared/parse.js'
import { readSettings } from '../../../../src/engine/settings/settings.js'

const read = (inputs: Record<string, string>) =>
  readSettings(
    name => ({ service: 'megilance-web', 'aws-region': 'us-east-1', ...inputs })[name] ?? '',
    {}
  )
const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForExpressServices'

describe('the Express inputs', () => {
  it('default: auto, nothing given', () => {
    expect(read({}).express).toEqual({
      use: 'auto',
      infrastructureRoleArn: '',
      containerPort: undefined,
      healthCheckPath: '',
      minTaskCount: undefined,
      maxTaskCount: undefined,
      subnets: [],
      securityGroups: [],
      given: []
    })
  })

  it('every input read, and the ones given named (they ask auto for Express Mode)', () => {
    const express = read({
      'express-infrastructure-role-arn': ROLE,
      'express-container-port': '3000',
      'express-health-check-path': '/health?deep=1',
      'express-min-task-count': '2',
      'express-max-task-count': '4',
      subnets: 'subnet-0e1a2b3c4d5e6f701, subnet-0e1a2b3c4d5e6f702',
      'security-groups': 'sg-0e1a2b3c4d5e6f7a8\nsg-0e1a2b3c4d5e6f7a9'
    }).express
    expect(express).toMatchObject({
      use: 'auto',
      infrastructureRoleArn: ROLE,
      containerPort: 3000,
      healthCheckPath: '/health?deep=1',
      minTaskCount: 2,
      maxTaskCount: 4,
      subnets: ['subnet-0e1a2b3c4d5e6f701', 'subnet-0e1a2b3c4d5e6f702'],
      securityGroups: ['sg-0e1a2b3c4d5e6f7a8', 'sg-0e1a2b3c4d5e6f7a9']
    })
    expect(express.given).toEqual([
      'express-infrastructure-role-arn',
      'express-container-port',
      'express-health-check-path',
      'express-min-task-count',
      'express-max-task-count',
      'subnets',
      'security-groups'
    ])
  })

  it('with express true, image needs no container-name: it is for Main', () => {
    const s = read({ express: 'true', image: 'repo/web:2' })
    expect(s.render.images).toEqual([
      { container: 'Main', image: 'repo/web:2', input: 'container-name' }
    ])
    expect(() => read({ image: 'repo/web:2' })).toThrow(/container-name/)
  })

  it.each([
    [{ express: 'yes' }, 'express', 'is not one of true, false, auto'],
    [{ express: 'false', subnets: 'subnet-0e1a2b3c' }, 'subnets', 'express is false'],
    [
      { 'express-infrastructure-role-arn': 'ecsInfrastructureRole' },
      'express-infrastructure-role-arn',
      'not an IAM role ARN'
    ],
    [{ 'express-container-port': '0' }, 'express-container-port', 'below the minimum of 1'],
    [{ 'express-container-port': '70000' }, 'express-container-port', 'above the maximum'],
    [
      { 'express-health-check-path': 'health' },
      'express-health-check-path',
      'must start with a forward slash'
    ],
    [{ 'express-min-task-count': '-1' }, 'express-min-task-count', 'below the minimum of 0'],
    [
      { 'express-min-task-count': '5', 'express-max-task-count': '2' },
      'express-min-task-count',
      'cannot exceed the maximum'
    ],
    [{ subnets: 'vpc-0e1a2b3c' }, 'subnets', 'subnet-0123abcd'],
    [{ 'security-groups': 'default' }, 'security-groups', 'sg-0123abcd']
  ])('%j: an error naming %s', (inputs, input, text) => {
    let error: unknown
    try {
      read(inputs)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).input).toBe(input)
    expect((error as InputError).message).toContain(text)
  })
})
