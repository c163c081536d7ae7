import type { Service } from '@aws-sdk/client-ecs'
import { InputError } from '../../shared/parse.js'
import type { Context } from '../deps.js'
import { codeDeploy } from './codedeploy/kind.js'
import { ecsManaged } from './ecs-managed/kind.js'
import { ecsRolling } from './ecs-rolling/kind.js'
import { claimExpress } from './express/kind.js'
import type { Claimed, DeploymentKind } from './kind.js'

/*
 * The kinds of deployment, and the one place that picks a service's kind. Adding a kind is a
 * folder beside these and one line in KINDS.
 */

interface KindEntry {
  /** The service deploys this way. */
  matches(service: Service): boolean
  create(service: Service): DeploymentKind
}

const KINDS: readonly KindEntry[] = [ecsManaged, ecsRolling, codeDeploy]

/**
 * A kind that tells its services apart by reads of its own, and may deploy a service that does
 * not exist yet (Express Mode creates it): asked first, with what DescribeServices found.
 * Undefined leaves the service to KINDS.
 */
type Claim = (x: Context, found: Service | undefined) => Promise<Claimed | undefined>

const CLAIMS: readonly Claim[] = [claimExpress]

/** The first kind that claims the service, if one does. */
export async function claimService(
  x: Context,
  found: Service | undefined
): Promise<Claimed | undefined> {
  for (const claim of CLAIMS) {
    const claimed = await claim(x, found)
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
  const entry = KINDS.find(k => k.matches(service))
  if (entry !== undefined) return entry.create(service)
  const controller = service.deploymentController?.type ?? 'ECS'
  throw new InputError(
    'service',
    `${name} uses ${OTHER_CONTROLLERS[controller] ?? `the ${controller} deployment controller; only the ECS controller is supported.`} Nothing was registered or changed.`
  )
}
