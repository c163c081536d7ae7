import { beforeEach, describe, expect, it } from '@jest/globals'
import { RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { InputError } from '../../../../src/shared/parse.js'
import { parseTaskDefinitionJson } from '../../../../src/engine/phases/render/task-definition-file.js'
import {
  checkTaskDefinition,
  validateTaskDefinition
} from '../../../../src/engine/phases/validate/validate.js'
import { BACKEND, deployStep, stubSteady } from '../../../support/deploy-step.js'
import { megilanceBackend } from './validation-real-world.js'

/*
 * Random JSON values put into each field of a valid task definition (and into fields it leaves
 * out) never make the step fail with anything but a named error: the task-definition input's file
 * error, a validation problem list, or another input's error. Seeded, so a failure reproduces;
 * bounded, so it stays fast.
 */

type Json = unknown

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const STRINGS = [
  '',
  ' ',
  'web app:latest',
  '<ACCOUNT_ID>',
  '${Partition}',
  '{{image}}',
  'REPLACE_ME',
  'PLACEHOLDER',
  '512',
  '.25 vcpu',
  '1 GB',
  'awsvpc',
  'FARGATE',
  'awslogs',
  'arn:aws:iam::123456789012:role/x',
  'ünïcödé ☃',
  'a'.repeat(300),
  '__proto__',
  'constructor',
  'null',
  'true'
]
const NUMBERS = [0, -1, 1, 3000, 65536, 2.5, -0.5, 1e21, Number.MAX_SAFE_INTEGER + 2]

function randomJson(rand: () => number, depth = 0): Json {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const kind = Math.floor(rand() * (depth > 2 ? 5 : 7))
  switch (kind) {
    case 0:
      return null
    case 1:
      return rand() < 0.5
    case 2:
      return pick(NUMBERS)
    case 3:
    case 4:
      return pick(STRINGS)
    case 5:
      return Array.from({ length: Math.floor(rand() * 3) }, () => randomJson(rand, depth + 1))
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(rand() * 3) }, () => [
          pick(['name', 'image', 'value', 'key', 'sourcePath', 'containerPort', ...STRINGS]),
          randomJson(rand, depth + 1)
        ])
      )
  }
}

/** A valid task definition using most parts of the API. */
function richTaskDefinition(): Record<string, Json> {
  const td = megilanceBackend() as Record<string, Json> & {
    containerDefinitions: Record<string, Json>[]
  }
  Object.assign(td.containerDefinitions[0]!, {
    dockerLabels: { team: 'web' },
    ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
    linuxParameters: { initProcessEnabled: true, capabilities: { drop: ['ALL'] } },
    mountPoints: [{ sourceVolume: 'scratch', containerPath: '/tmp' }],
    dependsOn: [{ containerName: 'sidecar', condition: 'START' }]
  })
  td.containerDefinitions.push({
    name: 'sidecar',
    image: 'public.ecr.aws/docker/library/busybox:1.36',
    essential: false,
    command: ['sh', '-c', 'sleep 1']
  })
  Object.assign(td, {
    volumes: [{ name: 'scratch' }],
    tags: [{ key: 'team', value: 'web' }],
    runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
    ephemeralStorage: { sizeInGiB: 30 }
  })
  return td
}

/** Every place a value can go: each existing field, and a few the definition leaves out. */
function fieldPaths(value: Json, path: (string | number)[] = []): (string | number)[][] {
  const here = path.length > 0 ? [path] : []
  if (Array.isArray(value))
    return [...here, ...value.flatMap((item, i) => fieldPaths(item, [...path, i]))]
  if (typeof value === 'object' && value !== null) {
    return [
      ...here,
      ...Object.entries(value).flatMap(([key, item]) => fieldPaths(item, [...path, key]))
    ]
  }
  return here
}

const ABSENT: (string | number)[][] = [
  ['pidMode'],
  ['ipcMode'],
  ['proxyConfiguration'],
  ['placementConstraints'],
  ['inferenceAccelerators'],
  ['enableFaultInjection'],
  ['containerDefinitions', 0, 'repositoryCredentials'],
  ['containerDefinitions', 0, 'firelensConfiguration'],
  ['containerDefinitions', 0, 'restartPolicy'],
  ['containerDefinitions', 2]
]

function withValue(td: Record<string, Json>, path: (string | number)[], value: Json) {
  const copy = structuredClone(td) as Record<string | number, Json>
  let node: Record<string | number, Json> = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>
  node[path[path.length - 1]!] = value
  return copy
}

const BASE = richTaskDefinition()
const PATHS = [...fieldPaths(BASE), ...ABSENT]

describe('fuzz: the parser and the rules', () => {
  it('throw nothing but an InputError naming task-definition, and return problems as text', () => {
    const rand = prng(0x5eed)
    let refused = 0
    for (const path of PATHS) {
      for (let n = 0; n < 12; n++) {
        const td = withValue(BASE, path, randomJson(rand))
        let problems: string[]
        try {
          problems = validateTaskDefinition(parseTaskDefinitionJson(JSON.stringify(td), 'td.json'))
        } catch (error) {
          if (!(error instanceof InputError && error.input === 'task-definition')) {
            throw new Error(`${path.join('.')} = ${JSON.stringify(td)}: ${String(error)}`, {
              cause: error
            })
          }
          refused++
          continue
        }
        for (const problem of problems) expect(typeof problem).toBe('string')
        if (problems.length > 0) refused++
      }
    }
    expect(PATHS.length).toBeGreaterThan(60)
    expect(refused).toBeGreaterThan(PATHS.length) // the fuzz does reach the rules
  })
})

/** What an environment entry may hold, each carrying `secret` (a string, or the number 987654321). */
function environmentShapes(secret: string): Json[] {
  return [
    secret,
    `<${secret}>`,
    `{{${secret}}}`,
    `REPLACE_${secret}`,
    `\${${secret}}`,
    987654321,
    [secret],
    { nested: secret },
    `${secret} with spaces`
  ]
}

describe('fuzz: environment values are never in a message', () => {
  it('whatever an environment value, entry or list holds, no problem or warning shows it', () => {
    const secret = 'S3cr3tV4lue'
    const paths: (string | number)[][] = [
      ['containerDefinitions', 0, 'environment', 0, 'value'],
      ['containerDefinitions', 0, 'environment', 1],
      ['containerDefinitions', 0, 'environment'],
      ['containerDefinitions', 1, 'environment']
    ]
    let seen = 0
    for (const path of paths) {
      for (const shape of environmentShapes(secret)) {
        // A value or an entry holds the shape; a list holds it as an entry's value and as an entry.
        const value = path.at(-1) === 'environment' ? [{ name: 'K', value: shape }, shape] : shape
        const td = withValue(BASE, path, value)
        let messages: string[]
        try {
          const found = checkTaskDefinition(parseTaskDefinitionJson(JSON.stringify(td), 'td.json'))
          messages = [...found.problems, ...found.warnings.map(w => `${w.title} ${w.message}`)]
        } catch (error) {
          if (!(error instanceof InputError)) throw error
          messages = [error.message, ...(error.problems ?? [])]
        }
        seen += messages.length
        for (const message of messages) {
          expect(message).not.toContain(secret)
          expect(message).not.toContain('987654321')
        }
      }
    }
    expect(seen).toBeGreaterThan(paths.length) // the shapes do reach the messages
  })
})

const { ecs, run, file } = deployStep()
beforeEach(() => stubSteady(ecs))

/** What a named error looks like in the step's failure line. */
const NAMED = [/^Input "[a-z-]+": /]

describe('fuzz: the step', () => {
  it('fails only with a named error, and registers nothing', async () => {
    const rand = prng(0xec5)
    const outcomes = { 'dry-run': 0, failed: 0 }
    for (const path of PATHS) {
      for (let n = 0; n < 2; n++) {
        const r = await run({
          ...BACKEND,
          'task-definition': file(
            'td.json',
            JSON.stringify(withValue(BASE, path, randomJson(rand)))
          ),
          'log-group': '/ecs/megilance-backend',
          'environment-variables': 'FUZZ=1',
          'docker-labels': 'fuzz=1',
          'dry-run': 'true'
        })
        if (!r.failed) {
          expect(r.outputs.outcome).toBe('dry-run')
          outcomes['dry-run']++
          continue
        }
        outcomes.failed++
        // The step's own failure: the last error annotation (problems are annotated before it).
        const failure = [...r.log.matchAll(/^::error(?: [^:]*)?::(.*)$/gm)].pop()?.[1] ?? r.log
        if (!NAMED.some(re => re.test(failure))) {
          throw new Error(`${path.join('.')}: the step failed with an unnamed error: ${failure}`)
        }
      }
    }
    expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand)
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand)
    expect(outcomes.failed).toBeGreaterThan(0)
    expect(outcomes['dry-run']).toBeGreaterThan(0)
  })
})
