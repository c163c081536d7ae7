import { InputError } from '../../../shared/parse.js'
import { INPUTS, type Settings } from '../../settings/settings.js'

/*
 * Before any write: the inputs an Express service cannot take, each named with why. Pure.
 * - "If you provide a task definition ARN, you cannot also specify primaryContainer,
 *   executionRoleArn, taskRoleArn, cpu, or memory." (API Reference, Create/
 *   UpdateExpressGatewayService, taskDefinitionArn)
 * - infrastructureRoleArn is required by CreateExpressGatewayService (the model), and "Some
 *   parameters like the infrastructure role cannot be modified after service creation"
 *   (UpdateExpressGatewayService).
 * - "The primary container must specify at minimum a container image." (Create, primaryContainer)
 * - Express Mode registers the task definition itself, one container named Main ("name: "Main"",
 *   Developer Guide, Resources created by Amazon ECS Express Mode services); its task count is
 *   the scaling target's ("desiredCount: Express Mode service → MinTasks", same page).
 */

/** The container Express Mode runs the image in. */
export const MAIN = 'Main'

export interface Problem {
  readonly input: string
  readonly message: string
}

/** What the service is: created by this run, or an Express service with this role. */
export type Target =
  | { readonly creating: true }
  | { readonly creating: false; readonly infrastructureRoleArn: string | undefined }

/** Every problem of the inputs for an Express deploy; empty when there is none. */
export function expressProblems(s: Settings, target: Target): Problem[] {
  return [
    ...unused(s),
    ...withTaskDefinitionArn(s),
    ...(target.creating ? toCreate(s) : toUpdate(s, target.infrastructureRoleArn))
  ]
}

/** Throws them all as one InputError (named after the first input), nothing written. */
export function refuse(problems: readonly Problem[]): void {
  const first = problems[0]
  if (first === undefined) return
  const list = problems.map(p => `${p.input}: ${p.message}`)
  throw new InputError(
    first.input,
    `${list.length > 1 ? `the inputs do not fit an Express service:\n- ${list.join('\n- ')}` : first.message} Nothing was changed.`
  )
}

const EXPRESS_REGISTERS =
  'Express Mode registers the task definition itself from image and the container settings'

/** Inputs of a task definition Express Mode does not take. */
function unused(s: Settings): Problem[] {
  const r = s.render
  const problems: Problem[] = []
  const no = (given: boolean, input: string, message: string) => {
    if (given) problems.push({ input, message })
  }
  no(
    s.taskDefinitionFile !== '',
    INPUTS.taskDefinition,
    `${EXPRESS_REGISTERS}; a task definition file has no use. Give image (or task-definition-arn, a registered revision with a container named ${MAIN}).`
  )
  for (const i of r.images.filter(i => i.container !== MAIN)) {
    const input = i.input ?? INPUTS.containerName
    no(
      true,
      input,
      `names container "${i.container}", but an Express service has one container, ${MAIN}. Give image with container-name ${MAIN} (or, with express: true, no container-name).`
    )
  }
  no(
    s.desiredCount !== undefined,
    INPUTS.desiredCount,
    'an Express service runs as many tasks as its scaling target says: give express-min-task-count and express-max-task-count.'
  )
  no(
    s.runTask !== undefined,
    INPUTS.runTaskCommand,
    'a one-off task before the rollout is not supported on Express services.'
  )
  no(
    s.forceNewDeployment,
    INPUTS.forceNewDeployment,
    'an Express service deploys when its configuration changes; there is no forced deployment.'
  )
  const ignored = [
    [r.dockerLabels.length > 0, INPUTS.dockerLabels],
    [r.logGroup !== '', INPUTS.logGroup],
    [r.envFiles.length > 0, INPUTS.envFiles],
    [r.logDriver !== '', INPUTS.logDriver],
    [r.logOptions.length > 0, INPUTS.logOptions],
    [r.containerCpu !== undefined, INPUTS.containerCpu],
    [r.containerMemory !== undefined, INPUTS.containerMemory],
    [r.containerMemoryReservation !== undefined, INPUTS.containerMemoryReservation]
  ] as const
  for (const [given, input] of ignored)
    no(given, input, `${EXPRESS_REGISTERS} (logs to its own log group); it has no such setting.`)
  return problems
}

/** task-definition-arn with the members Express refuses beside it. */
function withTaskDefinitionArn(s: Settings): Problem[] {
  if (s.taskDefinitionArn === '') return []
  const r = s.render
  const beside = [
    [r.images.length > 0, INPUTS.image],
    [r.environment.length > 0, INPUTS.environmentVariables],
    [r.secrets.length > 0, INPUTS.secrets],
    [r.command !== undefined, INPUTS.command],
    [s.express.containerPort !== undefined, INPUTS.expressContainerPort],
    [r.executionRoleArn !== '', INPUTS.executionRoleArn],
    [r.taskRoleArn !== '', INPUTS.taskRoleArn],
    [r.cpu !== '', INPUTS.cpu],
    [r.memory !== '', INPUTS.memory]
  ] as const
  const given = beside.filter(([g]) => g).map(([, input]) => input)
  if (given.length === 0) return []
  return [
    {
      input: INPUTS.taskDefinitionArn,
      message: `cannot be given together with ${given.join(', ')}: "If you provide a task definition ARN, you cannot also specify primaryContainer, executionRoleArn, taskRoleArn, cpu, or memory." (ECS API Reference). Set them in the task definition, or leave task-definition-arn empty.`
    }
  ]
}

function toCreate(s: Settings): Problem[] {
  const problems: Problem[] = []
  if (s.express.infrastructureRoleArn === '') {
    problems.push({
      input: INPUTS.expressInfrastructureRoleArn,
      message: `is required to create the Express service ${s.service}: the IAM role ECS uses to create its load balancer, target groups, security groups and scaling (with AmazonECSInfrastructureRoleforExpressGatewayServices).`
    })
  }
  if (s.render.images.length === 0 && s.taskDefinitionArn === '') {
    problems.push({
      input: INPUTS.image,
      message: `is required to create the Express service ${s.service} ("The primary container must specify at minimum a container image."), unless task-definition-arn names the revision to run.`
    })
  }
  return problems
}

function toUpdate(s: Settings, role: string | undefined): Problem[] {
  const given = s.express.infrastructureRoleArn
  if (given === '' || given === role) return []
  return [
    {
      input: INPUTS.expressInfrastructureRoleArn,
      message: `is ${given}, but ${s.service} was created with ${role ?? 'another role'}, and the infrastructure role "cannot be modified after service creation" (UpdateExpressGatewayService). Leave it empty, or give the service's role.`
    }
  ]
}
