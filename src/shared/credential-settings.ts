import type { CredentialSettings } from '../aws/credentials.js'
import { InputError } from './parse.js'

/** The credential inputs, named alike in both action.yml files. */
export const CREDENTIAL_INPUTS = {
  awsRegion: 'aws-region',
  roleToAssume: 'role-to-assume',
  roleSessionName: 'role-session-name',
  audience: 'audience'
} as const

/**
 * Reads the credential inputs through `get` (the action's own input reader). The region falls
 * back to AWS_REGION / AWS_DEFAULT_REGION, as the AWS CLI and configure-aws-credentials set them.
 */
export function readCredentialSettings(
  get: (name: string) => string,
  env: NodeJS.ProcessEnv = process.env
): CredentialSettings {
  const region = get(CREDENTIAL_INPUTS.awsRegion) || env.AWS_REGION || env.AWS_DEFAULT_REGION || ''
  if (region === '') {
    throw new InputError(
      CREDENTIAL_INPUTS.awsRegion,
      'no region given. Set aws-region (for example us-east-1) or AWS_REGION.'
    )
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new InputError(
      CREDENTIAL_INPUTS.awsRegion,
      `"${region}" is not an AWS region such as us-east-1.`
    )
  }
  const roleToAssume = get(CREDENTIAL_INPUTS.roleToAssume)
  if (
    roleToAssume !== '' &&
    !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(roleToAssume)
  ) {
    throw new InputError(
      CREDENTIAL_INPUTS.roleToAssume,
      `"${roleToAssume}" is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME).`
    )
  }
  const roleSessionName = get(CREDENTIAL_INPUTS.roleSessionName) || 'GitHubActions'
  if (!/^[\w+=,.@-]{2,64}$/.test(roleSessionName)) {
    throw new InputError(
      CREDENTIAL_INPUTS.roleSessionName,
      'use 2 to 64 characters of letters, digits and +=,.@-_.'
    )
  }
  return {
    region,
    roleToAssume,
    roleSessionName,
    audience: get(CREDENTIAL_INPUTS.audience) || 'sts.amazonaws.com'
  }
}
