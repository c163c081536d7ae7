import { randomBytes, randomUUID } from 'node:crypto'
import type { CallerIdentity } from './access.js'
import { ACCOUNT, AwsError, upperAlnum } from './wire.js'

/*
 * AWS STS as the stand-in plays it: the query protocol (form-encoded POST, XML answers), with
 * AssumeRoleWithWebIdentity checking the GitHub OIDC token against the local issuer (signature,
 * expiry, audience, subject) as a role's trust policy would, and handing out fresh temporary
 * credentials that the ECS and ECR parts then accept; AssumeRole handing out the same to a signed
 * caller (the CLI's --role-arn); GetCallerIdentity tells who signed a request (access.ts knows
 * the keys).
 */

export interface OidcClaims {
  readonly iss: string
  readonly aud: string
  readonly sub: string
  readonly exp: number
  readonly [claim: string]: unknown
}

export interface IssuedCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken: string
  readonly roleArn: string
  readonly sessionName: string
  readonly subject: string
  /** The role's unique id (AROA...), as AssumedRoleUser.AssumedRoleId shows it. */
  readonly roleId: string
  /** Epoch ms after which requests signed with these credentials are refused. */
  readonly expiresAt: number
}

export interface StsOptions {
  /** Checks an OIDC token's signature; its claims, or undefined when it is not ours. */
  readonly verify: (token: string) => OidcClaims | undefined
  /** The audience the role trusts (the trust policy's token.actions.githubusercontent.com:aud). */
  readonly audience?: string
  /** The subjects the role trusts (StringLike on token.actions.githubusercontent.com:sub). */
  readonly subjectPattern?: RegExp
  /**
   * Shortens every session to this many seconds (default: DurationSeconds as asked). AWS
   * grants "from 900 seconds (15 minutes) up to the maximum session duration setting for the
   * role"; the stand-in compresses that hour into seconds so a test sees a session end.
   */
  readonly sessionSeconds?: number
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/'

/** One answer: the operation's result as an object (what the models check), and its XML document. */
export interface StsAnswer {
  readonly result: Record<string, unknown>
  readonly xml: string
}

export class StsModel {
  readonly issued: IssuedCredentials[] = []

  constructor(private readonly options: StsOptions) {}

  /**
   * Answers one query-protocol request body: the result and its XML document. `caller`: who
   * signed it (GetCallerIdentity), or why the signature is refused.
   */
  handle(params: URLSearchParams, caller: () => CallerIdentity = () => unsigned()): StsAnswer {
    const action = params.get('Action') ?? ''
    if (!['AssumeRoleWithWebIdentity', 'AssumeRole', 'GetCallerIdentity'].includes(action)) {
      throw new AwsError(
        'InvalidAction',
        `Could not find operation ${action} for version 2011-06-15`
      )
    }
    if (params.get('Version') !== '2011-06-15') {
      throw new AwsError('InvalidParameterValue', 'Version must be 2011-06-15')
    }
    if (action === 'AssumeRole') return this.assumeRole(params, caller())
    return action === 'GetCallerIdentity'
      ? getCallerIdentity(caller())
      : this.assumeRoleWithWebIdentity(params)
  }

  /**
   * AssumeRole: "Returns a set of temporary security credentials that you can use to access Amazon
   * Web Services resources" to a caller signed with credentials the role trusts ("To allow a user
   * to assume a role in the same account, you can ... attach a policy to the user that allows the
   * user to call AssumeRole (as long as the role's trust policy trusts the account)", STS API
   * Reference, AssumeRole). Here every role of the account trusts it; an unsigned or unknown
   * caller is refused before (access.ts caller()).
   */
  private assumeRole(params: URLSearchParams, caller: CallerIdentity): StsAnswer {
    const roleArn = params.get('RoleArn') ?? ''
    const sessionName = params.get('RoleSessionName') ?? ''
    const duration = Number(params.get('DurationSeconds') ?? '3600')
    const role = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn)
    if (role === null) throw new AwsError('ValidationError', `${roleArn} is invalid`)
    if (!(duration >= 900 && duration <= 43200))
      throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the limit.')
    const credentials = this.issue(roleArn, sessionName, caller.arn, duration)
    const result = {
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: new Date(credentials.expiresAt).toISOString().replace(/\.\d+Z$/, 'Z')
      },
      AssumedRoleUser: {
        AssumedRoleId: `${credentials.roleId}:${sessionName}`,
        Arn: `arn:aws:sts::${role[1] ?? ACCOUNT}:assumed-role/${role[2] ?? ''}/${sessionName}`
      }
    }
    return { result, xml: queryDocument('AssumeRole', result) }
  }

  /** New temporary credentials for a role session, accepted until they expire. */
  private issue(
    roleArn: string,
    sessionName: string,
    subject: string,
    duration: number
  ): IssuedCredentials {
    const credentials: IssuedCredentials = {
      accessKeyId: `ASIA${upperAlnum(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(180).toString('base64')}`,
      roleArn,
      sessionName,
      subject,
      roleId: `AROA${upperAlnum(17)}`,
      expiresAt: Date.now() + (this.options.sessionSeconds ?? duration) * 1000
    }
    this.issued.push(credentials)
    return credentials
  }

  private assumeRoleWithWebIdentity(params: URLSearchParams): StsAnswer {
    const roleArn = params.get('RoleArn') ?? ''
    const sessionName = params.get('RoleSessionName') ?? ''
    const token = params.get('WebIdentityToken') ?? ''
    const duration = Number(params.get('DurationSeconds') ?? '3600')
    const role = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn)
    if (role === null) {
      throw new AwsError('ValidationError', `${roleArn} is invalid`)
    }
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new AwsError(
        'ValidationError',
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint"
      )
    }
    if (!(duration >= 900 && duration <= 43200)) {
      throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the limit.')
    }
    const claims = this.options.verify(token)
    if (claims === undefined) {
      throw new AwsError('InvalidIdentityToken', 'Couldn\u2019t verify the token signature.')
    }
    if (claims.exp * 1000 < Date.now()) {
      throw new AwsError('ExpiredTokenException', 'Token expired')
    }
    if (claims.aud !== (this.options.audience ?? 'sts.amazonaws.com')) {
      throw new AwsError('InvalidIdentityToken', 'Incorrect token audience')
    }
    if (this.options.subjectPattern && !this.options.subjectPattern.test(claims.sub)) {
      throw new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity')
    }
    const credentials = this.issue(roleArn, sessionName, claims.sub, duration)
    const expiration = new Date(credentials.expiresAt).toISOString().replace(/\.\d+Z$/, 'Z')
    const roleName = role[2] ?? ''
    const result = {
      SubjectFromWebIdentityToken: claims.sub,
      Audience: claims.aud,
      AssumedRoleUser: {
        Arn: `arn:aws:sts::${role[1] ?? ACCOUNT}:assumed-role/${roleName}/${sessionName}`,
        AssumedRoleId: `${credentials.roleId}:${sessionName}`
      },
      Credentials: {
        SessionToken: credentials.sessionToken,
        SecretAccessKey: credentials.secretAccessKey,
        Expiration: expiration,
        AccessKeyId: credentials.accessKeyId
      },
      Provider: claims.iss
    }
    return { result, xml: queryDocument('AssumeRoleWithWebIdentity', result) }
  }
}

/** The query protocol's answer: <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>. */
function queryDocument(action: string, result: Record<string, unknown>): string {
  return [
    `<${action}Response xmlns="${XMLNS}">`,
    `  <${action}Result>`,
    ...elements(result, '    '),
    `  </${action}Result>`,
    '  <ResponseMetadata>',
    `    <RequestId>${requestId()}</RequestId>`,
    '  </ResponseMetadata>',
    `</${action}Response>`,
    ''
  ].join('\n')
}

/** One element per member, nested structures indented, text escaped. */
function elements(value: Record<string, unknown>, indent: string): string[] {
  return Object.entries(value).flatMap(([name, member]) =>
    typeof member === 'object' && member !== null
      ? [
          `${indent}<${name}>`,
          ...elements(member as Record<string, unknown>, `${indent}  `),
          `${indent}</${name}>`
        ]
      : [`${indent}<${name}>${xml(String(member))}</${name}>`]
  )
}

/**
 * A request signed with temporary credentials after their Expiration. AWS Common Errors:
 * "ExpiredTokenException: The security token included in the request is expired. HTTP Status
 * Code: 403". undefined while the session lasts.
 */
export function expiredSession(
  credentials: IssuedCredentials,
  now = Date.now()
): AwsError | undefined {
  if (now < credentials.expiresAt) return undefined
  return new AwsError(
    'ExpiredTokenException',
    'The security token included in the request is expired',
    403
  )
}

/**
 * GetCallerIdentity: "Returns details about the IAM user or role whose credentials are used to
 * call the operation." "No permissions are required to perform this operation." (STS API
 * Reference, GetCallerIdentity); the answer as its examples show it.
 */
function getCallerIdentity(caller: CallerIdentity): StsAnswer {
  const result = { Arn: caller.arn, UserId: caller.userId, Account: caller.account }
  return { result, xml: queryDocument('GetCallerIdentity', result) }
}

function unsigned(): CallerIdentity {
  throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
}

/** The query protocol's error document. */
export function queryError(error: AwsError): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender'
  return [
    `<ErrorResponse xmlns="${XMLNS}">`,
    '  <Error>',
    `    <Type>${type}</Type>`,
    `    <Code>${xml(error.type)}</Code>`,
    `    <Message>${xml(error.message)}</Message>`,
    '  </Error>',
    `  <RequestId>${requestId()}</RequestId>`,
    '</ErrorResponse>',
    ''
  ].join('\n')
}

export const requestId = (): string => randomUUID()

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}
