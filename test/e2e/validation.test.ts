import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createMegilanceWorkspace } from '../../tools/harness/machine.js'
import { deployInputs, seedMegilance, taskDefinitionFile } from '../../tools/harness/megilance.js'
import { type OidcIssuer, startOidcIssuer } from '../../tools/harness/oidc.js'
import { Job, annotations } from '../../tools/harness/runner.js'
import { STATIC_KEYS, type StandIn, startStandIn } from '../../tools/stand-in/index.js'

/*
 * Image references at the runner level: the packaged action (dist/ecs-deploy) as the runner runs
 * it, against the local stand-in. A bad image, from an input or left in the file, stops the step
 * before anything is written to ECS, with an error naming the container and where to fix it.
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

/** The backend task definition file in the checkout, with its backend image set to `image`. */
function backendFileWithImage(name: string, image: string): string {
  const original = JSON.parse(readFileSync(join(workspace, taskDefinitionFile('backend')), 'utf8'))
  original.containerDefinitions[0].image = image
  const path = `deploy/${name}.json`
  writeFileSync(join(workspace, path), JSON.stringify(original, null, 2))
  return path
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
    },
    60_000
  )
})
