import { CREDENTIAL_INPUTS } from '../../shared/credential-settings.js'
import { CODEDEPLOY_INPUTS } from './codedeploy-inputs.js'
import { EXPRESS_INPUTS } from './express-inputs.js'
import { KEEP_REVISIONS_INPUTS } from './keep-revisions-input.js'
import { RENDER_INPUTS } from './render-inputs.js'
import { RUN_TASK_INPUTS } from './run-task-inputs.js'
import { SCHEDULED_TASKS_INPUTS } from './scheduled-tasks-inputs.js'

/** Every input of action-ecs-deploy/action.yml, by the name the runner knows it. */
export const INPUTS = {
  ...CREDENTIAL_INPUTS,
  mode: 'mode',
  cluster: 'cluster',
  service: 'service',
  release: 'release',
  taskDefinition: 'task-definition',
  containerName: 'container-name',
  image: 'image',
  images: 'images',
  environmentVariables: 'environment-variables',
  secrets: 'secrets',
  logGroup: 'log-group',
  cpu: 'cpu',
  memory: 'memory',
  dockerLabels: 'docker-labels',
  ...RENDER_INPUTS,
  desiredCount: 'desired-count',
  forceNewDeployment: 'force-new-deployment',
  waitForServiceStability: 'wait-for-service-stability',
  waitForMinutes: 'wait-for-minutes',
  waitUntil: 'wait-until',
  pollIntervalSeconds: 'poll-interval-seconds',
  maxFailedTasks: 'max-failed-tasks',
  rollbackOnFailure: 'rollback-on-failure',
  rollbackOnCancel: 'rollback-on-cancel',
  healthCheckUrl: 'health-check-url',
  dryRun: 'dry-run',
  allowOlderCommit: 'allow-older-commit',
  rollbackTo: 'rollback-to',
  environment: 'environment',
  environmentUrl: 'environment-url',
  githubToken: 'github-token',
  ...RUN_TASK_INPUTS,
  ...CODEDEPLOY_INPUTS,
  ...SCHEDULED_TASKS_INPUTS,
  ...KEEP_REVISIONS_INPUTS,
  ...EXPRESS_INPUTS
} as const

export const OUTPUTS = {
  taskDefinitionArn: 'task-definition-arn',
  previousTaskDefinitionArn: 'previous-task-definition-arn',
  deploymentId: 'deployment-id',
  outcome: 'outcome',
  renderedTaskDefinition: 'rendered-task-definition',
  runTaskArn: 'run-task-arn',
  runTaskExitCode: 'run-task-exit-code',
  services: 'services',
  codeDeployDeploymentId: 'codedeploy-deployment-id',
  scheduledTasks: 'scheduled-tasks',
  deregisteredTaskDefinitions: 'deregistered-task-definitions',
  endpoint: 'endpoint',
  serviceArn: 'service-arn'
} as const
