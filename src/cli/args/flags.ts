import { INPUTS } from '../../engine/settings/inputs.js'

/*
 * The CLI's flags: each action input of action-ecs-deploy under its own name with `--`, and the
 * few the CLI adds (--profile, --json, --color). What each command takes is in commands.ts.
 * Defaults are the action's (action.yml); a test keeps them in step.
 */

/** value: `--flag v`; boolean: `--flag`, `--no-flag`, `--flag=false`; lines: repeatable, one line each. */
export type FlagKind = 'value' | 'boolean' | 'lines'

export interface Flag {
  /** As typed, without the dashes. */
  readonly name: string
  /** The action input it sets; undefined for the CLI's own. */
  readonly input?: string
  readonly kind: FlagKind
  readonly help: string
  readonly default?: string
  /** Other names it is known by (the action input's, where the CLI's differs). */
  readonly aliases?: readonly string[]
}

const I = INPUTS
const flag = (
  input: string,
  kind: FlagKind,
  help: string,
  more: Partial<Pick<Flag, 'default' | 'aliases' | 'name'>> = {}
): Flag => ({ name: more.name ?? input, input, kind, help, ...more })

/** The default session name: the CLI's own, where the action's is GitHubActions. */
export const CLI_SESSION_NAME = 'ecs-deploy-cli'

export const CREDENTIAL_FLAGS: readonly Flag[] = [
  flag(I.awsRegion, 'value', 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile)', {
    name: 'region',
    aliases: [I.awsRegion]
  }),
  { name: 'profile', kind: 'value', help: 'a profile of ~/.aws/config (default: AWS_PROFILE)' },
  flag(I.roleToAssume, 'value', 'IAM role ARN to assume (STS AssumeRole; GitHub OIDC in a job)', {
    name: 'role-arn',
    aliases: [I.roleToAssume]
  }),
  flag(I.roleSessionName, 'value', 'session name of the assumed role', {
    default: CLI_SESSION_NAME
  }),
  flag(I.audience, 'value', 'audience of the GitHub OIDC token (GitHub Actions only)', {
    default: 'sts.amazonaws.com'
  })
]

export const WHERE_FLAGS: readonly Flag[] = [
  flag(I.cluster, 'value', 'ECS cluster name or ARN', { default: 'default' }),
  flag(I.service, 'value', 'ECS service name')
]

export const RENDER_FLAGS: readonly Flag[] = [
  flag(I.release, 'value', 'a release file: several services released as one (deploy)'),
  flag(I.taskDefinition, 'value', 'task definition file (default: what the service runs)'),
  flag(I.taskDefinitionArn, 'value', 'a registered revision to start from (ARN or FAMILY:REV)'),
  flag(I.containerName, 'value', 'container(s) the image is for, comma-separated'),
  flag(I.image, 'value', 'image for container-name (REGISTRY/REPO:TAG or @sha256:...)'),
  flag(I.images, 'lines', 'CONTAINER=IMAGE, repeatable'),
  flag(I.environmentVariables, 'lines', 'KEY=value, repeatable'),
  flag(I.secrets, 'lines', 'NAME=valueFrom (Secrets Manager or SSM), repeatable'),
  flag(I.logGroup, 'value', 'CloudWatch Logs group for the awslogs driver'),
  flag(I.cpu, 'value', 'task CPU (units, or "0.5 vCPU")'),
  flag(I.memory, 'value', 'task memory (MiB, or "1 GB")'),
  flag(I.dockerLabels, 'lines', 'key=value, repeatable'),
  flag(I.command, 'value', 'container command, split at spaces (or a JSON array)'),
  flag(I.envFiles, 'lines', 'S3 object ARN of a .env file, repeatable'),
  flag(I.taskRoleArn, 'value', 'task role ARN'),
  flag(I.executionRoleArn, 'value', 'execution role ARN'),
  flag(I.logDriver, 'value', 'log driver'),
  flag(I.logOptions, 'lines', 'log driver option key=value, repeatable'),
  flag(I.containerCpu, 'value', 'container CPU units'),
  flag(I.containerMemory, 'value', 'container memory hard limit (MiB)'),
  flag(I.containerMemoryReservation, 'value', 'container memory soft limit (MiB)')
]

export const START_FLAGS: readonly Flag[] = [
  flag(I.desiredCount, 'value', 'desired count to set on the service'),
  flag(I.forceNewDeployment, 'boolean', 'start new tasks even with the same revision', {
    default: 'false'
  }),
  flag(I.runTaskCommand, 'value', 'one-off task before the rollout (also: -- COMMAND ARGS...)'),
  flag(I.runTaskContainer, 'value', 'container the one-off task runs in'),
  flag(I.logRetentionDays, 'value', 'retention set on the awslogs groups'),
  flag(I.allowOlderCommit, 'boolean', 'deploy even a commit older than the running one', {
    default: 'false'
  }),
  flag(I.githubToken, 'value', "token for GitHub's compare API (default: GITHUB_TOKEN)"),
  flag(
    I.keepRevisions,
    'value',
    'after a deploy that succeeded, deregister unused revisions beyond the newest N'
  )
]

export const WATCH_FLAGS: readonly Flag[] = [
  flag(I.waitForServiceStability, 'boolean', 'watch the rollout to its end', { default: 'true' }),
  flag(I.waitForMinutes, 'value', 'how long to watch', { default: '30' }),
  flag(I.waitUntil, 'value', 'completed | traffic-shifted (blue/green, linear, canary)', {
    default: 'completed'
  }),
  flag(I.pollIntervalSeconds, 'value', 'seconds between reads', { default: '10' }),
  flag(I.maxFailedTasks, 'value', 'failed tasks that fail a rolling update', { default: '3' }),
  flag(I.rollbackOnFailure, 'boolean', 'roll back when it fails', { default: 'true' }),
  flag(I.healthCheckUrl, 'value', 'URL that must answer 2xx after ECS says done'),
  flag(I.logLines, 'value', 'last log lines shown per stopped container', { default: '20' }),
  flag(I.dryRun, 'boolean', 'stop before the first write, saying what it would do', {
    default: 'false'
  })
]

export const KIND_FLAGS: readonly Flag[] = [
  flag(I.express, 'value', 'Express Mode: auto | true | false', { default: 'auto' }),
  flag(I.expressInfrastructureRoleArn, 'value', 'Express Mode: role to create the service with'),
  flag(I.expressContainerPort, 'value', 'Express Mode: the port the container listens on'),
  flag(I.expressHealthCheckPath, 'value', 'Express Mode: the path the load balancer checks'),
  flag(I.expressMinTaskCount, 'value', 'Express Mode: the least number of tasks'),
  flag(I.expressMaxTaskCount, 'value', 'Express Mode: the most tasks'),
  flag(I.subnets, 'value', 'Express Mode: subnet IDs, comma-separated'),
  flag(I.securityGroups, 'value', 'Express Mode: security group IDs, comma-separated'),
  flag(I.appSpec, 'value', 'CodeDeploy: an AppSpec file (default: built from the service)'),
  flag(I.application, 'value', 'CodeDeploy: the application'),
  flag(I.deploymentGroup, 'value', 'CodeDeploy: the deployment group'),
  flag(I.deploymentConfig, 'value', 'CodeDeploy: the deployment configuration'),
  flag(I.description, 'value', "CodeDeploy: the deployment's description"),
  flag(
    I.scheduledTasks,
    'lines',
    'none | auto | rule:NAME[@BUS] | schedule:NAME[@GROUP], repeatable',
    {
      default: 'none'
    }
  )
]

export const ROLLBACK_FLAGS: readonly Flag[] = [
  flag(I.rollbackTo, 'value', 'previous | a revision number | a task definition ARN', {
    default: 'previous'
  })
]

export const OUTPUT_FLAGS: readonly Flag[] = [
  { name: 'json', kind: 'boolean', help: 'the outputs as one JSON object on the last line' },
  {
    name: 'color',
    kind: 'boolean',
    help: 'colour (default: in a terminal, NO_COLOR unset); --no-color turns it off'
  },
  { name: 'help', kind: 'boolean', help: 'this help (also -h)' }
]

/** The action inputs the CLI has no flag for, and why. */
export const NOT_FLAGS: Readonly<Record<string, string>> = {
  [I.mode]: 'the command: deploy, rollback, continue',
  [I.environment]: 'a GitHub Deployment; the CLI creates none',
  [I.environmentUrl]: 'a GitHub Deployment; the CLI creates none',
  [I.rollbackOnCancel]:
    "the action's post step, when a job is cancelled; Ctrl-C leaves the rollout to ECS (docs/cli.md)"
}
