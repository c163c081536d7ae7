/*
 * Task definition ARNs, in one place: `arn:PARTITION:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION`.
 * RegisterTaskDefinition.family: "Up to 255 letters (uppercase and lowercase), numbers,
 * underscores, and hyphens are allowed." (ECS API Reference)
 */

const FAMILY = '[A-Za-z0-9_-]{1,255}'
const ARN = new RegExp(`^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:task-definition/${FAMILY}:\\d+$`)
const FAMILY_REVISION = new RegExp(`^${FAMILY}:\\d+$`)
/** The family and revision at the end of an ARN ECS answered with. */
const TAIL = /task-definition\/([^:/]+):(\d+)$/

export interface FamilyRevision {
  readonly family: string
  readonly revision: number
}

/** A full task definition ARN with its revision, as a user may give it in an input. */
export function isTaskDefinitionArn(text: string): boolean {
  return ARN.test(text)
}

/** A full ARN, or FAMILY:REVISION (what DescribeTaskDefinition also takes). */
export function isTaskDefinitionRef(text: string): boolean {
  return ARN.test(text) || FAMILY_REVISION.test(text)
}

/** The family and revision of an ARN, or undefined when it names none. */
export function familyRevisionOf(arn: string): FamilyRevision | undefined {
  const m = TAIL.exec(arn)
  return m ? { family: m[1]!, revision: Number(m[2]) } : undefined
}

/** The part of an ARN after its last slash (family:revision, a deployment id). */
export function shortArn(arn: string | undefined): string {
  if (arn === undefined) return 'unknown'
  const slash = arn.lastIndexOf('/')
  return slash >= 0 ? arn.slice(slash + 1) : arn
}
