import { beforeEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { STEP as base, deployStep, stubSteady } from '../../../support/deploy-step.js'
import {
  BACKEND_IMAGE_NEW,
  DESCRIBED_ONLY,
  REGION,
  fargateTaskDefinition
} from '../../../support/ecs-fixtures.js'

const { ecs, file, run } = deployStep()
const fargate = (over: Record<string, unknown> = {}) =>
  JSON.stringify(fargateTaskDefinition(over), null, 2)
const SM = `arn:aws:secretsmanager:${REGION}:123456789012:secret:megilance/jwt-AbCdEf`

beforeEach(() => stubSteady(ecs))

/** Bad input: each case names the input (or field) and no Register/Update call is made. */
const cases: Array<{ name: string; inputs: () => Record<string, string>; error: RegExp }> = [
  {
    name: 'JSON syntax error, with line and column',
    inputs: () => ({
      'task-definition': file(
        'broken.json',
        '{\n  "family": "x",\n  "cpu": "512"\n  "memory": "1024"\n}'
      )
    }),
    error: /Input "task-definition": .*broken\.json \(line 4, column 3\) is not valid JSON/
  },
  {
    name: 'container-name not in the task definition',
    inputs: () => ({ 'container-name': 'api', image: BACKEND_IMAGE_NEW }),
    error:
      /Input "container-name": container "api" is not in task definition family "megilance-backend". Its containers are: backend/
  },
  {
    name: 'an images container not in the task definition',
    inputs: () => ({ images: `backend=${BACKEND_IMAGE_NEW}\nworker=${BACKEND_IMAGE_NEW}` }),
    error: /Input "images": container "worker" is not in task definition/
  },
  {
    name: 'an empty image in images',
    inputs: () => ({ images: 'backend=' }),
    error: /Input "images": the image for container "backend" is empty/
  },
  {
    name: 'image without container-name',
    inputs: () => ({ image: BACKEND_IMAGE_NEW }),
    error: /Input "container-name": is required with image/
  },
  {
    name: 'an empty image in the task definition file',
    inputs: () => ({
      'task-definition': file(
        'noimage.json',
        fargate({ containerDefinitions: [{ name: 'backend', image: '' }] })
      )
    }),
    error: /Container "backend" has no image/
  },
  {
    name: 'a Fargate cpu/memory pair AWS does not offer',
    inputs: () => ({ 'task-definition': file('size.json', fargate()), cpu: '256', memory: '4096' }),
    error:
      /Fargate does not offer cpu "256" \(256 CPU units\) with memory "4096" \(4096 MiB\)\. With 256 CPU units the memory is 512, 1024 or 2048 MiB\. Set "cpu" and "memory" in the task definition file, or with the cpu and memory inputs\./
  },
  {
    name: 'Fargate without awsvpc',
    inputs: () => ({ 'task-definition': file('bridge.json', fargate({ networkMode: 'bridge' })) }),
    error: /Fargate requires "networkMode": "awsvpc", but it is "bridge"/
  },
  {
    name: 'a malformed secret valueFrom',
    inputs: () => ({ secrets: 'JWT_SECRET=arn:aws:secretsmanager:us-east-1:oops' }),
    error:
      /Input "secrets": JWT_SECRET: "arn:aws:secretsmanager:us-east-1:oops" is not a Secrets Manager ARN/
  },
  {
    name: 'a malformed secret in the file',
    inputs: () => ({
      'task-definition': file(
        'secret.json',
        fargate({
          containerDefinitions: [
            {
              name: 'backend',
              image: 'x',
              secrets: [{ name: 'TOKEN', valueFrom: 'arn:aws:s3:::bucket/key' }]
            }
          ]
        })
      )
    }),
    error:
      /Input "secrets": secret TOKEN of container "backend" has valueFrom "arn:aws:s3:::bucket\/key"/
  },
  {
    name: 'an environment line without =',
    inputs: () => ({ 'environment-variables': 'FILE_STORAGE_MODE=s3\nDEBUG' }),
    error: /Input "environment-variables": line 2 \("DEBUG"\) is not KEY=value/
  },
  {
    name: 'desired-count that is not a number',
    inputs: () => ({ 'desired-count': 'two' }),
    error: /Input "desired-count": "two" is not a whole number/
  },
  {
    name: 'wait-for-minutes that is not a number',
    inputs: () => ({ 'wait-for-minutes': '10m' }),
    error: /Input "wait-for-minutes": "10m" is not a whole number/
  },
  {
    name: 'poll-interval-seconds out of range',
    inputs: () => ({ 'poll-interval-seconds': '0' }),
    error: /Input "poll-interval-seconds": 0 is below the minimum of 1/
  },
  {
    name: 'max-failed-tasks that is not a number',
    inputs: () => ({ 'max-failed-tasks': 'many' }),
    error: /Input "max-failed-tasks": "many" is not a whole number/
  },
  {
    name: 'a boolean that is not one',
    inputs: () => ({ 'dry-run': 'maybe' }),
    error: /Input "dry-run": "maybe" is not a boolean/
  },
  {
    name: 'a missing task definition file',
    inputs: () => ({ 'task-definition': file('nope.json') }),
    error: /Input "task-definition": cannot read .*nope\.json/
  },
  {
    name: 'a role that is not an IAM role ARN',
    inputs: () => ({ 'role-to-assume': 'megilance-deploy' }),
    error: /Input "role-to-assume": "megilance-deploy" is not an IAM role ARN/
  },
  {
    name: 'rollback-to that is not previous, a revision or an ARN',
    inputs: () => ({ mode: 'rollback', 'rollback-to': 'yesterday' }),
    error: /Input "rollback-to": "yesterday" is not "previous"/
  }
]

describe('bad input stops the step before any write', () => {
  it.each(cases)('$name', async ({ inputs, error }) => {
    const r = await run({ ...base, ...inputs() })
    expect(r.failed).toBe(true)
    expect(r.log).toMatch(error)
    expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand)
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand)
    expect(r.summary).toContain('ECS deploy stopped')
  })
})

describe('rendering', () => {
  it('merges environment, secrets by ARN, labels, sizes and logging from the inputs into the file', async () => {
    const path = file(
      'render.json',
      fargate({
        containerDefinitions: [
          {
            name: 'backend',
            image: 'x',
            environment: [
              { name: 'FILE_STORAGE_MODE', value: 'local' },
              { name: 'KEEP', value: '1' }
            ]
          }
        ]
      })
    )
    const r = await run({
      ...base,
      'task-definition': path,
      'container-name': 'backend',
      image: BACKEND_IMAGE_NEW,
      'environment-variables':
        'FILE_STORAGE_MODE=s3\nTURSO_DATABASE_URL=libsql://db.example?x=1&y=2',
      secrets: `JWT_SECRET=${SM}\nTURSO_AUTH_TOKEN=/megilance/turso-token`,
      'docker-labels': 'team=web',
      'log-group': '/ecs/megilance-backend',
      cpu: '1024',
      memory: '2 GB',
      'dry-run': 'true'
    })
    expect(r.failed).toBe(false)
    expect(r.outputs.outcome).toBe('dry-run')
    expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand)
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand)
    const rendered = JSON.parse(readFileSync(r.outputs['rendered-task-definition']!, 'utf8'))
    expect(rendered.cpu).toBe('1024')
    expect(rendered.memory).toBe('2 GB')
    const c = rendered.containerDefinitions[0]
    expect(c.image).toBe(BACKEND_IMAGE_NEW)
    expect(c.environment).toEqual([
      { name: 'FILE_STORAGE_MODE', value: 's3' },
      { name: 'KEEP', value: '1' },
      { name: 'TURSO_DATABASE_URL', value: 'libsql://db.example?x=1&y=2' }
    ])
    expect(c.secrets).toEqual([
      { name: 'JWT_SECRET', valueFrom: SM },
      { name: 'TURSO_AUTH_TOKEN', valueFrom: '/megilance/turso-token' }
    ])
    expect(c.dockerLabels).toEqual({ team: 'web' })
    expect(c.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/ecs/megilance-backend',
        'awslogs-region': REGION,
        'awslogs-stream-prefix': 'backend'
      }
    })
    // the diff against what runs (revision 41), in the log and in the summary
    for (const text of [r.log, r.summary]) {
      expect(text).toContain('backend: env ~ FILE_STORAGE_MODE (value changed)')
      expect(text).not.toContain('https://megilance.example') // environment values never shown
      expect(text).toContain('backend: env - BACKEND_CORS_ORIGINS')
      expect(text).toContain('backend: secret + TURSO_AUTH_TOKEN')
      expect(text).toContain('task: cpu 512 → 1024')
      expect(text).toContain('task: memory 1024 → 2 GB')
    }
    expect(r.summary).not.toContain('/megilance/turso-token') // secrets by name only
  })

  it('starts from the running task definition when no file is given and drops read-only fields', async () => {
    const r = await run({
      ...base,
      'container-name': 'backend',
      image: BACKEND_IMAGE_NEW,
      'dry-run': 'true'
    })
    const rendered = JSON.parse(readFileSync(r.outputs['rendered-task-definition']!, 'utf8'))
    expect(rendered.family).toBe('megilance-backend')
    for (const field of DESCRIBED_ONLY) {
      expect(rendered).not.toHaveProperty(field)
    }
    expect(r.log).toMatch(
      /backend: image .*megilance-backend@sha256:a+ → .*megilance-backend@sha256:b+/
    )
  })
})
