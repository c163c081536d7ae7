/*
 * A secret's valueFrom (API reference, Secret.valueFrom): "The secret to expose to the container.
 * The supported values are either the full ARN of the AWS Secrets Manager secret or the full ARN
 * of the parameter in the SSM Parameter Store." (a parameter in the same Region may be given by
 * name). Its value is never read.
 */

const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+(:[^:]*:[^:]*:[^:]*)?$/
const SSM_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[\w./-]+$/
const SSM_NAME = /^\/?[\w.-]+(\/[\w.-]+)*$/

/** A Secrets Manager ARN, an SSM parameter ARN, or an SSM parameter name. */
export function isSecretReference(valueFrom: string): boolean {
  if (valueFrom.startsWith('arn:')) return SECRET_ARN.test(valueFrom) || SSM_ARN.test(valueFrom)
  return SSM_NAME.test(valueFrom)
}
