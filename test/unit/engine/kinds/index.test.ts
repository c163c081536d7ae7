import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import { kindFor, kindNamed, refuseOtherKindsInputs } from '../../../../src/engine/kinds/index.js'
import type { DeploymentKind } from '../../../../src/engine/kinds/kind.js'
import { readSettings } from '../../../../src/engine/settings/settings.js'

/*
 * The registry: the inputs a kind owns are refused, before any write, on a service another kind
 * deploys, in the owning kind's words (codedeploy-* and wait-until: ready on every service that
 * is not on the CODE_DEPLOY controller, an Express one included); and a kind is found again by
 * the name the post step reads from the saved state.
 */

const read = (inputs: Record<string, string>) =>
  readSettings(
    name => ({ service: 'megilance-backend', 'aws-region': 'us-east-1', ...inputs })[name] ?? '',
    {}
  )

const ROLLING: Service = { serviceName: 'megilance-backend' }
const BLUE_GREEN: Service = { ...ROLLING, deploymentConfiguration: { strategy: 'BLUE_GREEN' } }
const CODE_DEPLOY: Service = { ...ROLLING, deploymentController: { type: 'CODE_DEPLOY' } }
/** Express Mode is claimed by reads of its own; the registry asks only its name here. */
const EXPRESS = { name: 'express' } as DeploymentKind

describe("inputs another kind owns, refused in that kind's words", () => {
  it.each<[string, DeploymentKind, Record<string, string>, string]>([
    [
      'a rolling',
      kindFor(ROLLING, 'megilance-backend'),
      { 'codedeploy-application': 'a' },
      'Input "codedeploy-application": codedeploy-application is for services on the CODE_DEPLOY deployment controller'
    ],
    [
      'a blue/green',
      kindFor(BLUE_GREEN, 'megilance-backend'),
      { 'wait-until': 'ready' },
      `Input "wait-until": ready is CodeDeploy's Ready`
    ],
    [
      'an Express',
      EXPRESS,
      { 'codedeploy-appspec': 'appspec.yaml' },
      'Input "codedeploy-appspec": codedeploy-appspec is'
    ]
  ])('on %s service', (_name, kind, inputs, message) => {
    expect(() => refuseOtherKindsInputs(kind, read(inputs))).toThrow(message)
    expect(() => refuseOtherKindsInputs(kind, read(inputs))).toThrow(
      'Nothing was registered or changed.'
    )
  })

  it("lets a kind's own inputs through, and a service without another kind's", () => {
    const codeDeploy = kindFor(CODE_DEPLOY, 'megilance-backend')
    const own = read({ 'codedeploy-application': 'a', 'wait-until': 'ready' })
    expect(() => refuseOtherKindsInputs(codeDeploy, own)).not.toThrow()
    expect(() => refuseOtherKindsInputs(kindFor(ROLLING, 'svc'), read({}))).not.toThrow()
  })
})

describe('a kind by the name the post step saved', () => {
  it.each(['ecs-rolling', 'ecs-managed', 'codedeploy', 'express'])('%s', name => {
    expect(kindNamed(name)?.name).toBe(name)
    expect(kindNamed(name)?.putBackOnCancel).toBeInstanceOf(Function)
  })

  it('is the name the kind gives itself', () => {
    for (const service of [ROLLING, BLUE_GREEN, CODE_DEPLOY]) {
      const kind = kindFor(service, 'svc')
      expect(kindNamed(kind.name)?.name).toBe(kind.name)
    }
  })

  it('none for a name no kind has', () => {
    expect(kindNamed('external')).toBeUndefined()
  })
})
