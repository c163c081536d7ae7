import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy'
import type { Service } from '@aws-sdk/client-ecs'
import { CodeDeployApi } from '../../../aws/codedeploy.js'
import { errorName, isAccessDenied } from '../../../aws/errors.js'
import { InputError } from '../../../shared/parse.js'
import type { Context, Deps } from '../../deps.js'
import { CODEDEPLOY_INPUTS, type CodeDeploySettings } from '../../settings/codedeploy-inputs.js'

/*
 * The deployment group that deploys the service, found with read-only calls before any write.
 * "A target Amazon ECS service is specified as an Amazon ECS cluster and service name pair"
 * (DeploymentGroupInfo.ecsServices, CodeDeploy API Reference). Named (codedeploy-application and
 * codedeploy-deployment-group): GetDeploymentGroup, and it must hold the service. Otherwise
 * ListApplications (or the named application), ListDeploymentGroups and BatchGetDeploymentGroups
 * find the one whose ecsServices holds <cluster>:<service>; several, or none, is an error that
 * says which to name. Errors CodeDeploy answers: ApplicationDoesNotExistException "The application
 * does not exist with the user or Amazon Web Services account.", DeploymentGroupDoesNotExistException
 * "The named deployment group with the user or Amazon Web Services account does not exist."
 */

export interface DeploymentGroup {
  readonly application: string
  readonly name: string
  readonly info: DeploymentGroupInfo
  /** How it was chosen, for the log. */
  readonly how: 'named' | 'found by its ecsServices'
}

/** CodeDeploy, through the adapter this kind brings (its client is built on first use). */
export const codeDeployApi = (io: Pick<Deps, 'client'>): CodeDeployApi => io.client(CodeDeployApi)

/** The service as CodeDeploy names it: `<cluster name>:<service name>`. */
export interface EcsService {
  readonly cluster: string
  readonly service: string
}

/** The cluster and service names of a service (its cluster may be given as an ARN). */
export function ecsServiceOf(service: Service, fallback: EcsService): EcsService {
  const cluster = (service.clusterArn ?? fallback.cluster).split('/').pop() ?? fallback.cluster
  return { cluster, service: service.serviceName ?? fallback.service }
}

/** ECSTarget.targetId of the service: "<clustername>:<servicename>". */
export const targetIdOf = (s: EcsService): string => `${s.cluster}:${s.service}`

export function holds(info: DeploymentGroupInfo, s: EcsService): boolean {
  return (info.ecsServices ?? []).some(
    e => e.clusterName === s.cluster && e.serviceName === s.service
  )
}

/** The deployment group of the service, as the settings name it or as found. */
export async function findDeploymentGroup(x: Context, s: EcsService): Promise<DeploymentGroup> {
  const cd = x.s.codeDeploy
  const found =
    cd.application !== '' && cd.deploymentGroup !== ''
      ? await named(codeDeployApi(x.io), cd.application, cd.deploymentGroup)
      : await search(codeDeployApi(x.io), cd, s)
  if (!holds(found.info, s)) {
    const held = (found.info.ecsServices ?? []).map(e => `${e.clusterName}:${e.serviceName}`)
    throw new InputError(
      CODEDEPLOY_INPUTS.deploymentGroup,
      `${found.application}/${found.name} does not hold ${targetIdOf(s)} (its ecsServices: ${held.join(', ') || 'none'}). Name the deployment group of this service, or leave codedeploy-application and codedeploy-deployment-group empty to have it found.`
    )
  }
  return found
}

async function named(api: CodeDeployApi, application: string, group: string) {
  try {
    const info = await api.getDeploymentGroup(application, group)
    return { application, name: group, info, how: 'named' } as const
  } catch (error) {
    throw missing(error, application, group) ?? error
  }
}

/** What a CodeDeploy "does not exist" error means, as an input error; else undefined. */
function missing(error: unknown, application: string, group?: string): InputError | undefined {
  const name = errorName(error)
  if (name === 'ApplicationDoesNotExistException') {
    return new InputError(
      CODEDEPLOY_INPUTS.application,
      `${application} does not exist in this account and Region (ApplicationDoesNotExistException). Check the name and aws-region. Nothing was registered or deployed.`
    )
  }
  if (name === 'DeploymentGroupDoesNotExistException') {
    return new InputError(
      CODEDEPLOY_INPUTS.deploymentGroup,
      `${group ?? '?'} does not exist in application ${application} (DeploymentGroupDoesNotExistException). Check the name. Nothing was registered or deployed.`
    )
  }
  return undefined
}

interface Search {
  readonly matches: DeploymentGroup[]
  readonly looked: string[]
  readonly denied: string[]
}

async function search(
  api: CodeDeployApi,
  cd: CodeDeploySettings,
  s: EcsService
): Promise<DeploymentGroup> {
  const apps = cd.application !== '' ? [cd.application] : await api.listApplications()
  const result: Search = { matches: [], looked: [], denied: [] }
  for (const application of apps) await searchApplication(api, application, cd, s, result)
  if (result.matches.length === 1) return result.matches[0] as DeploymentGroup
  throw notOne(result, cd, s)
}

async function searchApplication(
  api: CodeDeployApi,
  application: string,
  cd: CodeDeploySettings,
  s: EcsService,
  into: Search
): Promise<void> {
  let names: string[]
  try {
    names = await api.listDeploymentGroups(application)
  } catch (error) {
    // An application the role may not read is passed over (and named if nothing is found).
    if (isAccessDenied(error) && cd.application === '') {
      into.denied.push(application)
      return
    }
    throw missing(error, application) ?? error
  }
  into.looked.push(application)
  const wanted = cd.deploymentGroup === '' ? names : names.filter(n => n === cd.deploymentGroup)
  for (const info of await api.getDeploymentGroups(application, wanted)) {
    if (!holds(info, s)) continue
    const name = info.deploymentGroupName ?? '?'
    into.matches.push({ application, name, info, how: 'found by its ecsServices' })
  }
}

function notOne(r: Search, cd: CodeDeploySettings, s: EcsService): InputError {
  const target = targetIdOf(s)
  if (r.matches.length > 1) {
    const all = r.matches.map(m => `${m.application}/${m.name}`).join(', ')
    return new InputError(
      CODEDEPLOY_INPUTS.deploymentGroup,
      `several deployment groups hold ${target}: ${all}. Name one with codedeploy-application and codedeploy-deployment-group. Nothing was registered or deployed.`
    )
  }
  const group = cd.deploymentGroup === '' ? '' : ` ${cd.deploymentGroup}`
  const where = r.looked.length
    ? `of application${r.looked.length > 1 ? 's' : ''} ${r.looked.join(', ')}`
    : 'of this account and Region'
  const denied = r.denied.length
    ? ` The role may not read the deployment groups of ${r.denied.join(', ')} (codedeploy:ListDeploymentGroups).`
    : ''
  return new InputError(
    cd.deploymentGroup === '' ? CODEDEPLOY_INPUTS.application : CODEDEPLOY_INPUTS.deploymentGroup,
    `no deployment group${group} ${where} holds ${target} in its ecsServices.${denied} Give the application and deployment group that deploy this service. Nothing was registered or deployed.`
  )
}
