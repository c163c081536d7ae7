// The AWS calls the code sends, read from src/ at test time: every `new XxxCommand(` of an AWS SDK
// client (plus paginators and waiters), mapped to its IAM action (the API name: ecs:DescribeServices).
import { listFiles, readText } from '../workflows/workflow-files.js'

/** SDK client package → IAM service prefix. The IAM action is the API name: ecs:DescribeServices. */
const IAM_PREFIX: Record<string, string> = {
  'client-ecs': 'ecs',
  'client-ecr': 'ecr',
  'client-cloudwatch-logs': 'logs',
  'client-codedeploy': 'codedeploy',
  'client-eventbridge': 'events',
  'client-scheduler': 'scheduler'
}

/** STS (AssumeRoleWithWebIdentity; the CLI's AssumeRole) is authorised by the role's trust policy (and the caller's own), not by this policy. */
const NOT_IN_PERMISSION_POLICY = new Set(['client-sts'])

/** Waiters send a describe call in a loop; name the call each one sends. */
export const WAITER_CALLS: Record<string, string> = {
  waitUntilServicesStable: 'DescribeServices',
  waitForServicesStable: 'DescribeServices',
  waitUntilServicesInactive: 'DescribeServices',
  waitForServicesInactive: 'DescribeServices',
  waitUntilTasksRunning: 'DescribeTasks',
  waitForTasksRunning: 'DescribeTasks',
  waitUntilTasksStopped: 'DescribeTasks',
  waitForTasksStopped: 'DescribeTasks',
  waitUntilImageScanComplete: 'DescribeImageScanFindings',
  waitForImageScanComplete: 'DescribeImageScanFindings',
  waitUntilLifecyclePolicyPreviewComplete: 'GetLifecyclePolicyPreview',
  waitForLifecyclePolicyPreviewComplete: 'GetLifecyclePolicyPreview'
}

/**
 * Sent by `docker push` / `docker pull` to the ECR registry (and by the buildx registry cache), not
 * by our SDK code; needed as soon as the code logs docker in to ECR (GetAuthorizationToken).
 */
export const DOCKER_REGISTRY_ACTIONS = [
  'ecr:BatchCheckLayerAvailability', // push: which layers the registry already has
  'ecr:InitiateLayerUpload', // push: start a layer upload
  'ecr:UploadLayerPart', // push: the layer's bytes
  'ecr:CompleteLayerUpload', // push: finish the layer
  'ecr:PutImage', // push: the manifest (the tag / digest)
  'ecr:BatchGetImage', // pull: the manifest (inline cache from the last image, registry cache)
  'ecr:GetDownloadUrlForLayer' // pull: the layers
]

/**
 * IAM actions AWS checks in addition to the called one, as the reference's "API operations" table
 * lists them: RegisterTaskDefinition and RunTask with `tags` are also authorised as ecs:TagResource,
 * and pass the task definition's roles (iam:PassRole, iam:PassedToService ecs-tasks.amazonaws.com);
 * PutTargets and UpdateSchedule pass their target's role (to events / scheduler.amazonaws.com).
 * Create/UpdateExpressGatewayService list ecs:RegisterTaskDefinition and iam:PassRole as dependent
 * actions (Express Mode registers the task definition and passes the roles); Create also
 * ecs:CreateCluster (only when the default cluster is missing) and ecs:TagResource (only with
 * tags): the step names its cluster and sends no tags, so those two are not granted.
 */
export const ALSO_AUTHORISED: Record<string, string[]> = {
  'ecs:RegisterTaskDefinition': ['ecs:TagResource', 'iam:PassRole'],
  'ecs:RunTask': ['ecs:TagResource', 'iam:PassRole'],
  // The reference's "API operations defined by AWS CodeDeploy" lists CreateDeployment with
  // codedeploy:CreateDeployment, GetApplicationRevision, GetDeploymentConfig,
  // RegisterApplicationRevision and UpdateDeploymentGroup. The first four are granted (the
  // aws-actions deploy action's README grants GetDeploymentConfig and RegisterApplicationRevision
  // beside CreateDeployment for the same AppSpecContent revisions). UpdateDeploymentGroup, a write
  // to the group, is not: the step changes no deployment group, and a refusal would name it.
  'codedeploy:CreateDeployment': [
    'codedeploy:GetApplicationRevision',
    'codedeploy:GetDeploymentConfig',
    'codedeploy:RegisterApplicationRevision'
  ],
  // "PutTargets | events:PutTargets ... | iam:PassRole | iam:PassedToService | events.amazonaws.com"
  'events:PutTargets': ['iam:PassRole'],
  // "UpdateSchedule | scheduler:UpdateSchedule ... | iam:PassRole | iam:PassedToService | scheduler.amazonaws.com"
  'scheduler:UpdateSchedule': ['iam:PassRole'],
  'ecs:CreateExpressGatewayService': ['ecs:RegisterTaskDefinition', 'iam:PassRole'],
  'ecs:UpdateExpressGatewayService': ['ecs:RegisterTaskDefinition', 'iam:PassRole']
}

export interface SentCommand {
  readonly action: string
  readonly file: string
}

const IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]@aws-sdk\/(client-[\w-]+)['"]/g
const NAMESPACE_IMPORT = /import\s+\*\s+as\s+(\w+)\s+from\s*['"]@aws-sdk\/(client-[\w-]+)['"]/g

/** The AWS calls one source file sends, from its imports of @aws-sdk/client-* and how it uses them. */
export function commandsSent(file: string, source: string): SentCommand[] {
  const sent: SentCommand[] = []
  const record = (pkg: string, api: string): void => {
    if (NOT_IN_PERMISSION_POLICY.has(pkg)) return
    const prefix = IAM_PREFIX[pkg]
    if (prefix === undefined) {
      throw new Error(
        `${file} calls @aws-sdk/${pkg} (${api}): add its IAM prefix to IAM_PREFIX in this test and the calls to docs/iam/ (and its table in test/unit/iam/service-authorization.ts).`
      )
    }
    sent.push({ action: `${prefix}:${api}`, file })
  }
  const uses = (name: string, pattern: (escaped: string) => string): boolean =>
    new RegExp(pattern(name.replace(/\$/g, '\\$'))).test(source)

  for (const match of source.matchAll(IMPORT)) {
    if (match[1] !== undefined) continue // import type { ... }: no runtime use
    const pkg = match[3] ?? ''
    for (const raw of (match[2] ?? '').split(',')) {
      const item = raw.trim()
      if (item === '' || item.startsWith('type ')) continue
      const [imported = '', local = imported] = item.split(/\s+as\s+/).map(s => s.trim())
      let m: RegExpMatchArray | null
      if ((m = /^(\w+)Command$/.exec(imported))) {
        if (uses(local, n => `\\bnew\\s+${n}\\s*\\(`)) record(pkg, m[1] ?? '')
      } else if ((m = /^paginate(\w+)$/.exec(imported))) {
        if (uses(local, n => `\\b${n}\\s*\\(`)) record(pkg, m[1] ?? '')
      } else if (/^wait(Until|For)\w+$/.test(imported)) {
        if (!uses(local, n => `\\b${n}\\s*\\(`)) continue
        const api = WAITER_CALLS[imported]
        if (api === undefined)
          throw new Error(`${file}: add ${imported} to WAITER_CALLS in this test.`)
        record(pkg, api)
      } else if (/^[A-Z][A-Z0-9]*$/.test(imported) && uses(local, n => `\\bnew\\s+${n}\\s*\\(`)) {
        throw new Error(
          `${file} uses the aggregated client ${imported} from @aws-sdk/${pkg}; send XxxCommand objects instead so the IAM scan sees each call.`
        )
      }
    }
  }
  for (const match of source.matchAll(NAMESPACE_IMPORT)) {
    const [, namespace = '', pkg = ''] = match
    for (const call of source.matchAll(
      new RegExp(`\\bnew\\s+${namespace}\\.(\\w+)Command\\s*\\(`, 'g')
    )) {
      record(pkg, call[1] ?? '')
    }
  }
  return sent
}

export function scanSources(): SentCommand[] {
  return listFiles('src', /\.ts$/).flatMap(file => commandsSent(file, readText(file)))
}

/**
 * Calls the open issues add, granted ahead of the code so that docs/iam is complete when they land
 * (issue 9: blue/green, linear and canary rolled back or continued through ECS; issue 10: the
 * one-off task and its logs, the awslogs group ensured). Once src/ sends one, it is simply sent.
 */
export const ANNOUNCED: Readonly<Record<string, string>> = {
  'ecs:StopServiceDeployment': 'issue 9',
  'ecs:ContinueServiceDeployment': 'issue 9',
  'ecs:RunTask': 'issue 10',
  'ecs:StopTask': 'issue 10',
  'logs:GetLogEvents': 'issue 10',
  'logs:DescribeLogGroups': 'issue 10',
  'logs:CreateLogGroup': 'issue 10',
  'logs:PutRetentionPolicy': 'issue 10'
}

/** Everything the policies must grant: the code's calls, what they imply, docker's, the announced. */
export function expectedActions(sent: readonly SentCommand[]): Set<string> {
  const expected = new Set([...sent.map(c => c.action), ...Object.keys(ANNOUNCED)])
  for (const action of [...expected])
    for (const more of ALSO_AUTHORISED[action] ?? []) expected.add(more)
  if (expected.has('ecr:GetAuthorizationToken'))
    for (const a of DOCKER_REGISTRY_ACTIONS) expected.add(a)
  return expected
}
