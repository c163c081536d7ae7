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
 * back to `env`'s AWS_REGION / AWS_DEFAULT_REGION, as the AWS CLI and configure-aws-credentials
 * set them.
 */
export function readCredentialSettings(
  get: (name: string) => string,
  env: NodeJS.ProcessEnv
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
  const roleSessionName = get(CREDENTIAL_INPUTS.roleSessionName) || runSessionName(env)
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

/** The most characters STS takes in a RoleSessionName. */
const SESSION_NAME_MAX = 64

/**
 * The session name when role-session-name is not given: the repository and the run, so that
 * CloudTrail says which run assumed the role ("For security purposes, administrators can view
 * this field in CloudTrail logs to help identify who performed an action in Amazon Web
 * Services", AssumeRoleWithWebIdentity RoleSessionName). OWNER.REPO@run-RUN_ID-ATTEMPT, within
 * STS's bounds: 2 to 64 characters of "upper- and lower-case alphanumeric characters with no
 * spaces. You can also include underscores or any of the following characters: =,.@-" (pattern
 * [\w+=,.@-]*); a long repository name is cut, the run never. Outside a workflow run:
 * GitHubActions.
 */
export function runSessionName(env: NodeJS.ProcessEnv): string {
  const repository = env.GITHUB_REPOSITORY ?? ''
  const run = (env.GITHUB_RUN_ID ?? '').replace(/[^\w]/g, '')
  if (repository === '' || run === '') return 'GitHubActions'
  const attempt = (env.GITHUB_RUN_ATTEMPT ?? '').replace(/[^\w]/g, '') || '1'
  const suffix = `@run-${run}-${attempt}`.slice(0, SESSION_NAME_MAX - 1)
  const name = repository.replace('/', '.').replace(/[^\w+=,.@-]/g, '-')
  return `${name.slice(0, SESSION_NAME_MAX - suffix.length)}${suffix}`
}
