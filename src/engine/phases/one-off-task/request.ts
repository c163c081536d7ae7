import type { RunTaskCommandInput, Service, TaskDefinition, TaskSet } from '@aws-sdk/client-ecs'
import { createHash } from 'node:crypto'
import { InputError } from '../../../shared/parse.js'
import { commandForLog } from '../../../shared/redact.js'

/*
 * The one-off task (a migration) as data: the command from the input, the container it runs in,
 * and the RunTask request that runs the new revision on the service's own network. Pure.
 */

/** `run-task-command`: a JSON array of strings, or a string run as ["sh", "-c", string]. */
export function parseRunTaskCommand(input: string, text: string): string[] | undefined {
  const value = text.trim()
  if (value === '') return undefined
  if (!value.startsWith('[')) return ['sh', '-c', value]
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch (error) {
    throw new InputError(
      input,
      `starts with "[" but is not a JSON array (${error instanceof Error ? error.message : String(error)}). Give ["alembic", "upgrade", "head"], or a plain string run with sh -c.`
    )
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length === 0 ||
    !parsed.every((part): part is string => typeof part === 'string')
  ) {
    throw new InputError(input, 'must be a non-empty JSON array of strings, or a plain string.')
  }
  return parsed
}

/**
 * The container the command runs in: `run-task-container`, else `container-name`, else the task
 * definition's only essential container ("If this parameter is omitted, a container is assumed
 * to be essential.", ContainerDefinition essential).
 */
export function chooseContainer(
  taskDefinition: Pick<TaskDefinition, 'containerDefinitions' | 'family'>,
  runTaskContainer: string,
  containerName: string
): string {
  const names = (taskDefinition.containerDefinitions ?? []).map(c => c.name ?? '')
  const wanted = runTaskContainer || containerName
  const input = runTaskContainer ? 'run-task-container' : 'container-name'
  if (wanted !== '') {
    if (!names.includes(wanted)) {
      throw new InputError(
        input,
        `container "${wanted}" is not in task definition family "${taskDefinition.family ?? ''}". Its containers are: ${names.join(', ')}.`
      )
    }
    return wanted
  }
  const essential = (taskDefinition.containerDefinitions ?? []).filter(c => c.essential !== false)
  if (essential.length !== 1 || essential[0]?.name === undefined) {
    throw new InputError(
      'run-task-container',
      `the task definition has ${essential.length} essential containers (${essential.map(c => c.name).join(', ')}); name the one the command runs in.`
    )
  }
  return essential[0].name
}

/**
 * "Up to 128 letters (uppercase and lowercase), numbers, hyphens (-), forward slash (/), and
 * underscores (_) are allowed." (RunTask startedBy)
 */
export function startedBy(service: string): string {
  return `ecs-deploy/run-task/${service}`.replace(/[^A-Za-z0-9_/-]/g, '-').slice(0, 128)
}

/** The most characters a RunTask clientToken may have. */
const CLIENT_TOKEN_MAX = 64

/**
 * RunTask's clientToken for this run's one-off task of a revision: "An identifier that you
 * provide to ensure the idempotency of the request. It must be unique and is case sensitive. Up
 * to 64 characters are allowed. The valid characters are characters in the range of 33-126,
 * inclusive." (RunTask). "If you retry a request that completed successfully using the same
 * client token and the same parameters, the retry succeeds without performing any further
 * actions." (Ensuring idempotency). Made of the run, its attempt and the revision
 * (family:revision): every RunTask of this attempt for this revision names one task, whoever
 * sends it again; a re-run of the job (a new attempt) or a new revision runs a new one. A token
 * too long keeps its start and ends in a digest of the whole. '' outside a CI run: the SDK then
 * makes one for each call.
 */
export function runTaskClientToken(
  run: { readonly id?: string; readonly attempt?: string },
  taskDefinitionArn: string
): string {
  if (!run.id) return ''
  const revision = taskDefinitionArn.slice(taskDefinitionArn.lastIndexOf('/') + 1)
  const token = `${run.id}-${run.attempt || '1'}-${revision}`.replace(/[^\x21-\x7e]/g, '_')
  if (token.length <= CLIENT_TOKEN_MAX) return token
  const digest = createHash('sha256').update(token).digest('hex').slice(0, 16)
  return `${token.slice(0, CLIENT_TOKEN_MAX - digest.length - 1)}~${digest}`
}

export interface RunTaskPlan {
  readonly cluster: string
  readonly service: Service
  readonly taskDefinitionArn: string
  readonly container: string
  readonly command: readonly string[]
  readonly tags: readonly { readonly key: string; readonly value: string }[]
  /** runTaskClientToken's; '' or none: the SDK makes one per call. */
  readonly clientToken?: string
}

/** Where and how the service's tasks run: what RunTask copies. */
type Placement = Pick<
  TaskSet,
  'capacityProviderStrategy' | 'launchType' | 'networkConfiguration' | 'platformVersion'
>

/**
 * How the service runs its tasks now. On the CODE_DEPLOY controller, its PRIMARY task set's way
 * ("PRIMARY: The task set is serving production traffic.", TaskSet status), which a CodeDeploy
 * deployment's AppSpec may have set apart from the service's (NetworkConfiguration,
 * PlatformVersion, CapacityProviderStrategy), as the AppSpec built from the live service reads it
 * (kinds/codedeploy/appspec.ts); else the service's, else its PRIMARY deployment's.
 */
function placementOf(s: Service): Placement {
  const set = s.taskSets?.find(t => t.status === 'PRIMARY')
  const primary = s.deployments?.find(d => d.status === 'PRIMARY')
  const ownWay = set?.capacityProviderStrategy?.length || set?.launchType
  const strategy = ownWay ? set?.capacityProviderStrategy : s.capacityProviderStrategy
  return {
    capacityProviderStrategy: strategy?.length ? strategy : primary?.capacityProviderStrategy,
    launchType: (ownWay ? set?.launchType : s.launchType) ?? primary?.launchType,
    networkConfiguration:
      set?.networkConfiguration ?? s.networkConfiguration ?? primary?.networkConfiguration,
    platformVersion: set?.platformVersion ?? s.platformVersion ?? primary?.platformVersion
  }
}

/**
 * RunTask for the new revision with the command overridden, placed as the service places its
 * tasks (placementOf):
 * - networkConfiguration: "This parameter is required for task definitions that use the awsvpc
 *   network mode to receive their own elastic network interface" — the service's own;
 * - "If a capacityProviderStrategy is specified, the launchType parameter must be omitted" —
 *   the service's strategy, else its launch type;
 * - platformVersion: "A platform version is only specified for tasks hosted on Fargate" — the
 *   service's, where it has one;
 * - overrides: "You can override the default command for a container ... with a command
 *   override";
 * - startedBy names the step; tags tie the task to the commit and the run;
 * - clientToken: one task for every RunTask of this run attempt and revision
 *   (runTaskClientToken).
 */
export function runTaskRequest(plan: RunTaskPlan): RunTaskCommandInput {
  const s = plan.service
  const { capacityProviderStrategy: strategy, launchType, ...placed } = placementOf(s)
  const network = placed.networkConfiguration
  const platformVersion = placed.platformVersion
  return {
    cluster: plan.cluster,
    taskDefinition: plan.taskDefinitionArn,
    count: 1,
    startedBy: startedBy(s.serviceName ?? ''),
    ...(strategy?.length
      ? { capacityProviderStrategy: strategy }
      : launchType
        ? { launchType }
        : {}),
    ...(network ? { networkConfiguration: network } : {}),
    ...(platformVersion ? { platformVersion } : {}),
    overrides: { containerOverrides: [{ name: plan.container, command: [...plan.command] }] },
    ...(plan.tags.length > 0 ? { tags: plan.tags.map(t => ({ key: t.key, value: t.value })) } : {}),
    ...(plan.clientToken ? { clientToken: plan.clientToken } : {})
  }
}

/** One sentence for the log and the dry run: what runs (shown redacted: shared/redact.ts), where. */
export function describeRunTask(request: RunTaskCommandInput): string {
  const override = request.overrides?.containerOverrides?.[0]
  const placement = request.capacityProviderStrategy?.length
    ? `capacity providers ${request.capacityProviderStrategy.map(c => c.capacityProvider).join(', ')}`
    : (request.launchType ?? 'the cluster default capacity provider strategy')
  const vpc = request.networkConfiguration?.awsvpcConfiguration
  const network = vpc
    ? `, subnets ${(vpc.subnets ?? []).join(', ')}, security groups ${(vpc.securityGroups ?? []).join(', ')}`
    : ''
  return (
    `container ${override?.name ?? '?'} runs ${commandForLog(override?.command ?? [])} ` +
    `(${placement}${request.platformVersion ? ` ${request.platformVersion}` : ''}${network}; startedBy ${request.startedBy ?? ''})`
  )
}
