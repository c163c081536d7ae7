import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import {
  ADDITIONS,
  type Addition,
  SERVICES,
  type ServiceModel,
  checkInput,
  checkOutput,
  checkQueryInput,
  compilePattern,
  formatViolation,
  loadModel,
  withAdditions
} from '../../../tools/aws-models/index.js'

/*
 * The published models as loaded (with additions.ts), the Java patterns as JavaScript reads them,
 * and the query protocol's flat form (STS).
 */

const published = (service: string): ServiceModel =>
  JSON.parse(readFileSync(`tools/aws-models/models/${service}.json`, 'utf8')) as ServiceModel

describe('loadModel', () => {
  it.each(SERVICES.map(s => [s]))('loads %s with its operations and shapes', service => {
    const model = loadModel(service)
    expect(Object.keys(model.operations).length).toBeGreaterThan(0)
    for (const op of Object.values(model.operations)) {
      for (const ref of [op.input, op.output]) {
        if (ref !== undefined) expect(model.shapes[ref.shape]?.type).toBe('structure')
      }
    }
  })

  it('checks DeploymentConfiguration.earlySuccessCriteria as the published ecs.json has it', () => {
    expect(published('ecs').shapes.DeploymentConfiguration).toHaveProperty(
      'members.earlySuccessCriteria'
    )
    const valid = {
      service: 'web',
      deploymentConfiguration: {
        earlySuccessCriteria: {
          enable: true,
          healthyPercent: 50,
          sourceServiceRevisionCleanup: 'DEFERRED'
        }
      }
    }
    expect(checkInput('ecs', 'UpdateService', valid)).toEqual([])
    const invalid = {
      service: 'web',
      deploymentConfiguration: {
        earlySuccessCriteria: { healthyPercent: 50, sourceServiceRevisionCleanup: 'LATER' }
      }
    }
    expect(checkInput('ecs', 'UpdateService', invalid).map(formatViolation)).toEqual([
      'UpdateService.input.deploymentConfiguration.earlySuccessCriteria.enable: required by DeploymentEarlySuccessCriteria, missing',
      'UpdateService.input.deploymentConfiguration.earlySuccessCriteria.sourceServiceRevisionCleanup: "LATER" is not one of BLOCKING, DEFERRED'
    ])
  })

  it('checks the configurable circuit breaker as the published ecs.json has it', () => {
    const breaker = (thresholdConfiguration: Record<string, unknown>) => ({
      service: 'web',
      deploymentConfiguration: {
        deploymentCircuitBreaker: {
          enable: true,
          rollback: true,
          resetOnHealthyTask: false,
          thresholdConfiguration
        }
      }
    })
    expect(checkInput('ecs', 'UpdateService', breaker({ type: 'COUNT', value: 5 }))).toEqual([])
    expect(
      checkInput('ecs', 'UpdateService', breaker({ type: 'HALF' })).map(formatViolation)
    ).toEqual([
      'UpdateService.input.deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.value: required by ThresholdConfiguration, missing',
      'UpdateService.input.deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.type: "HALF" is not one of COUNT, BOUNDED_PERCENT, UNBOUNDED_PERCENT'
    ])
  })

  it('every addition names its API reference, and is newer than its model file', () => {
    for (const addition of ADDITIONS) {
      expect(addition.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
      const structure = published(addition.service).shapes[addition.structure]
      expect(structure?.type).toBe('structure')
      expect(structure).not.toHaveProperty(['members', addition.member])
    }
  })

  it('refuses an addition the model file already has', () => {
    const caughtUp: Addition = {
      service: 'ecs',
      structure: 'DeploymentConfiguration',
      member: 'earlySuccessCriteria',
      ref: { shape: 'DeploymentEarlySuccessCriteria' },
      shapes: {},
      source:
        'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentEarlySuccessCriteria.html'
    }
    expect(() => withAdditions(loadModel('ecs'), [caughtUp])).toThrow(
      /DeploymentConfiguration\.earlySuccessCriteria: the model file has this member now/
    )
  })

  it('checks an answer against the real output shape', () => {
    const answer = {
      services: [{ serviceName: 'web', status: 'ACTIVE', createdAt: '2024-01-01' }],
      failures: []
    }
    expect(checkOutput('ecs', 'DescribeServices', answer).map(formatViolation)).toEqual([
      'DescribeServices.output.services[0].createdAt: expected epoch seconds (a number), got string "2024-01-01"'
    ])
  })
})

describe('checkOutput for the query protocol (STS answers, read as objects)', () => {
  const credentials = (expiration: unknown) => ({
    AccessKeyId: 'ASIAEXAMPLEEXAMPLE12',
    SecretAccessKey: 'secret',
    SessionToken: 'token',
    Expiration: expiration
  })

  it('takes timestamps in ISO 8601, as the query protocol carries them', () => {
    const answer = { Credentials: credentials('2026-12-07T03:00:00Z'), Provider: 'https://issuer' }
    expect(checkOutput('sts', 'AssumeRoleWithWebIdentity', answer)).toEqual([])
  })

  it('refuses epoch seconds there', () => {
    const answer = { Credentials: credentials(1796612400) }
    expect(checkOutput('sts', 'AssumeRoleWithWebIdentity', answer).map(formatViolation)).toEqual([
      'AssumeRoleWithWebIdentity.output.Credentials.Expiration: expected a iso8601 timestamp string, got number 1796612400'
    ])
  })
})

describe('compilePattern: Java patterns as JavaScript reads them', () => {
  it.each([
    ['matches the whole value, as AWS does', '[a-z]+', 'abc', true],
    ['refuses a value only part of which matches', '[a-z]+', 'aBc', false],
    ['refuses an empty value where the pattern needs a character', '[a-z]+', '', false],
    ['reads Unicode properties', '[\\p{L}\\p{N}_.:/=+\\-@]*', 'Ünïcode-1', true],
    ['reads \\- outside a class without the u flag', '[a-z]+\\-[0-9]+', 'abc-12', true],
    [
      'reads an ECR repository name pattern',
      '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*',
      'tesTing',
      false
    ]
  ])('%s', (_name, pattern, value, matches) => {
    const regexp = compilePattern(pattern)
    expect(regexp).toBeDefined()
    expect(regexp?.test(value)).toBe(matches)
  })

  it.each([
    ['a POSIX class JavaScript has no property for', '\\p{Punct}+'],
    ['class intersection', '[a-z&&[^b]]+'],
    ['an inline flag', '(?i)abc'],
    ['a possessive quantifier', 'a*+'],
    ['Java anchors', '\\Aabc\\z'],
    ['quoting', '\\Qa.b\\E']
  ])('leaves %s unchecked', (_name, pattern) => {
    expect(compilePattern(pattern)).toBeUndefined()
  })
})

describe('checkQueryInput: the query protocol (STS)', () => {
  const form = (extra: Record<string, string>) =>
    Object.entries({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: 'arn:aws:iam::123456789012:role/deploy',
      RoleSessionName: 'GitHubActions',
      WebIdentityToken: 'eyJ.token.sig',
      ...extra
    })

  it('allows a request as the SDK sends it, lists included', () => {
    const request = form({
      DurationSeconds: '3600',
      'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess'
    })
    expect(checkQueryInput('sts', 'AssumeRoleWithWebIdentity', request)).toEqual([])
  })

  it.each([
    [
      'an unknown parameter',
      { Colour: 'red' },
      'AssumeRoleWithWebIdentity.input.Colour: unknown member: AssumeRoleWithWebIdentityRequest has no Colour'
    ],
    [
      'an integer that is not one',
      { DurationSeconds: '1h' },
      'AssumeRoleWithWebIdentity.input.DurationSeconds: expected an integer, got "1h"'
    ],
    [
      'an integer out of range',
      { DurationSeconds: '60' },
      'AssumeRoleWithWebIdentity.input.DurationSeconds: 60 is below the minimum 900'
    ],
    [
      'a string off its pattern',
      { RoleSessionName: 'Git Hub' },
      'AssumeRoleWithWebIdentity.input.RoleSessionName: "Git Hub" does not match the pattern [\\w+=,.@-]*'
    ],
    [
      'a list sent as a scalar',
      { PolicyArns: 'arn:aws:iam::aws:policy/X' },
      'AssumeRoleWithWebIdentity.input.PolicyArns: list members are sent as Name.member.N=...'
    ],
    [
      'a scalar with nested keys',
      { 'RoleArn.member.1': 'x' },
      'AssumeRoleWithWebIdentity.input.RoleArn.member.1: a string member has no nested keys'
    ]
  ])('refuses %s', (_name, extra, violation) => {
    expect(
      checkQueryInput('sts', 'AssumeRoleWithWebIdentity', form(extra)).map(formatViolation)
    ).toEqual([violation])
  })

  it('refuses a request without a required member', () => {
    const request = form({}).filter(([k]) => k !== 'WebIdentityToken')
    expect(
      checkQueryInput('sts', 'AssumeRoleWithWebIdentity', request).map(formatViolation)
    ).toEqual([
      'AssumeRoleWithWebIdentity.input.WebIdentityToken: required by AssumeRoleWithWebIdentityRequest, missing'
    ])
  })
})
