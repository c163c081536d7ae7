import { InputError, parseChoice, parseInteger } from '../../shared/parse.js'

/*
 * The inputs of Amazon ECS Express Mode services (kinds/express): whether the service is one
 * (`express`), the infrastructure role a create needs, and the settings of an Express service
 * that no task definition input names. Each value is checked here, before anything is written
 * to AWS; what a value means to Express Mode, in the API Reference's words
 * (CreateExpressGatewayService):
 * - infrastructureRoleArn: "The ARN of the infrastructure role that grants Amazon ECS permission
 *   to create and manage Amazon Web Services resources on your behalf for the Express service."
 * - containerPort: "The port number on the container that receives traffic from the load
 *   balancer. Default is 80." (ExpressGatewayContainer)
 * - healthCheckPath: "If not specified, the default health check path is /ping. The health check
 *   path must start with a forward slash and can include query parameters."
 * - scalingTarget: "You can specify the minimum and maximum number of tasks".
 * - networkConfiguration: "This specifies the VPC subnets and security groups for the tasks."
 */

export const EXPRESS_INPUTS = {
  express: 'express',
  expressInfrastructureRoleArn: 'express-infrastructure-role-arn',
  expressContainerPort: 'express-container-port',
  expressHealthCheckPath: 'express-health-check-path',
  expressMinTaskCount: 'express-min-task-count',
  expressMaxTaskCount: 'express-max-task-count',
  subnets: 'subnets',
  securityGroups: 'security-groups'
} as const

/** `express`: always (true), never (false), or when ECS says the service is one (auto). */
export type ExpressUse = 'true' | 'false' | 'auto'

export interface ExpressSettings {
  readonly use: ExpressUse
  /** Needed only to create; '' when not given. */
  readonly infrastructureRoleArn: string
  readonly containerPort: number | undefined
  /** '' when not given. */
  readonly healthCheckPath: string
  readonly minTaskCount: number | undefined
  readonly maxTaskCount: number | undefined
  readonly subnets: readonly string[]
  readonly securityGroups: readonly string[]
  /** The Express inputs given, by name: with `auto`, they ask for Express Mode. */
  readonly given: readonly string[]
}

const ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f)?:iam::\d{12}:role\/.+$/
const SUBNET = /^subnet-[0-9a-f]{8,17}$/
const SECURITY_GROUP = /^sg-[0-9a-f]{8,17}$/

/** Reads and checks the Express inputs; Express inputs with `express: false` are refused. */
export function readExpressSettings(get: (name: string) => string): ExpressSettings {
  const use = parseChoice<ExpressUse>(
    EXPRESS_INPUTS.express,
    get(EXPRESS_INPUTS.express),
    ['true', 'false', 'auto'],
    'auto'
  )
  const given = Object.values(EXPRESS_INPUTS).filter(
    name => name !== EXPRESS_INPUTS.express && get(name).trim() !== ''
  )
  if (use === 'false' && given.length > 0) {
    throw new InputError(
      given[0] as string,
      `is an input of Express Mode services, and express is false. Leave ${given.join(', ')} empty, or set express to true or auto.`
    )
  }
  const count = (input: string) => parseInteger(input, get(input), undefined, { min: 0 })
  const settings: ExpressSettings = {
    use,
    infrastructureRoleArn: roleArn(get(EXPRESS_INPUTS.expressInfrastructureRoleArn)),
    containerPort: parseInteger(
      EXPRESS_INPUTS.expressContainerPort,
      get(EXPRESS_INPUTS.expressContainerPort),
      undefined,
      { min: 1, max: 65535 }
    ),
    healthCheckPath: healthCheckPath(get(EXPRESS_INPUTS.expressHealthCheckPath)),
    minTaskCount: count(EXPRESS_INPUTS.expressMinTaskCount),
    maxTaskCount: count(EXPRESS_INPUTS.expressMaxTaskCount),
    subnets: ids(EXPRESS_INPUTS.subnets, get(EXPRESS_INPUTS.subnets), SUBNET, 'subnet-0123abcd'),
    securityGroups: ids(
      EXPRESS_INPUTS.securityGroups,
      get(EXPRESS_INPUTS.securityGroups),
      SECURITY_GROUP,
      'sg-0123abcd'
    ),
    given
  }
  checkCounts(settings)
  return settings
}

function roleArn(text: string): string {
  const value = text.trim()
  if (value !== '' && !ROLE_ARN.test(value)) {
    throw new InputError(
      EXPRESS_INPUTS.expressInfrastructureRoleArn,
      `"${value}" is not an IAM role ARN. Expected arn:aws:iam::ACCOUNT:role/NAME (for example the role with AmazonECSInfrastructureRoleforExpressGatewayServices).`
    )
  }
  return value
}

function healthCheckPath(text: string): string {
  const value = text.trim()
  if (value !== '' && (!value.startsWith('/') || /\s/.test(value))) {
    throw new InputError(
      EXPRESS_INPUTS.expressHealthCheckPath,
      `"${value}" is not a path: the health check path must start with a forward slash (such as /health).`
    )
  }
  return value
}

/** IDs separated by commas or new lines, each of its form. */
function ids(input: string, text: string, form: RegExp, example: string): string[] {
  const values = text
    .split(/[\s,]+/)
    .map(v => v.trim())
    .filter(v => v !== '')
  const bad = values.find(v => !form.test(v))
  if (bad !== undefined) {
    throw new InputError(
      input,
      `"${bad}" is not an ID of that kind (such as ${example}). Separate several with commas.`
    )
  }
  return values
}

function checkCounts({ minTaskCount: min, maxTaskCount: max }: ExpressSettings): void {
  if (min !== undefined && max !== undefined && min > max) {
    throw new InputError(
      EXPRESS_INPUTS.expressMinTaskCount,
      `${min} is more than express-max-task-count (${max}). The minimum number of tasks cannot exceed the maximum.`
    )
  }
}
