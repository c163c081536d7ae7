import { describe, expect, it } from '@jest/globals'
import { expressProblems, refuse } from '../../../../../src/engine/kinds/express/checks.js'
import { readSettings } from '../../../../../src/engine/settings/settings.js'

const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForExpressServices'
const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-web:7'
const read = (inputs: Record<string, string>) =>
  readSettings(
    name =>
      ({ service: 'megilance-web', 'aws-region': 'us-east-1', express: 'true', ...inputs })[name] ??
      '',
    {}
  )
const creating = { creating: true } as const
const updating = { creating: false, infrastructureRoleArn: ROLE } as const
const inputsOf = (inputs: Record<string, string>, target: Parameters<typeof expressProblems>[1]) =>
  expressProblems(read(inputs), target).map(p => p.input)

describe('what an Express service cannot take, before any write', () => {
  it('an update of the image, and a create with its role and image, are fine', () => {
    expect(inputsOf({ image: 'repo/web:2' }, updating)).toEqual([])
    expect(
      inputsOf({ image: 'repo/web:2', 'express-infrastructure-role-arn': ROLE }, creating)
    ).toEqual([])
    expect(
      inputsOf({ 'task-definition-arn': TD, 'express-infrastructure-role-arn': ROLE }, creating)
    ).toEqual([])
  })

  it('creating needs the infrastructure role and an image (or task-definition-arn)', () => {
    expect(inputsOf({}, creating)).toEqual(['express-infrastructure-role-arn', 'image'])
    expect(inputsOf({ image: 'repo/web:2' }, creating)).toEqual(['express-infrastructure-role-arn'])
  })

  it('task-definition-arn with the members Express refuses beside it', () => {
    const problems = expressProblems(
      read({
        'task-definition-arn': TD,
        image: 'repo/web:2',
        'environment-variables': 'A=1',
        secrets: 'DB=arn:aws:ssm:us-east-1:123456789012:parameter/db',
        'express-container-port': '8080',
        'execution-role-arn': ROLE,
        'task-role-arn': ROLE,
        cpu: '512',
        memory: '1024'
      }),
      updating
    )
    expect(problems).toEqual([
      {
        input: 'task-definition-arn',
        message: expect.stringContaining(
          'cannot be given together with image, environment-variables, secrets, express-container-port, execution-role-arn, task-role-arn, cpu, memory'
        )
      }
    ])
    // Beside a task definition ARN, the service's own settings are fine.
    expect(
      inputsOf(
        {
          'task-definition-arn': TD,
          'express-health-check-path': '/health',
          subnets: 'subnet-0e1a2b3c'
        },
        updating
      )
    ).toEqual([])
  })

  it('inputs of a task definition Express Mode registers itself', () => {
    expect(
      inputsOf(
        {
          'task-definition': 'deploy/web.json',
          'container-name': 'web',
          image: 'repo/web:2',
          'desired-count': '2',
          'run-task-command': 'migrate',
          'force-new-deployment': 'true',
          'docker-labels': 'a=b',
          'log-group': '/ecs/web',
          'container-cpu': '256'
        },
        updating
      )
    ).toEqual([
      'task-definition',
      'container-name',
      'desired-count',
      'run-task-command',
      'force-new-deployment',
      'docker-labels',
      'log-group',
      'container-cpu'
    ])
  })

  it("the infrastructure role cannot change: the service's own is fine, another refused", () => {
    expect(inputsOf({ 'express-infrastructure-role-arn': ROLE }, updating)).toEqual([])
    expect(
      inputsOf(
        { 'express-infrastructure-role-arn': 'arn:aws:iam::123456789012:role/other' },
        updating
      )
    ).toEqual(['express-infrastructure-role-arn'])
  })

  it('refuse: one problem as it is, several listed, each naming its input', () => {
    expect(() => refuse([])).not.toThrow()
    expect(() => refuse([{ input: 'image', message: 'is required.' }])).toThrow(
      'Input "image": is required. Nothing was changed.'
    )
    expect(() =>
      refuse([
        { input: 'image', message: 'is required.' },
        { input: 'cpu', message: 'is too big.' }
      ])
    ).toThrow(
      /Input "image": the inputs do not fit an Express service:\n- image: is required.\n- cpu: is too big. Nothing was changed./
    )
  })
})
