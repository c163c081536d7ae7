import { InputError } from '../../shared/parse.js'

/*
 * The inputs of a service on the CODE_DEPLOY deployment controller, named as
 * aws-actions/amazon-ecs-deploy-task-definition names them (v2.6.3). Each value is checked here,
 * before anything is written to AWS. Pure: reads through `get`.
 */

export const CODEDEPLOY_INPUTS = {
  appSpec: 'codedeploy-appspec',
  application: 'codedeploy-application',
  deploymentGroup: 'codedeploy-deployment-group',
  deploymentConfig: 'codedeploy-deployment-config',
  description: 'codedeploy-deployment-description'
} as const

export interface CodeDeploySettings {
  /** Path of an AppSpec file (YAML or JSON); '' to build the AppSpec from the live service. */
  readonly appSpecFile: string
  /** '' to find the deployment group holding the service. */
  readonly application: string
  readonly deploymentGroup: string
  /** '' for the deployment group's own configuration. */
  readonly deploymentConfig: string
  /** '' for none; at most 512 characters. */
  readonly description: string
}

/**
 * ApplicationName, DeploymentGroupName, DeploymentConfigName: "min": 1, "max": 100 (the
 * CodeDeploy API model, codedeploy.json).
 */
const MAX_NAME = 100
/**
 * "CodeDeploy Deployment Descriptions have a max length of 512 characters, so truncate if
 * necessary" (aws-actions/amazon-ecs-deploy-task-definition); truncated the same way.
 */
export const MAX_DESCRIPTION = 512

export function readCodeDeployInputs(get: (name: string) => string): CodeDeploySettings {
  const name = (input: string) => {
    const value = get(input).trim()
    if (value.length > MAX_NAME) {
      throw new InputError(
        input,
        `is ${value.length} characters long; CodeDeploy takes at most ${MAX_NAME}.`
      )
    }
    return value
  }
  const description = get(CODEDEPLOY_INPUTS.description).trim()
  return {
    appSpecFile: get(CODEDEPLOY_INPUTS.appSpec).trim(),
    application: name(CODEDEPLOY_INPUTS.application),
    deploymentGroup: name(CODEDEPLOY_INPUTS.deploymentGroup),
    deploymentConfig: name(CODEDEPLOY_INPUTS.deploymentConfig),
    description:
      description.length <= MAX_DESCRIPTION
        ? description
        : `${description.slice(0, MAX_DESCRIPTION - 1)}…`
  }
}

/** The codedeploy-* inputs given, by name (in the order the action declares them). */
export function givenCodeDeployInputs(s: CodeDeploySettings): string[] {
  const given: [string, string][] = [
    [CODEDEPLOY_INPUTS.appSpec, s.appSpecFile],
    [CODEDEPLOY_INPUTS.application, s.application],
    [CODEDEPLOY_INPUTS.deploymentGroup, s.deploymentGroup],
    [CODEDEPLOY_INPUTS.deploymentConfig, s.deploymentConfig],
    [CODEDEPLOY_INPUTS.description, s.description]
  ]
  return given.filter(([, value]) => value !== '').map(([input]) => input)
}

/**
 * Before any write, on a service of the ECS deployment controller: codedeploy-* inputs and
 * wait-until ready are a mistake (the wrong service, or a service moved off CodeDeploy), never
 * silently dropped.
 */
export function refuseCodeDeployInputs(
  s: { readonly codeDeploy: CodeDeploySettings; readonly waitUntil: string },
  service: string
): void {
  if (s.waitUntil === 'ready') {
    throw new InputError(
      'wait-until',
      `ready is CodeDeploy's Ready, for services on the CODE_DEPLOY deployment controller; ${service} is on the ECS controller. Use completed, or traffic-shifted on a blue/green, linear or canary service. Nothing was registered or changed.`
    )
  }
  const given = givenCodeDeployInputs(s.codeDeploy)
  if (given.length === 0) return
  throw new InputError(
    given[0] as string,
    `${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} for services on the CODE_DEPLOY deployment controller, but ${service} is on the ECS controller, which deploys without CodeDeploy. Remove ${given.length === 1 ? 'it' : 'them'}, or check the service input. Nothing was registered or changed.`
  )
}
