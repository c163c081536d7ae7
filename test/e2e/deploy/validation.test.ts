import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import {
  REGION,
  deployInputs,
  family,
  placeholderImage,
  seedMegilance,
  taskDefinitionFile
} from '../../../tools/harness/megilance.js'
import { type OidcIssuer, startOidcIssuer } from '../../../tools/harness/oidc.js'
import { Job, type StepResult, annotations } from '../../../tools/harness/runner.js'
import { STATIC_KEYS, type StandIn, startStandIn } from '../../../tools/stand-in/index.js'
import { shownEnvironmentValues } from '../../support/environment-values.js'

/*
 * Validation at the runner level: the packaged action (dist/ecs-deploy) as the runner runs it,
 * against the local stand-in. A bad image, from an input or left in the file, stops the step
 * before anything is written to ECS, with an error naming the container and where to fix it. A
 * placeholder in an environment value is a warning and the task is registered; container memory
 * above the task's is a warning, and ECS's answer to RegisterTaskDefinition decides. No step shows
 * an environment value of the file in its log or summary.
 */

const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e'
const REPOSITORY = 'megilance/megilance'
const WRITES = ['RegisterTaskDefinition', 'UpdateService', 'TagResource']

let oidc: OidcIssuer
let standIn: StandIn
let workspace: string
let job: Job

beforeAll(async () => {
  oidc = await startOidcIssuer({
    repository: REPOSITORY,
    ref: 'refs/heads/main',
    sha: SHA,
    runId: '9876543211'
  })
  standIn = await startStandIn({ verifyOidc: token => oidc.verify(token) })
  seedMegilance(standIn)
  workspace = createMegilanceWorkspace()
  job = new Job({
    workspace,
    endpointEnv: standIn.endpointEnv,
    oidc,
    staticKeys: STATIC_KEYS,
    sha: SHA,
    repository: REPOSITORY
  })
})

afterAll(async () => {
  job?.close()
  await standIn?.close()
  await oidc?.close()
  if (workspace) rmSync(workspace, { recursive: true, force: true })
})

type Json = Record<string, unknown>

/** The backend task definition file of the checkout. */
function backendFile(): Json & { containerDefinitions: Json[] } {
  return JSON.parse(readFileSync(join(workspace, taskDefinitionFile('backend')), 'utf8'))
}

/** Writes `content` as deploy/NAME.json in the checkout; returns the path the input takes. */
function writeFile(name: string, content: unknown): string {
  const path = `deploy/${name}.json`
  writeFileSync(join(workspace, path), JSON.stringify(content, null, 2))
  return path
}

/** The backend task definition file in the checkout, with its backend image set to `image`. */
function backendFileWithImage(name: string, image: string): string {
  const original = backendFile()
  original.containerDefinitions[0]!.image = image
  return writeFile(name, original)
}

/** The file a step deployed, as written in the checkout. */
function fileOf(step: StepResult): unknown {
  return JSON.parse(readFileSync(join(workspace, step.inputs['task-definition'] ?? ''), 'utf8'))
}

/** No environment value of the file the step deployed is in its log or summary. */
function expectNoEnvironmentValue(step: StepResult): void {
  expect(shownEnvironmentValues(`${step.log}\n${step.summary}`, fileOf(step))).toEqual([])
}

const cases = [
  {
    name: 'the image input with a space: web app:latest',
    inputs: () => deployInputs('backend', { image: 'web app:latest' }),
    message:
      /^Input "image": the image for container "backend", "web app:latest", is not an image reference: it contains a space\./
  },
  {
    name: 'a file whose image is PLACEHOLDER, with the image input left empty',
    inputs: () =>
      deployInputs('backend', {
        'task-definition': backendFileWithImage('placeholder-image', 'PLACEHOLDER'),
        image: ''
      }),
    message:
      /Container "backend": image "PLACEHOLDER" is not an image reference: it is a placeholder left unfilled .*Pass the image built for it with container-name \+ image/
  },
  {
    name: 'a file whose image is empty, with the image input left empty',
    inputs: () =>
      deployInputs('backend', {
        'task-definition': backendFileWithImage('empty-image', ''),
        image: ''
      }),
    message: /Container "backend" has no image\. Set it with container-name \+ image/
  }
]

describe('image references are checked before any write (runner level)', () => {
  it.each(cases)(
    '$name',
    async ({ inputs, message }) => {
      const mark = standIn.calls.length
      const step = await job.run('ecs-deploy', inputs())
      expect(step.exitCode).toBe(1)
      const errors = annotations(step.log, 'error').map(e => e.message)
      expect(errors.some(e => message.test(e))).toBe(true)
      const ops = standIn.calls.slice(mark).map(c => c.op)
      expect(ops.filter(op => WRITES.includes(op))).toEqual([])
      expect(step.summary).toContain('ECS deploy stopped')
      expectNoEnvironmentValue(step)
    },
    60_000
  )
})

/** The backend's revision 1 as `aws ecs describe-task-definition` prints it. */
async function describedBackend(): Promise<
  Json & { taskDefinition: Json & { containerDefinitions: Json[] } }
> {
  const ecs = new ECSClient({
    region: REGION,
    endpoint: standIn.endpoint,
    credentials: {
      accessKeyId: STATIC_KEYS.AWS_ACCESS_KEY_ID,
      secretAccessKey: STATIC_KEYS.AWS_SECRET_ACCESS_KEY
    }
  })
  const out = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: `${family('backend')}:1` })
  )
  ecs.destroy()
  // As the CLI prints it: the output's fields, without the SDK's response metadata.
  return JSON.parse(JSON.stringify({ taskDefinition: out.taskDefinition, tags: out.tags ?? [] }))
}

/** RegisterTaskDefinition's input: the file's registrable fields, the new image, our tags. */
function expectRegisteredIntact(input: Json, file: Json & { containerDefinitions: Json[] }): void {
  const body = structuredClone(file)
  for (const field of DESCRIBED_ONLY) delete body[field]
  body.containerDefinitions[0]!.image = placeholderImage('backend', 'release-2')
  const { tags, ...sent } = input
  expect(sent).toEqual(body)
  expect(tags).toEqual(expect.arrayContaining([{ key: 'ecs-deploy-actions:commit', value: SHA }]))
}

const DESCRIBED_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy'
]

describe('what ECS registers is registered; what it refuses is refused (runner level)', () => {
  const deploy = (path: string) =>
    job.run(
      'ecs-deploy',
      deployInputs('backend', { 'task-definition': path, 'wait-for-service-stability': 'false' })
    )

  it('a DescribeTaskDefinition output is registered intact, read-only fields left out', async () => {
    const out = await describedBackend()
    const mark = standIn.calls.length
    const step = await deploy(writeFile('described', out))
    expect(step.exitCode).toBe(0)
    const calls = standIn.calls.slice(mark)
    const registered = calls.filter(c => c.op === 'RegisterTaskDefinition')
    expect(registered.map(c => c.status)).toEqual([200])
    expectRegisteredIntact(registered[0]!.input, out.taskDefinition)
    expect(calls.filter(c => c.op === 'UpdateService').map(c => c.status)).toEqual([200])
    expectNoEnvironmentValue(step)
  }, 60_000)

  it('container memory above the task’s: a warning naming it and both sizes, then ECS’s answer to RegisterTaskDefinition is what the step shows', async () => {
    // The step does not refuse it: ECS decides (container-size.ts). The API reference says ECS
    // does refuse it: "The total amount of memory reserved for all containers within a task must
    // be lower than the task memory value" (ContainerDefinition), and the stand-in answers as ECS
    // does: "The 'memory' setting for container ... is greater than for the task."
    const out = await describedBackend()
    out.taskDefinition.containerDefinitions[0]!.memory = 2048
    const mark = standIn.calls.length
    const step = await deploy(writeFile('described-memory-above-task', out))
    expect(step.exitCode).toBe(1)
    expect(annotations(step.log, 'warning')).toContainEqual({
      title: "Containers' memory above the task's",
      message: expect.stringMatching(
        /^The containers reserve 2048 MiB of memory \(backend 2048\), more than the task's 1024 MiB\. ECS decides whether it registers .*RegisterTaskDefinition answers next\./
      )
    })
    const errors = annotations(step.log, 'error').map(e => e.message)
    expect(errors).toContainEqual(
      expect.stringContaining(
        "The 'memory' setting for container 'backend' is greater than for the task."
      )
    )
    const calls = standIn.calls.slice(mark)
    const registered = calls.filter(c => c.op === 'RegisterTaskDefinition')
    expect(registered.map(c => [c.status, c.error])).toEqual([[400, 'ClientException']])
    expectRegisteredIntact(registered[0]!.input, out.taskDefinition)
    expect(calls.filter(c => c.op === 'UpdateService')).toEqual([])
    expectNoEnvironmentValue(step)
  }, 60_000)

  it('a placeholder in an environment value is a warning naming the container and the variable, and the task is registered', async () => {
    const file = backendFile()
    const environment = file.containerDefinitions[0]!.environment as Json[]
    environment.push({ name: 'DD_API_KEY', value: '<YOUR_DATADOG_API_KEY>' })
    const mark = standIn.calls.length
    const step = await deploy(writeFile('environment-placeholder', file))
    expect(step.exitCode).toBe(0)
    expect(annotations(step.log, 'error')).toEqual([])
    expect(annotations(step.log, 'warning')).toContainEqual({
      title: 'Placeholder left in the task definition',
      message: expect.stringMatching(
        /^Container "backend": environment variable "DD_API_KEY" looks like a placeholder left unfilled\./
      )
    })
    expect(step.log).not.toContain('YOUR_DATADOG_API_KEY')
    expect(step.summary).not.toContain('YOUR_DATADOG_API_KEY')
    const calls = standIn.calls.slice(mark)
    const registered = calls.filter(c => c.op === 'RegisterTaskDefinition')
    expect(registered.map(c => c.status)).toEqual([200])
    expectRegisteredIntact(registered[0]!.input, file)
    expect(calls.filter(c => c.op === 'UpdateService').map(c => c.status)).toEqual([200])
    expectNoEnvironmentValue(step)
  }, 60_000)
})
