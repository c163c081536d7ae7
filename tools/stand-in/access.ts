import type { IncomingMessage } from 'node:http'
import type { AwsCall, AwsService } from './calls.js'
import type { StandInOptions } from './options.js'
import { type StsModel, expiredSession } from './sts.js'
import { ACCOUNT, AwsError, REGION } from './wire.js'

/*
 * Who may call the stand-in's ECS, ECR, CloudWatch Logs, CodeDeploy, EventBridge and Scheduler: a request must be signed with the
 * long-term keys or a session STS issued, not yet expired (sts.ts); the role's policy may then
 * refuse the operation (StandInOptions.deny / denyAfter), in IAM's words.
 */

/** The long-term keys (the SDK's default chain, from env) the stand-in accepts. */
export const STATIC_KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAE2EDUMMYKEY00001',
  AWS_SECRET_ACCESS_KEY: 'e2e-dummy-secret-not-a-real-key'
} as const

/** What signed a request: its access key id and session token, where it carries them. */
export type Signer = { accessKeyId?: string; sessionToken?: string }

/** Who signed a request, as STS GetCallerIdentity tells it. */
export interface CallerIdentity {
  readonly arn: string
  readonly userId: string
  readonly account: string
}

/** The IAM user the long-term keys belong to. */
export const STATIC_USER = {
  arn: `arn:aws:iam::${ACCOUNT}:user/megilance-ci`,
  userId: 'AIDAE2EDUMMYUSER00001'
}

export class AccessChecks {
  constructor(
    private readonly options: StandInOptions,
    private readonly sts: StsModel,
    private readonly calls: readonly AwsCall[]
  ) {}

  /** Why the request's signature is refused: unsigned, an unknown key, an expired session. */
  authenticate(signer: Signer): AwsError | undefined {
    if (signer.accessKeyId === undefined) {
      return new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token')
    }
    const issued = this.sts.issued.find(c => c.accessKeyId === signer.accessKeyId)
    const known =
      signer.accessKeyId === STATIC_KEYS.AWS_ACCESS_KEY_ID ||
      (issued !== undefined && issued.sessionToken === signer.sessionToken)
    if (!known) {
      return new AwsError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.'
      )
    }
    return issued === undefined ? undefined : expiredSession(issued)
  }

  /**
   * Who signed an STS request (GetCallerIdentity): the IAM user of the long-term keys, or the
   * role session STS issued ("arn:aws:sts::123456789012:assumed-role/my-role-name/my-role-session-name",
   * UserId "AROA...:my-role-session-name", STS API Reference, GetCallerIdentity, Examples); its
   * account is the role's. Refused signatures in STS's codes (AWS Common Errors:
   * "MissingAuthenticationToken ... HTTP Status Code: 403", "InvalidClientTokenId: The X.509
   * certificate or AWS access key ID provided does not exist in our records. HTTP Status Code:
   * 403"; ExpiredTokenException, 400, as STS's model gives it).
   */
  caller(signer: Signer): CallerIdentity {
    const refused = this.authenticate(signer)
    if (refused?.type === 'MissingAuthenticationTokenException')
      throw new AwsError(
        'MissingAuthenticationToken',
        'Request is missing Authentication Token',
        403
      )
    if (refused?.type === 'UnrecognizedClientException')
      throw new AwsError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403
      )
    if (refused !== undefined)
      throw new AwsError(
        'ExpiredTokenException',
        'The security token included in the request is expired'
      )
    const issued = this.sts.issued.find(c => c.accessKeyId === signer.accessKeyId)
    if (issued === undefined) return { ...STATIC_USER, account: ACCOUNT }
    const [, account = ACCOUNT, role = ''] =
      /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(issued.roleArn) ?? []
    return {
      arn: `arn:aws:sts::${account}:assumed-role/${role}/${issued.sessionName}`,
      userId: `${issued.roleId}:${issued.sessionName}`,
      account
    }
  }

  /**
   * An operation the role's policy does not allow, answered with AccessDeniedException in IAM's
   * words ("User: ARN is not authorized to perform: ACTION on resource: ARN because no
   * identity-based policy allows the ACTION action", AWS re:Post knowledge center,
   * troubleshoot-iam-policy-issues).
   */
  denial(
    signer: Signer,
    service: AwsService,
    op: string,
    input: Record<string, unknown>
  ): AwsError | undefined {
    const after = this.options.denyAfter?.[op]
    const denied =
      this.options.deny?.includes(op) === true ||
      (after !== undefined && this.calls.some(c => c.op === after && c.status === 200))
    if (!denied) return undefined
    const action = `${service}:${op}`
    const session = this.sts.issued.find(c => c.accessKeyId === signer.accessKeyId)
    const principal =
      session !== undefined
        ? `arn:aws:sts::${ACCOUNT}:assumed-role/megilance-deploy/${session.sessionName}`
        : STATIC_USER.arn
    return new AwsError(
      'AccessDeniedException',
      `User: ${principal} is not authorized to perform: ${action} on resource: ${deniedResource(service, input)} because no identity-based policy allows the ${action} action`
    )
  }
}

/** The resource a refused request named (the first ARN it carries), as IAM reports it. */
function deniedResource(service: AwsService, input: Record<string, unknown>): string {
  if (service === 'events' || service === 'scheduler') return scheduledResource(service, input)
  for (const key of [
    'serviceDeploymentArns',
    'serviceRevisionArns',
    'resourceArn',
    'taskDefinition'
  ]) {
    const value = input[key]
    const first = Array.isArray(value) ? value[0] : value
    if (typeof first === 'string' && first.startsWith('arn:')) return first
  }
  // CodeDeploy: a deployment group, "arn:aws:codedeploy:us-west-2:444455556666:deploymentgroup:
  // Test*/West*" (CodeDeploy User Guide, permissions reference), or an application.
  if (typeof input.applicationName === 'string') {
    const at = `arn:aws:codedeploy:${REGION}:${ACCOUNT}`
    return typeof input.deploymentGroupName === 'string'
      ? `${at}:deploymentgroup:${input.applicationName}/${input.deploymentGroupName}`
      : `${at}:application:${input.applicationName}`
  }
  // CloudWatch Logs: GetLogEvents acts on a log stream, the others on a log group.
  if (typeof input.logGroupName === 'string') {
    const group = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${input.logGroupName}`
    return typeof input.logStreamName === 'string'
      ? `${group}:log-stream:${input.logStreamName}`
      : group
  }
  const cluster = typeof input.cluster === 'string' ? input.cluster : 'default'
  if (typeof input.service === 'string')
    return `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${input.service}`
  return '*'
}

/**
 * EventBridge: a rule on the default bus is rule/NAME, on another bus rule/BUS/NAME. Scheduler: a
 * schedule is schedule/GROUP/NAME. Operations on no one rule or schedule act on '*'.
 */
function scheduledResource(service: AwsService, input: Record<string, unknown>): string {
  const name = typeof input.Rule === 'string' ? input.Rule : input.Name
  if (typeof name !== 'string') return '*'
  if (service === 'scheduler') {
    const group = typeof input.GroupName === 'string' ? input.GroupName : 'default'
    return `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${group}/${name}`
  }
  const bus = typeof input.EventBusName === 'string' ? input.EventBusName.replace(/^.*\//, '') : ''
  const path = bus === '' || bus === 'default' ? name : `${bus}/${name}`
  return `arn:aws:events:${REGION}:${ACCOUNT}:rule/${path}`
}

/** The access key (and session token) a SigV4-signed request carries. */
export function signature(request: IncomingMessage): Signer {
  const header = String(request.headers.authorization ?? '')
  const key = /Credential=([^/,\s]+)\//.exec(header)?.[1]
  const token = request.headers['x-amz-security-token']
  return {
    ...(key !== undefined ? { accessKeyId: key } : {}),
    ...(typeof token === 'string' ? { sessionToken: token } : {})
  }
}
