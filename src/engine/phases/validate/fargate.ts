import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { TaskDefinitionInput } from '../render/task-definition-file.js'
import { isPrivateEcrImage } from './image.js'

/*
 * What Fargate requires and what it does not support. A task definition that lists FARGATE in
 * requiresCompatibilities is validated against Fargate ("requiresCompatibilities: The task launch
 * type that Amazon ECS validates the task definition against", RegisterTaskDefinition), also when
 * it lists EC2 beside it.
 */

export function isFargate(td: TaskDefinitionInput): boolean {
  return (td.requiresCompatibilities ?? []).includes('FARGATE')
}

export function fargateProblems(td: TaskDefinitionInput): string[] {
  if (!isFargate(td)) return []
  const problems: string[] = []
  // TaskDefinition.networkMode: "For Amazon ECS tasks on Fargate, the awsvpc network mode is
  // required."
  if (td.networkMode !== 'awsvpc') {
    problems.push(
      `Fargate requires "networkMode": "awsvpc", but it is ${td.networkMode ? `"${td.networkMode}"` : 'not set'}. Set "networkMode": "awsvpc" in the task definition.`
    )
  }
  const needs = executionRoleNeeds(td.containerDefinitions ?? [])
  if (needs.length > 0 && !td.executionRoleArn) {
    problems.push(
      `Fargate needs a task execution role ("executionRoleArn") because ${needs.join('; ')}. Add "executionRoleArn": "arn:aws:iam::ACCOUNT:role/ecsTaskExecutionRole" (a role with the AmazonECSTaskExecutionRolePolicy) to the task definition.`
    )
  }
  // HostVolumeProperties.sourcePath: "If you're using the Fargate launch type, the sourcePath
  // parameter is not supported."
  for (const volume of td.volumes ?? []) {
    if (volume.host?.sourcePath) {
      problems.push(
        `Volume "${volume.name ?? ''}": Fargate does not support a host "sourcePath" ("${volume.host.sourcePath}"). Remove "host" (the volume is then task storage) or use an EFS volume ("efsVolumeConfiguration").`
      )
    }
  }
  for (const container of td.containerDefinitions ?? []) {
    const linux = container.linuxParameters
    if (linux === undefined || linux === null) continue
    const name = container.name ?? ''
    // LinuxParameters: "If you are using tasks that use the Fargate launch type, the
    // sharedMemorySize parameter is not supported." / "... the tmpfs parameter isn't supported."
    // / "If you're using tasks that use the Fargate launch type, the devices parameter isn't
    // supported."
    const unsupported = [
      linux.sharedMemorySize !== undefined && linux.sharedMemorySize !== null
        ? 'sharedMemorySize'
        : '',
      linux.tmpfs !== undefined && linux.tmpfs !== null ? 'tmpfs' : '',
      linux.devices !== undefined && linux.devices !== null ? 'devices' : ''
    ].filter(Boolean)
    if (unsupported.length > 0) {
      problems.push(
        `Container "${name}": Fargate does not support linuxParameters ${unsupported.map(u => `"${u}"`).join(', ')}. Remove ${unsupported.length > 1 ? 'them' : 'it'} from the container definition.`
      )
    }
  }
  return problems
}

/**
 * Why the task needs an execution role, from the developer guide (task execution IAM role): "Your
 * task is hosted on AWS Fargate ... and: pulls a container image from an Amazon ECR private
 * repository ... sends container logs to CloudWatch Logs using the awslogs log driver"; "uses
 * private registry authentication"; "the task definition references sensitive data using Secrets
 * Manager secrets or AWS Systems Manager Parameter Store parameters".
 */
function executionRoleNeeds(containers: readonly ContainerDefinition[]): string[] {
  const needs: string[] = []
  const names = (pick: (c: ContainerDefinition) => boolean) =>
    containers
      .filter(pick)
      .map(c => `"${c.name ?? ''}"`)
      .join(', ')
  const add = (what: string, pick: (c: ContainerDefinition) => boolean) => {
    const which = names(pick)
    if (which !== '') needs.push(`${what} (container ${which})`)
  }
  add('a container logs with the awslogs driver', c => c.logConfiguration?.logDriver === 'awslogs')
  add(
    'a container reads secrets from Secrets Manager or Parameter Store',
    c => (c.secrets ?? []).length > 0 || (c.logConfiguration?.secretOptions ?? []).length > 0
  )
  add('a container image is in a private ECR repository', c => isPrivateEcrImage(c.image ?? ''))
  add(
    'a container pulls with private registry credentials',
    c => !!c.repositoryCredentials?.credentialsParameter
  )
  return needs
}
