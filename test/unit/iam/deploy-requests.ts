// The authorisation requests one MegiLance deploy makes, read from the MegiLance starter workflow
// (region, cluster, ECR repositories and the containers they are for), its release file (services,
// task definitions) and the example task definitions (families, roles, awslogs groups): which IAM
// action, on which resource ARN, with which request keys. The resource
// ARNs follow the reference's formats (RESOURCE_TYPES); an action the reference gives no resource
// type is authorised on "*".
import { listFiles, megilanceRelease, readText, type Yaml } from '../workflows/workflow-files.js'
import type { Request } from './policy.js'
import { RESOURCE_TYPES, arnOf } from './service-authorization.js'

export type Job = 'build' | 'deploy'

export interface DeployRequest extends Request {
  /** The job of deploy.yml that sends it: the build job's role needs it, or the deploy job's. */
  readonly job: Job
}

interface Deploy {
  readonly region: string
  readonly account: string
  readonly cluster: string
  readonly service: string
  readonly repository: string
  readonly family: string
  readonly roles: string[]
  readonly logGroup: string
  readonly streamPrefix: string
  readonly container: string
  /** The roles its scheduled tasks run with (scheduled-tasks): the rule targets', the schedules'. */
  readonly scheduledRoles: { readonly events: string; readonly scheduler: string }
}

/** The roles MegiLance's scheduled tasks run with, as docs/iam's policies name them. */
export const SCHEDULED_TASK_ROLES = {
  events: 'arn:aws:iam::123456789012:role/megilance-events-run-task',
  scheduler: 'arn:aws:iam::123456789012:role/megilance-scheduler-run-task'
} as const

const str = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new Error(`${what} is not a string`)
  return value
}

/**
 * The MegiLance deploys: one per service of the release workflows-templates/megilance.yml makes,
 * with the image its builds make for the service's container, and its task definition.
 */
export function megilanceDeploys(): Deploy[] {
  const { with: w, builds, services } = megilanceRelease()
  const taskDefinitions = listFiles('examples', /-task-definition\.json$/).map(
    f => JSON.parse(readText(f)) as Yaml
  )
  return services.map(entry => {
    const container = str(entry['container-name'], 'container-name')
    const build = builds.find(b => [b.container].flat().includes(`${entry.service}/${container}`))
    if (!build) throw new Error(`No build of megilance.yml makes ${entry.service}/${container}`)
    const td = taskDefinitions.find(t =>
      (t.containerDefinitions as Yaml[]).some(c => c.name === container)
    )
    if (!td) throw new Error(`No example task definition has a container ${container}`)
    const def = (td.containerDefinitions as Yaml[]).find(c => c.name === container) as Yaml
    const options = (def.logConfiguration as Yaml).options as Yaml
    const roleArn = str(w['deploy-role-to-assume'], 'deploy-role-to-assume')
    return {
      region: str(w['aws-region'], 'aws-region'),
      account: roleArn.split(':')[4] ?? '',
      cluster: str(w.cluster, 'cluster'),
      service: entry.service,
      repository: build.repository,
      family: str(td.family, 'family'),
      roles: [td.executionRoleArn, td.taskRoleArn].filter(
        (r): r is string => typeof r === 'string'
      ),
      logGroup: str(options['awslogs-group'], 'awslogs-group'),
      streamPrefix: str(options['awslogs-stream-prefix'], 'awslogs-stream-prefix'),
      container,
      scheduledRoles: SCHEDULED_TASK_ROLES
    }
  })
}

/** The requests of one deploy, optionally moved to another Region (to see the pins hold). */
export function requestsOf(deploy: Deploy, region = deploy.region): DeployRequest[] {
  const values: Record<string, string> = {
    Partition: 'aws',
    Region: region,
    Account: deploy.account,
    ClusterName: deploy.cluster,
    ServiceName: deploy.service,
    ServiceDeploymentId: 'Wl3ZfG1mNr5bT2kQ8xYcA',
    ServiceRevisionId: '4980306466373577095',
    TaskId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    TaskDefinitionFamilyName: deploy.family,
    TaskDefinitionRevisionNumber: '42',
    RepositoryName: deploy.repository,
    LogGroupName: deploy.logGroup,
    LogStreamName: `${deploy.streamPrefix}/${deploy.container}/0f1e2d3c4b5a69788796a5b4c3d2e1f0`,
    RuleName: `${deploy.family}-nightly`,
    EventBusName: 'ops',
    GroupName: 'jobs',
    ScheduleName: `${deploy.family}-weekly`
  }
  const arn = (type: string): string => arnOf(RESOURCE_TYPES[type] ?? '', values)
  const cluster = arn('ecs:cluster')
  const base = { 'aws:RequestedRegion': region }
  const inCluster = { ...base, 'ecs:cluster': cluster }
  const r = (
    job: Job,
    action: string,
    resource: string,
    context: Record<string, string> = base
  ): DeployRequest => ({ job, action, resource, context })
  const passRoles = deploy.roles.map(role =>
    r('deploy', 'iam:PassRole', role, { ...base, 'iam:PassedToService': 'ecs-tasks.amazonaws.com' })
  )
  const repository = arn('ecr:repository')
  return [
    // action-build-push: the SDK calls, then docker push / pull of the image and its cache.
    r('build', 'ecr:GetAuthorizationToken', '*'),
    ...[
      'ecr:DescribeRepositories',
      'ecr:CreateRepository',
      'ecr:PutLifecyclePolicy',
      'ecr:DescribeImages',
      'ecr:BatchCheckLayerAvailability',
      'ecr:InitiateLayerUpload',
      'ecr:UploadLayerPart',
      'ecr:CompleteLayerUpload',
      'ecr:PutImage',
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer'
    ].map(action => r('build', action, repository)),
    // action-ecs-deploy: read, register (tags on create, roles passed), roll, watch, explain.
    r('deploy', 'ecs:DescribeServices', arn('ecs:service'), inCluster),
    r('deploy', 'ecs:DescribeTaskDefinition', '*'),
    r('deploy', 'ecs:ListTaskDefinitions', '*'),
    // keep-revisions: old revisions deregistered once the deploy has succeeded, after reading
    // what uses them in every cluster (keepRevisionsRequests).
    r('deploy', 'ecs:DeregisterTaskDefinition', '*'),
    ...keepRevisionsRequests(values, r),
    r('deploy', 'ecs:RegisterTaskDefinition', arn('ecs:task-definition')),
    r('deploy', 'ecs:TagResource', arn('ecs:task-definition'), {
      ...base,
      'ecs:CreateAction': 'RegisterTaskDefinition'
    }),
    ...passRoles,
    r('deploy', 'ecs:ListTagsForResource', arn('ecs:task-definition')),
    r('deploy', 'ecs:TagResource', arn('ecs:task-definition')),
    r('deploy', 'ecs:UpdateService', arn('ecs:service'), inCluster),
    r('deploy', 'ecs:ListServiceDeployments', arn('ecs:service'), inCluster),
    // DescribeServiceDeployments, StopServiceDeployment and ContinueServiceDeployment are
    // authorised on both of their required resources: the service and its service deployment.
    ...[
      'ecs:DescribeServiceDeployments',
      'ecs:StopServiceDeployment',
      'ecs:ContinueServiceDeployment'
    ].flatMap(action => [
      r('deploy', action, arn('ecs:service'), inCluster),
      r('deploy', action, arn('ecs:service-deployment'), inCluster)
    ]),
    // DescribeServiceRevisions (which task definition a service deployment targets: ours while
    // watching, the last SUCCESSFUL one for a rollback target) likewise needs the service and the
    // service revision.
    r('deploy', 'ecs:DescribeServiceRevisions', arn('ecs:service'), inCluster),
    r('deploy', 'ecs:DescribeServiceRevisions', arn('ecs:service-revision'), inCluster),
    // ListTasks: on each poll of a rolling deploy whose failed tasks the step counts itself
    // (max-failed-tasks, no circuit breaker), and to explain a failure.
    r('deploy', 'ecs:ListTasks', '*', inCluster),
    r('deploy', 'ecs:DescribeTasks', arn('ecs:task'), inCluster),
    // The one-off task (migrations): run with tags on create, its roles passed, stopped on cancel.
    r('deploy', 'ecs:RunTask', arn('ecs:task-definition'), inCluster),
    r('deploy', 'ecs:TagResource', arn('ecs:task'), {
      ...inCluster,
      'ecs:CreateAction': 'RunTask'
    }),
    r('deploy', 'ecs:StopTask', arn('ecs:task'), inCluster),
    // CloudWatch Logs: the awslogs group ensured before registering, log lines read on failure.
    r('deploy', 'logs:DescribeLogGroups', '*'),
    r('deploy', 'logs:CreateLogGroup', arn('logs:log-group')),
    r('deploy', 'logs:PutRetentionPolicy', arn('logs:log-group')),
    r('deploy', 'logs:GetLogEvents', arn('logs:log-stream')),
    ...scheduledTaskRequests(deploy, arn, r)
  ]
}

/**
 * keep-revisions: every cluster listed, and in each (this deploy's, and another: `megilance-staging`)
 * its services listed and described and the family's tasks listed and described. The rules and
 * schedules it reads are those scheduled-tasks auto reads (scheduledTaskRequests).
 */
function keepRevisionsRequests(
  values: Record<string, string>,
  r: (job: Job, action: string, resource: string, context?: Record<string, string>) => DeployRequest
): DeployRequest[] {
  const base = { 'aws:RequestedRegion': values.Region ?? '' }
  return [values.ClusterName ?? '', 'megilance-staging'].flatMap(ClusterName => {
    const arn = (type: string) => arnOf(RESOURCE_TYPES[type] ?? '', { ...values, ClusterName })
    const inCluster = { ...base, 'ecs:cluster': arn('ecs:cluster') }
    return [
      r('deploy', 'ecs:ListClusters', '*', base),
      r('deploy', 'ecs:ListServices', '*', inCluster),
      r('deploy', 'ecs:DescribeServices', arn('ecs:service'), inCluster),
      r('deploy', 'ecs:ListTasks', '*', inCluster),
      r('deploy', 'ecs:DescribeTasks', arn('ecs:task'), inCluster)
    ]
  })
}

/**
 * With scheduled-tasks (auto, the default bus and `ops`): the rules listed, each rule's targets
 * read, the family's targets put (their role passed to EventBridge), every schedule listed, those
 * on the cluster read whole and the family's updated (their role passed to Scheduler).
 */
function scheduledTaskRequests(
  deploy: Deploy,
  arn: (type: string) => string,
  r: (job: Job, action: string, resource: string, context?: Record<string, string>) => DeployRequest
): DeployRequest[] {
  const rules = [arn('events:rule-on-default-event-bus'), arn('events:rule-on-custom-event-bus')]
  const passedTo = (service: string) => ({
    'aws:RequestedRegion': deploy.region,
    'iam:PassedToService': service
  })
  return [
    r('deploy', 'events:ListRules', '*'),
    ...['events:DescribeRule', 'events:ListTargetsByRule', 'events:PutTargets'].flatMap(action =>
      rules.map(rule => r('deploy', action, rule))
    ),
    r('deploy', 'iam:PassRole', deploy.scheduledRoles.events, passedTo('events.amazonaws.com')),
    r('deploy', 'scheduler:ListSchedules', '*'),
    r('deploy', 'scheduler:GetSchedule', arn('scheduler:schedule')),
    r('deploy', 'scheduler:UpdateSchedule', arn('scheduler:schedule')),
    r(
      'deploy',
      'iam:PassRole',
      deploy.scheduledRoles.scheduler,
      passedTo('scheduler.amazonaws.com')
    )
  ]
}
