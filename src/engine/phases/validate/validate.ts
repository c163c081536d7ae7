import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { TaskDefinitionInput } from '../render/task-definition-file.js'
import { containerMemoryWarnings, validateContainerSizes } from './container-size.js'
import { fargateProblems } from './fargate.js'
import { imageReferenceProblem } from './image.js'
import { networkProblems } from './network.js'
import { findPlaceholder, placeholderProblems, placeholderWarnings } from './placeholder.js'
import { describePath, shapeProblems } from './shape.js'
import { sizeProblems } from './size.js'
import { isSecretReference } from './secret-reference.js'

export { cpuUnits, isValidFargatePair, memoryMiB } from './size.js'
export { isSecretReference } from './secret-reference.js'

/** What a check found: problems refuse the deploy, warnings are shown and the deploy goes on. */
export interface Findings {
  readonly problems: string[]
  readonly warnings: ValidationWarning[]
}

export interface ValidationWarning {
  /** The annotation's title. */
  readonly title: string
  readonly message: string
}

export const PLACEHOLDER_WARNING = 'Placeholder left in the task definition'
export const MEMORY_WARNING = "Containers' memory above the task's"

/**
 * Checks a rendered task definition for what RegisterTaskDefinition would refuse, or what would
 * register and then fail every task (problems), and for what ECS registers and the containers
 * read as written but looks unfinished, or what ECS alone decides (warnings). Each names its field (and container) and the
 * fix, never an environment variable's value. Never throws, whatever the input.
 */
export function checkTaskDefinition(td: TaskDefinitionInput): Findings {
  const shape = shapeProblems(td)
  if (shape.length > 0) {
    return {
      problems: shape.map(p => `${capitalize(describePath(p.path, td))} ${p.message}`),
      warnings: []
    }
  }
  const problems = [
    ...placeholderProblems(td),
    ...taskProblems(td),
    ...containerProblems(td),
    ...networkProblems(td),
    ...sizeProblems(td),
    ...validateContainerSizes(td),
    ...fargateProblems(td)
  ]
  const warnings = [
    ...placeholderWarnings(td).map(message => ({ title: PLACEHOLDER_WARNING, message })),
    ...containerMemoryWarnings(td).map(message => ({ title: MEMORY_WARNING, message }))
  ]
  return { problems, warnings }
}

/** The problems alone (empty when valid): what RegisterTaskDefinition or the first task refuses. */
export function validateTaskDefinition(td: TaskDefinitionInput): string[] {
  return checkTaskDefinition(td).problems
}

/*
 * RegisterTaskDefinition.family: "Up to 255 letters (uppercase and lowercase), numbers,
 * underscores, and hyphens are allowed."
 * taskRoleArn: "The short name or full Amazon Resource Name (ARN) of the IAM role that containers
 * in this task can assume." executionRoleArn: "The Amazon Resource Name (ARN) of the task execution
 * role"; the developer guide's ECS Exec example registers it by short name
 * ("executionRoleArn": "ecsTaskExecutionRole"), so both forms are accepted for both roles.
 * IAM role names: "Use alphanumeric and '+=,.@-_' characters. Maximum 64 characters."
 */
const FAMILY = /^[A-Za-z0-9_-]{1,255}$/
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@/-]*\/)?[\w+=,.@-]{1,64}$/

function taskProblems(td: TaskDefinitionInput): string[] {
  const problems: string[] = []
  const family = td.family ?? ''
  if (!FAMILY.test(family) && findPlaceholder(family) === undefined) {
    problems.push(
      `"family" is "${family}": a family is 1 to 255 letters, digits, "_" and "-". Rename it in the task definition file.`
    )
  }
  for (const field of ['taskRoleArn', 'executionRoleArn'] as const) {
    const role = td[field]
    // An empty role is left to ECS: tools such as the aws-actions chain drop it before
    // registering, and the API reference does not say what ECS makes of it.
    if (!role || findPlaceholder(role) !== undefined) continue
    if (!ROLE_ARN.test(role) && !ROLE_NAME.test(role)) {
      problems.push(
        `"${field}" is "${role}", which is neither an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME) nor a role name. Give the role's ARN.`
      )
    }
  }
  return problems
}

/*
 * ContainerDefinition.name: "Up to 255 letters (uppercase and lowercase), numbers, underscores,
 * and hyphens are allowed." ContainerDefinition.essential: "All tasks must have at least one
 * essential container." (essential defaults to true when left out.)
 * Secret.valueFrom: "The secret to expose to the container. The supported values are either the
 * full ARN of the AWS Secrets Manager secret or the full ARN of the parameter in the SSM Parameter
 * Store." (a parameter in the same Region may be given by name).
 */
const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/

function containerProblems(td: TaskDefinitionInput): string[] {
  const problems: string[] = []
  const containers = td.containerDefinitions ?? []
  containers.forEach((container, i) => {
    const name = container.name ?? ''
    if (name === '') {
      problems.push(
        `Container ${i + 1} has no "name". Give every container a name (letters, digits, "_" and "-").`
      )
    } else if (!CONTAINER_NAME.test(name)) {
      problems.push(
        `Container "${name}": a container name is 1 to 255 letters, digits, "_" and "-". Rename it in the task definition file.`
      )
    }
    problems.push(...imageProblems(container, name || `${i + 1}`))
    for (const variable of container.environment ?? []) {
      if (variable === null) continue
      if (!variable.name || /\s/.test(variable.name)) {
        problems.push(
          `Container "${name}": environment variable name "${variable.name ?? ''}" is empty or has spaces. Fix it in the task definition file or the environment-variables input.`
        )
      }
    }
    for (const secret of container.secrets ?? []) {
      if (secret === null) continue
      const valueFrom = secret.valueFrom ?? ''
      if (findPlaceholder(valueFrom) !== undefined) continue // named as a placeholder
      if (!isSecretReference(valueFrom)) {
        problems.push(
          `Input "secrets": secret ${secret.name ?? '(unnamed)'} of container "${name}" has valueFrom "${valueFrom}", which is neither a Secrets Manager ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME), an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME) nor an SSM parameter name.`
        )
      }
    }
  })
  if (containers.length > 0 && containers.every(c => c.essential === false)) {
    problems.push(
      'Every container has "essential": false, but a task needs at least one essential container. Mark the main container "essential": true.'
    )
  }
  return problems
}

function imageProblems(container: ContainerDefinition, name: string): string[] {
  const image = container.image ?? ''
  if (image.trim() === '') {
    return [
      `Container "${name}" has no image. Set it with container-name + image, or an images line "${name}=IMAGE".`
    ]
  }
  if (findPlaceholder(image) !== undefined) return [] // named as a placeholder
  const problem = imageReferenceProblem(image)
  if (problem === undefined) return []
  return [
    `Container "${name}": image "${image}" is not an image reference: ${problem}. Pass the image built for it with container-name + image (or an images line "${name}=IMAGE"), or fix it in the task definition file.`
  ]
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
