import type { Registry } from '../harness/registry.js'
import type { FaultOptions } from './faults.js'
import type { OidcClaims } from './sts.js'

/* What a test asks of the stand-in it starts (index.ts, startStandIn). */

/** Lost answers and calls never answered (faults.ts) are for the JSON 1.1 services. */
export interface StandInOptions extends FaultOptions {
  /** The real local registry ECR logs in to and reads images from. */
  readonly registry?: Registry | undefined
  /** ListServiceDeployments / DescribeServiceDeployments answer (true) or UnknownOperation. */
  readonly serviceDeployments?: boolean
  /** Answer the first call of each operation with ThrottlingException. */
  readonly throttleFirst?: boolean
  /** Verifies GitHub OIDC tokens for STS (the local issuer's verify). */
  readonly verifyOidc?: (token: string) => OidcClaims | undefined
  /** The subjects the deploy role trusts; default: the MegiLance repository, any ref. */
  readonly trustedSubjects?: RegExp
  /** Every STS session ends after this many seconds (sts.ts). */
  readonly sessionSeconds?: number
  /** How long an UpdateService stays invisible to ECS reads (eventual consistency); 0 by default. */
  readonly readLagMs?: number
  /**
   * How long ListTargetsByRule keeps answering a rule's targets as before a PutTargets or
   * RemoveTargets ("Allow a short period of time for changes to take effect.", events-targets.ts);
   * 0 by default. Also settable later: `standIn.events.readLagMs`.
   */
  readonly eventsReadLagMs?: number
  /**
   * ECS, ECR, CloudWatch Logs, CodeDeploy, EventBridge and Scheduler operations the role's policy does not
   * allow: answered with AccessDeniedException in IAM's words ("User: ARN is not authorized to
   * perform: ACTION on resource: ARN because no identity-based policy allows the ACTION action",
   * AWS re:Post knowledge center, troubleshoot-iam-policy-issues).
   */
  readonly deny?: readonly string[]
  /** Operations refused the same way once another has been answered ({ DescribeServices: 'UpdateService' }). */
  readonly denyAfter?: Readonly<Record<string, string>>
}
