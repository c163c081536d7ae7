import type { Service } from '@aws-sdk/client-ecs'
import { InputError } from '../../shared/parse.js'
import type { Context } from '../deps.js'
import type { Settings } from '../settings/settings.js'
import { codeDeploy } from './codedeploy/kind.js'
import { ecsManaged } from './ecs-managed/kind.js'
import { ecsRolling } from './ecs-rolling/kind.js'
import { express } from './express/kind.js'
import type { Claimed, DeploymentKind, KindEntry } from './kind.js'

/*
 * The kinds of deployment, and the one place that knows them all: it picks a service's kind,
 * refuses the inputs of the kinds it did not pick, and finds a kind again by its name (the post
 * step). Adding a kind is a folder beside these and one line in KINDS.
 */

/**
 * Every kind. Those that claim a service by reads of their own (Express Mode, which also deploys
 * a service that does not exist yet) are asked first; then the first that matches DescribeServices'
 * answer, in this order.
 */
const KINDS: readonly KindEntry[] = [express, ecsManaged, ecsRolling, codeDeploy]

/** The first kind that claims the service, if one does. */
export async function claimService(
  x: Context,
  found: Service | undefined
): Promise<Claimed | undefined> {
  for (const kind of KINDS) {
    const claimed = 'claim' in kind ? await kind.claim(x, found) : undefined
    if (claimed !== undefined) return claimed
  }
  return undefined
}

/*
 * "For services using an external deployment controller, you can update only the desired count,
 * task placement constraints and strategies, health check grace period, enable ECS managed tags
 * option, and propagate tags option, using this API. If the launch type, load balancer, network
 * configuration, platform version, or task definition need to be updated, create a new task set."
 * (ECS API Reference, UpdateService)
 */
const OTHER_CONTROLLERS: Record<string, string> = {
  EXTERNAL:
    'the EXTERNAL deployment controller, whose task sets a third-party controller manages (CreateTaskSet, UpdateServicePrimaryTaskSet); UpdateService cannot change its task definition. Deploy through that controller, or move the service to the ECS controller.'
}

/** The kind of deployment a service takes; a service no kind deploys is refused before any write. */
export function kindFor(service: Service, name: string): DeploymentKind {
  for (const kind of KINDS)
    if ('matches' in kind && kind.matches(service)) return kind.create(service)
  const controller = service.deploymentController?.type ?? 'ECS'
  throw new InputError(
    'service',
    `${name} uses ${OTHER_CONTROLLERS[controller] ?? `the ${controller} deployment controller; only the ECS controller is supported.`} Nothing was registered or changed.`
  )
}

/**
 * Before any write: the inputs that belong to a kind other than the service's are refused, each
 * kind wording its own (codedeploy-* on a service of the ECS controller).
 */
export function refuseOtherKindsInputs(kind: DeploymentKind, s: Settings): void {
  for (const other of KINDS) if (other.name !== kind.name) other.refuseOwnInputs?.(s, s.service)
}

/** A kind by its name (DeploymentKind.name), as the post step finds it in the saved state. */
export function kindNamed(name: string): KindEntry | undefined {
  return KINDS.find(kind => kind.name === name)
}
