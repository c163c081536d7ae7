// What AWS's Service Authorization Reference says about each IAM action the suite needs: the
// resource types the action takes (those marked * are required) and each type's ARN format.
// The rule the tests enforce is the reference's own: "If the action has one or more required
// resources, the caller must have permission to use the action with those resources. [...] If you
// limit resource access with the Resource element in an IAM policy, you must include an ARN or
// pattern for each required resource type." An action with no resource types takes only "*".
//
// Copied by hand from the pages below; update a row when the reference changes, never to make a
// policy pass.
// Over 250 lines: one row per IAM action the suite needs, copied whole from the reference.

/** The reference page each service prefix's rows come from. */
export const REFERENCE_PAGES = {
  ecs: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html',
  ecr: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html',
  logs: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html',
  iam: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html',
  codedeploy:
    'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodedeploy.html',
  events:
    'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html',
  scheduler:
    'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridgescheduler.html'
} as const

export type ServicePrefix = keyof typeof REFERENCE_PAGES

/** "Resource types defined by …": resource type → ARN format, keyed `prefix:type`. */
export const RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'ecs:capacity-provider':
    'arn:${Partition}:ecs:${Region}:${Account}:capacity-provider/${CapacityProviderName}',
  'ecs:cluster': 'arn:${Partition}:ecs:${Region}:${Account}:cluster/${ClusterName}',
  'ecs:container-instance':
    'arn:${Partition}:ecs:${Region}:${Account}:container-instance/${ClusterName}/${ContainerInstanceId}',
  'ecs:daemon': 'arn:${Partition}:ecs:${Region}:${Account}:daemon/${ClusterName}/${DaemonName}',
  'ecs:daemon-task-definition':
    'arn:${Partition}:ecs:${Region}:${Account}:daemon-task-definition/${DaemonTaskDefinitionFamilyName}:${DaemonTaskDefinitionRevisionNumber}',
  'ecs:service': 'arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/${ServiceName}',
  'ecs:service-deployment':
    'arn:${Partition}:ecs:${Region}:${Account}:service-deployment/${ClusterName}/${ServiceName}/${ServiceDeploymentId}',
  'ecs:service-revision':
    'arn:${Partition}:ecs:${Region}:${Account}:service-revision/${ClusterName}/${ServiceName}/${ServiceRevisionId}',
  'ecs:task': 'arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}',
  'ecs:task-definition':
    'arn:${Partition}:ecs:${Region}:${Account}:task-definition/${TaskDefinitionFamilyName}:${TaskDefinitionRevisionNumber}',
  'ecs:task-set':
    'arn:${Partition}:ecs:${Region}:${Account}:task-set/${ClusterName}/${ServiceName}/${TaskSetId}',
  'ecr:repository': 'arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}',
  'logs:log-group': 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}',
  'logs:log-stream':
    'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}',
  'iam:role': 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}',
  'codedeploy:application':
    'arn:${Partition}:codedeploy:${Region}:${Account}:application:${ApplicationName}',
  'codedeploy:deploymentconfig':
    'arn:${Partition}:codedeploy:${Region}:${Account}:deploymentconfig:${DeploymentConfigurationName}',
  'codedeploy:deploymentgroup':
    'arn:${Partition}:codedeploy:${Region}:${Account}:deploymentgroup:${ApplicationName}/${DeploymentGroupName}',
  'events:rule-on-default-event-bus':
    'arn:${Partition}:events:${Region}:${Account}:rule/${RuleName}',
  'events:rule-on-custom-event-bus':
    'arn:${Partition}:events:${Region}:${Account}:rule/${EventBusName}/${RuleName}',
  'scheduler:schedule':
    'arn:${Partition}:scheduler:${Region}:${Account}:schedule/${GroupName}/${ScheduleName}'
}

export interface ActionRow {
  /** Resource types marked * in the reference: a limited Resource must name an ARN of each. */
  readonly required: readonly string[]
  /** Resource types without *: the statement may name one of them instead of "*". */
  readonly optional?: readonly string[]
  /** What the action is for in this suite (who calls it, and why). */
  readonly why: string
}

/**
 * Every action the suite's policies grant, as the reference's "Actions defined by …" table lists it.
 * Resource types are keyed `prefix:type` (RESOURCE_TYPES).
 */
export const ACTIONS: Readonly<Record<string, ActionRow>> = {
  // ---- Amazon Elastic Container Service (REFERENCE_PAGES.ecs) ----
  'ecs:DescribeServices': {
    required: ['ecs:service'],
    why: "read the service and watch it; every cluster's services, 10 a call (keep-revisions)"
  },
  // The reference: "ListClusters | Grants permission to get a list of existing clusters | List |"
  // and "ListServices | Grants permission to get a list of services that are running in a
  // specified cluster | List | | ecs:cluster": no resource type, so "*" only.
  'ecs:ListClusters': {
    required: [],
    why: 'keep-revisions: every cluster of the account, to find what uses a revision'
  },
  'ecs:ListServices': {
    required: [],
    why: 'keep-revisions: the services of each cluster, to find what uses a revision'
  },
  'ecs:UpdateService': { required: ['ecs:service'], why: 'roll the new revision out' },
  'ecs:DescribeTaskDefinition': {
    required: [],
    why: 'read the base revision and rollback candidates'
  },
  'ecs:RegisterTaskDefinition': {
    required: ['ecs:task-definition'],
    why: 'register the rendered revision'
  },
  'ecs:ListTaskDefinitions': {
    required: [],
    why: 'find the rollback candidates of a family; the revisions keep-revisions looks at'
  },
  // The reference: "DeregisterTaskDefinition | Grants permission to deregister the specified task
  // definition by family and revision | Write |" with no resource type, so "*" only (unlike
  // DeleteTaskDefinitions, which takes task-definition*).
  'ecs:DeregisterTaskDefinition': {
    required: [],
    why: 'keep-revisions: deregister the old revisions nothing uses'
  },
  'ecs:TagResource': {
    required: [],
    optional: [
      'ecs:capacity-provider',
      'ecs:cluster',
      'ecs:container-instance',
      'ecs:daemon',
      'ecs:daemon-task-definition',
      'ecs:service',
      'ecs:task',
      'ecs:task-definition',
      'ecs:task-set'
    ],
    why: 'tag revisions (and one-off tasks) with commit, run and outcome'
  },
  'ecs:ListTagsForResource': {
    required: [],
    optional: [
      'ecs:capacity-provider',
      'ecs:cluster',
      'ecs:container-instance',
      'ecs:service',
      'ecs:task',
      'ecs:task-definition',
      'ecs:task-set'
    ],
    why: 'read the outcome tags to pick `previous`'
  },
  'ecs:ListTasks': {
    required: ['ecs:container-instance'],
    why: 'count our stopped tasks on each poll (max-failed-tasks, no circuit breaker); explain a failure; the running tasks of the family in every cluster (keep-revisions)'
  },
  'ecs:DescribeTasks': {
    required: ['ecs:task'],
    why: "stop reasons, exit codes, health; the revision of the family's tasks in every cluster (keep-revisions)"
  },
  'ecs:ListServiceDeployments': {
    required: ['ecs:service'],
    why: 'find the service deployment UpdateService started'
  },
  'ecs:DescribeServiceDeployments': {
    required: ['ecs:service', 'ecs:service-deployment'],
    why: 'watch our service deployment: lifecycle stage, rollback, alarms'
  },
  // The reference: "DescribeServiceRevisions | Grants permission to describe one or more of your
  // service revisions | Read | service*, service-revision*". Like DescribeServiceDeployments, a
  // statement naming only the service-revision ARN is refused for want of the service ARN.
  'ecs:DescribeServiceRevisions': {
    required: ['ecs:service', 'ecs:service-revision'],
    why: 'which task definition a service deployment targets: find ours; the last SUCCESSFUL one'
  },
  'ecs:StopServiceDeployment': {
    required: ['ecs:service', 'ecs:service-deployment'],
    why: 'roll a blue/green, linear or canary deployment back through ECS'
  },
  'ecs:ContinueServiceDeployment': {
    required: ['ecs:service', 'ecs:service-deployment'],
    why: 'continue or roll back a deployment paused at a hook'
  },
  // Amazon ECS Express Mode. The reference: "CreateExpressGatewayService | Grants permission to
  // create a new Amazon ECS Express Gateway service with cluster and task definition | Write |
  // service* | … | ecs:CreateCluster, ecs:RegisterTaskDefinition, ecs:TagResource, iam:PassRole";
  // "UpdateExpressGatewayService | Grants permission to modify the parameters of an Express
  // Gateway service | Write | service* | … | ecs:RegisterTaskDefinition, iam:PassRole";
  // "DescribeExpressGatewayService | Grants permission to describe the specified Express Gateway
  // service | Read | service*".
  'ecs:CreateExpressGatewayService': {
    required: ['ecs:service'],
    why: 'create an Express service (express-infrastructure-role-arn given, the service missing)'
  },
  'ecs:UpdateExpressGatewayService': {
    required: ['ecs:service'],
    why: "roll an Express service's new configuration out; put the previous one back (mode rollback)"
  },
  'ecs:DescribeExpressGatewayService': {
    required: ['ecs:service'],
    why: 'read an Express service (a service ECS reports resourceManagementType ECS)'
  },
  'ecs:RunTask': {
    required: ['ecs:task-definition'],
    why: 'the one-off task (migrations) before the rollout'
  },
  'ecs:StopTask': {
    required: ['ecs:task'],
    why: 'stop a one-off task that timed out or was cancelled'
  },
  // ---- AWS Identity and Access Management (REFERENCE_PAGES.iam), a permission-only action ----
  'iam:PassRole': {
    required: ['iam:role'],
    why: 'RegisterTaskDefinition and RunTask pass the task and execution roles to ECS tasks; PutTargets and UpdateSchedule pass the scheduled tasks’ roles to EventBridge and Scheduler; CreateExpressGatewayService passes the Express infrastructure role to ECS'
  },
  // ---- Amazon EventBridge (REFERENCE_PAGES.events): the rule types are listed without *, so a
  // statement may name either ("rule-on-default-event-bus", "rule-on-custom-event-bus"). The
  // reference's API operations table: PutTargets also authorises iam:PassRole (iam:PassedToService
  // events.amazonaws.com). ----
  'events:ListRules': {
    required: [],
    why: 'scheduled-tasks auto, and keep-revisions whatever scheduled-tasks says: the rules of each event bus'
  },
  'events:DescribeRule': {
    required: [],
    optional: ['events:rule-on-custom-event-bus', 'events:rule-on-default-event-bus'],
    why: 'a rule named in scheduled-tasks: does it exist, is it managed by a service'
  },
  'events:ListTargetsByRule': {
    required: [],
    optional: ['events:rule-on-custom-event-bus', 'events:rule-on-default-event-bus'],
    why: 'which targets of a rule run the family (on the cluster; on any, for keep-revisions); read back after PutTargets'
  },
  'events:PutTargets': {
    required: [],
    optional: ['events:rule-on-custom-event-bus', 'events:rule-on-default-event-bus'],
    why: 'move a rule target to the new revision, and put it back after a rollback'
  },
  // ---- Amazon EventBridge Scheduler (REFERENCE_PAGES.scheduler): "GetSchedule | ... | Read |
  // schedule*", "UpdateSchedule | ... | Write | schedule*"; UpdateSchedule also authorises
  // iam:PassRole (iam:PassedToService scheduler.amazonaws.com). ----
  'scheduler:ListSchedules': {
    required: [],
    why: 'scheduled-tasks auto, and keep-revisions whatever scheduled-tasks says: the schedules of every group'
  },
  'scheduler:GetSchedule': {
    required: ['scheduler:schedule'],
    why: 'read a schedule whole before UpdateSchedule replaces it; which revision it runs (keep-revisions)'
  },
  'scheduler:UpdateSchedule': {
    required: ['scheduler:schedule'],
    why: 'move a schedule to the new revision, and put it back after a rollback'
  },
  // ---- Amazon Elastic Container Registry (REFERENCE_PAGES.ecr) ----
  'ecr:GetAuthorizationToken': { required: [], why: 'docker login to the registry' },
  'ecr:DescribeRepositories': { required: ['ecr:repository'], why: 'find the repository' },
  'ecr:CreateRepository': { required: ['ecr:repository'], why: 'create it when missing' },
  'ecr:PutLifecyclePolicy': { required: ['ecr:repository'], why: 'keep the newest N images' },
  'ecr:DescribeImages': {
    required: ['ecr:repository'],
    why: "skip a build when this commit's image exists"
  },
  'ecr:BatchGetImage': { required: ['ecr:repository'], why: 'docker pull: manifests (cache)' },
  'ecr:GetDownloadUrlForLayer': {
    required: ['ecr:repository'],
    why: 'docker pull: layers (cache)'
  },
  'ecr:BatchCheckLayerAvailability': {
    required: ['ecr:repository'],
    why: 'docker push: which layers exist'
  },
  'ecr:InitiateLayerUpload': { required: ['ecr:repository'], why: 'docker push: start a layer' },
  'ecr:UploadLayerPart': { required: ['ecr:repository'], why: "docker push: a layer's bytes" },
  'ecr:CompleteLayerUpload': { required: ['ecr:repository'], why: 'docker push: finish a layer' },
  'ecr:PutImage': { required: ['ecr:repository'], why: 'docker push: the manifest' },
  // ---- Amazon CloudWatch Logs (REFERENCE_PAGES.logs) ----
  'logs:GetLogEvents': {
    required: ['logs:log-stream'],
    why: "a stopped container's last log lines; the one-off task's log"
  },
  'logs:DescribeLogGroups': { required: [], why: 'does the awslogs group exist?' },
  'logs:CreateLogGroup': { required: ['logs:log-group'], why: 'create the awslogs group' },
  'logs:PutRetentionPolicy': {
    required: ['logs:log-group'],
    why: 'its retention (`log-retention-days`)'
  },
  // ---- AWS CodeDeploy (REFERENCE_PAGES.codedeploy), services on the CODE_DEPLOY controller ----
  'codedeploy:ListApplications': {
    required: [],
    why: 'find the deployment group of <cluster>:<service> when none is named'
  },
  'codedeploy:ListDeploymentGroups': {
    required: ['codedeploy:application'],
    why: "an application's deployment groups, to find the one holding the service"
  },
  'codedeploy:BatchGetDeploymentGroups': {
    required: ['codedeploy:deploymentgroup'],
    why: 'read those groups: ecsServices, auto-rollback, the Ready option'
  },
  'codedeploy:GetDeploymentGroup': {
    required: ['codedeploy:deploymentgroup'],
    why: 'read the named deployment group; find the deployment under way (continue, rollback)'
  },
  'codedeploy:CreateDeployment': {
    required: ['codedeploy:deploymentgroup'],
    why: 'start the deployment of the AppSpec (or of the previous revision, to roll back)'
  },
  'codedeploy:GetDeployment': {
    required: ['codedeploy:deploymentgroup'],
    why: 'watch the deployment and its rollback deployment on each poll'
  },
  'codedeploy:GetDeploymentTarget': {
    required: [],
    why: 'the lifecycle events, hook diagnostics and task sets of <cluster>:<service>, each poll'
  },
  'codedeploy:StopDeployment': {
    required: [],
    why: 'stop a deployment with autoRollbackEnabled (timeout, failure, mode rollback)'
  },
  'codedeploy:ContinueDeployment': {
    required: [],
    why: 'mode continue: READY_WAIT on a deployment waiting at Ready'
  },
  // The reference's "API operations" table lists these as authorised by CreateDeployment too.
  'codedeploy:GetApplicationRevision': {
    required: ['codedeploy:application'],
    why: 'authorised with CreateDeployment'
  },
  'codedeploy:GetDeploymentConfig': {
    required: ['codedeploy:deploymentconfig'],
    why: 'authorised with CreateDeployment (the configuration it deploys with)'
  },
  'codedeploy:RegisterApplicationRevision': {
    required: ['codedeploy:application'],
    why: 'authorised with CreateDeployment (the AppSpecContent revision is registered with the application)'
  }
}

/**
 * Actions kept on "*" although the reference lists a required type, each with the AWS
 * documentation that shows it so. Nothing else may use "*" unless the reference lists no type.
 */
export const STAR_BY_DOCUMENTATION: Readonly<Record<string, { readonly why: string }>> = {
  'ecs:ListTasks': {
    why:
      'Its required type is container-instance, and Fargate tasks run on none. The Amazon ECS ' +
      'Developer Guide ("Identity-based policy examples", "List and describe task examples") lists ' +
      'tasks of one cluster with "Resource": ["*"] and an ArnEquals ecs:cluster condition; ' +
      'keep-revisions lists them in every cluster of the account, so the condition names them all.'
  }
}

/** The prefix of an IAM action or resource type: `ecs:RunTask` → `ecs`. */
export const prefixOf = (key: string): string => key.slice(0, key.indexOf(':'))

type Token = { readonly kind: 'char'; readonly char: string } | { readonly kind: 'one' | 'star' }

/** A policy Resource's wildcards: `*` any run of characters, `?` one character. */
const globTokens = (glob: string): Token[] =>
  glob
    .split('')
    .map(c =>
      c === '*' ? { kind: 'star' } : c === '?' ? { kind: 'one' } : { kind: 'char', char: c }
    )

/** An ARN format's names (`${ServiceName}`): one character or more. */
const formatTokens = (format: string): Token[] =>
  format
    .split(/(\$\{\w+\})/)
    .flatMap((part): Token[] =>
      /^\$\{\w+\}$/.test(part)
        ? [{ kind: 'one' }, { kind: 'star' }]
        : part.split('').map(char => ({ kind: 'char', char }))
    )

/** Whether some string matches both token lists (the two patterns intersect). */
function intersect(a: readonly Token[], b: readonly Token[]): boolean {
  const seen = new Set<string>()
  const stack: Array<[number, number]> = [[0, 0]]
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number]
    const key = `${i},${j}`
    if (seen.has(key)) continue
    seen.add(key)
    if (i === a.length && j === b.length) return true
    const x = a[i]
    const y = b[j]
    if (x?.kind === 'star') stack.push([i + 1, j]) // the star matches nothing more
    if (y?.kind === 'star') stack.push([i, j + 1])
    if (x === undefined || y === undefined) continue
    if (x.kind === 'star' && y.kind !== 'star') stack.push([i, j + 1]) // the star eats y's character
    if (y.kind === 'star' && x.kind !== 'star') stack.push([i + 1, j])
    if (x.kind !== 'star' && y.kind !== 'star') {
      if (x.kind === 'char' && y.kind === 'char' && x.char !== y.char) continue
      stack.push([i + 1, j + 1])
    }
  }
  return false
}

/**
 * Whether a policy's Resource names ARNs of this type (its format from RESOURCE_TYPES): partition
 * `aws`, the type's service, a concrete Region and account (a resource says where it is: no
 * wildcard there), and a resource part that can match the format's (wildcards allowed).
 */
export function namesType(resource: string, format: string): boolean {
  const fields = resource.split(':')
  const formatFields = format.split(':')
  const [arn, partition, service, region = '', account = ''] = fields
  if (arn !== 'arn' || partition !== 'aws' || service !== formatFields[2]) return false
  const regional = formatFields[3] === '${Region}'
  if (regional ? !/^[a-z]{2}(?:-[a-z]+)+-\d$/.test(region) : region !== '') return false
  if (!/^\d{12}$/.test(account)) return false
  return intersect(
    globTokens(fields.slice(5).join(':')),
    formatTokens(formatFields.slice(5).join(':'))
  )
}

/** Fill a resource type's ARN format with values: the ARN of one real resource. */
export function arnOf(format: string, values: Readonly<Record<string, string>>): string {
  return format.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`No value for \${${name}} in ${format}`)
    return value
  })
}
