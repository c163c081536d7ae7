import type { Service } from '@aws-sdk/client-ecs'
import { InputError } from '../../shared/parse.js'
import { codeDeploy } from './codedeploy/kind.js'
import { ecsManaged } from './ecs-managed/kind.js'
import { ecsRolling } from './ecs-rolling/kind.js'
import type { DeploymentKind } from './kind.js'

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
