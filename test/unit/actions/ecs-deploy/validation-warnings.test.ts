import { beforeEach, describe, expect, it } from '@jest/globals'
import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { BACKEND, deployStep, stubSteady } from '../../../support/deploy-step.js'
import { BACKEND_IMAGE_NEW } from '../../../support/ecs-fixtures.js'
import { describeTaskDefinitionOutput, soneeyaFargate } from './validation-real-world.js'
import { shownEnvironmentValues } from '../../../support/environment-values.js'
import { datadogAgentApmUds } from './validation-real-world-env.js'

/*
 * What ECS registers and the container reads as written is a warning, not a refusal: a
 * placeholder in an environment value (the Datadog documentation's "<YOUR_DATADOG_API_KEY>").
 * The warning names the container and the variable, never the value; no message of the step
 * shows an environment value. Container memory above the task's is a warning too: ECS decides,
 * and RegisterTaskDefinition answers (container-size.ts quotes the API reference; the stand-in
 * plays ECS's refusal: test/e2e/deploy/validation.test.ts).
 */

type Json = Record<string, unknown>
const { ecs, run, taskDefinition } = deployStep()
const TITLE = 'Placeholder left in the task definition'

beforeEach(() => stubSteady(ecs))

function deploy(td: Json, container: string) {
  return run({
    ...BACKEND,
    'task-definition': taskDefinition(td),
    'container-name': container,
    'wait-for-service-stability': 'false'
  })
}

/** The step's warning annotations: [title, message]. */
function warnings(log: string): [string, string][] {
  return [...log.matchAll(/^::warning(?: title=([^:]*))?::(.*)$/gm)].map(m => [
    m[1] ?? '',
    (m[2] ?? '').replace(/%0A/g, '\n').replace(/%25/g, '%')
  ])
}

const withEnvironment = (environment: Json[]): Json => {
  const td = soneeyaFargate() as Json & { containerDefinitions: Json[] }
  td.containerDefinitions[0]!.environment = environment
  return td
}

const cases: { name: string; td: Json; container: string; variables: string[] }[] = [
  {
    name: 'the Datadog Agent task definition as documented: DD_API_KEY "<YOUR_DATADOG_API_KEY>"',
    td: datadogAgentApmUds(),
    container: 'datadog-agent',
    variables: ['DD_API_KEY']
  },
  {
    name: 'REPLACE_ME and {{token}} in two variables; ${DB_HOST} is the application’s own',
    td: withEnvironment([
      { name: 'API_KEY', value: 'REPLACE_ME_WITH_THE_KEY' },
      { name: 'SENTRY_DSN', value: 'https://{{sentry_token}}@sentry.example.com/42' },
      { name: 'DATABASE_URL', value: 'jdbc:postgresql://${DB_HOST}:5432/app' }
    ]),
    container: 'app',
    variables: ['API_KEY', 'SENTRY_DSN']
  }
]

describe('a placeholder in an environment value is a warning, and the task is registered', () => {
  it.each(cases)('$name', async ({ td, container, variables }) => {
    const r = await deploy(td, container)
    expect(r.failed).toBe(false)
    expect(r.log).not.toMatch(/::error/)
    const found = warnings(r.log).filter(([title]) => title === TITLE)
    expect(found.map(([, message]) => /environment variable "(\w+)"/.exec(message)?.[1])).toEqual(
      variables
    )
    for (const [, message] of found) {
      expect(message).toMatch(new RegExp(`^Container "${container}": environment variable "\\w+"`))
    }
    const sent = ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input
    expect(sent.containerDefinitions?.[0]?.environment).toEqual(
      (td.containerDefinitions as Json[])[0]!.environment
    )
    expect(shownEnvironmentValues(`${r.log}\n${r.summary}`, td)).toEqual([])
  })

  it('is shown beside a refusal, and the value stays out of both', async () => {
    const td = withEnvironment([{ name: 'API_KEY', value: '<YOUR_API_KEY>' }])
    ;(td as { family: string }).family = '<FAMILY>'
    const r = await deploy(td, 'app')
    expect(r.failed).toBe(true)
    expect(r.log).toMatch(/"family" still holds the placeholder "<FAMILY>"/)
    expect(warnings(r.log)).toContainEqual([TITLE, expect.stringMatching(/"API_KEY"/)])
    expect(r.log).not.toContain('<YOUR_API_KEY>')
    expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand)
  })
})

describe('environment values are never printed', () => {
  it('a value of the wrong JSON type is named by its kind alone', async () => {
    const r = await deploy(withEnvironment([{ name: 'PORT', value: 80443 }]), 'app')
    expect(r.failed).toBe(true)
    expect(r.log).toMatch(
      /container "app": field "environment\[0\]\.value" must be a string, not a number\. Write it in quotes\./
    )
    expect(r.log).not.toContain('80443')
  })

  it('an environment given as "KEY=value" strings is named by its kind alone', async () => {
    const r = await deploy(withEnvironment(['TOKEN=s3cr3t-value'] as unknown as Json[]), 'app')
    expect(r.failed).toBe(true)
    expect(r.log).toMatch(/field "environment\[0\]" must be an object, not a string\./)
    expect(r.log).not.toContain('s3cr3t-value')
  })
})

describe('container memory above the task’s: ECS decides', () => {
  it('a DescribeTaskDefinition output with container memory 1024 in a Fargate task of 512: a warning, then RegisterTaskDefinition', async () => {
    const out = describeTaskDefinitionOutput() as { taskDefinition: Json }
    Object.assign(out.taskDefinition, { cpu: '256', memory: '512' })
    ;(out.taskDefinition.containerDefinitions as Json[])[0]!.memory = 1024
    const r = await deploy(out, 'ci-coordinator')
    expect(r.failed).toBe(false)
    expect(warnings(r.log)).toContainEqual([
      "Containers' memory above the task's",
      expect.stringMatching(
        /^The containers reserve 1024 MiB of memory \(ci-coordinator 1024\), more than the task's 512 MiB\. ECS decides whether it registers/
      )
    ])
    expect(r.log).not.toMatch(/^::error/m)
    const sent = ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input
    expect(sent).toMatchObject({ cpu: '256', memory: '512' })
    expect(sent.containerDefinitions?.[0]).toMatchObject({ memory: 1024 })
  })

  it('the same output with the task sized for its container is registered', async () => {
    const out = describeTaskDefinitionOutput() as { taskDefinition: Json }
    Object.assign(out.taskDefinition, { cpu: '512', memory: '1024' })
    ;(out.taskDefinition.containerDefinitions as Json[])[0]!.memory = 1024
    const r = await deploy(out, 'ci-coordinator')
    expect(r.failed).toBe(false)
    const sent = ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input
    expect(sent).toMatchObject({ cpu: '512', memory: '1024' })
    expect(sent.containerDefinitions?.[0]).toMatchObject({ memory: 1024, image: BACKEND_IMAGE_NEW })
  })
})
