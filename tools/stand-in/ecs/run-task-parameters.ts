import { AwsError, asRecord, asRecords, asString, asStrings } from '../wire.js'

/*
 * RunTask's parameters, read and checked against the task definition as the API reference
 * states them (ecs/tasks.ts runs the task):
 * - networkConfiguration: "This parameter is required for task definitions that use the awsvpc
 *   network mode to receive their own elastic network interface, and it isn't supported for
 *   other network modes."
 * - "If a capacityProviderStrategy is specified, the launchType parameter must be omitted."
 * - startedBy: "Up to 128 letters (uppercase and lowercase), numbers, hyphens (-), forward
 *   slash (/), and underscores (_) are allowed."
 * - overrides: "A list of container overrides in JSON format that specify the name of a
 *   container in the specified task definition and the overrides it should receive."
 * - tags: "Maximum number of tags per resource - 50", "Maximum key length - 128 Unicode
 *   characters in UTF-8", "Maximum value length - 256 Unicode characters in UTF-8".
 * - clientToken: "Up to 64 characters are allowed. The valid characters are characters in the
 *   range of 33-126, inclusive." (ECS does not document its words for a token out of bounds;
 *   these are the stand-in's, in the form of its other InvalidParameterException answers.)
 */

export interface RunTaskParameters {
  readonly startedBy: string
  /** The task definition's container names. */
  readonly names: string[]
  readonly overrides: Record<string, unknown>[]
  readonly tags: Record<string, unknown>[]
}

const STARTED_BY = /^[A-Za-z0-9_/-]{1,128}$/
const CLIENT_TOKEN = /^[\x21-\x7e]{1,64}$/

/** RunTask's parameters, or the InvalidParameterException ECS answers for them. */
export function runTaskParameters(
  input: Record<string, unknown>,
  td: Record<string, unknown>
): RunTaskParameters {
  const network = asRecord(asRecord(input.networkConfiguration).awsvpcConfiguration)
  if (asString(td.networkMode) === 'awsvpc' && asStrings(network.subnets).length === 0) {
    throw new AwsError(
      'InvalidParameterException',
      "Network Configuration must be provided when networkMode 'awsvpc' is specified."
    )
  }
  if (asRecords(input.capacityProviderStrategy).length > 0 && input.launchType !== undefined) {
    throw new AwsError(
      'InvalidParameterException',
      'Specifying both a launch type and capacity provider strategy is not supported.'
    )
  }
  if (input.clientToken !== undefined && !CLIENT_TOKEN.test(asString(input.clientToken))) {
    throw new AwsError('InvalidParameterException', 'clientToken is invalid.')
  }
  const startedBy = asString(input.startedBy)
  if (input.startedBy !== undefined && !STARTED_BY.test(startedBy)) {
    throw new AwsError('InvalidParameterException', 'startedBy is invalid.')
  }
  const names = asRecords(td.containerDefinitions).map(c => asString(c.name))
  const overrides = asRecords(asRecord(input.overrides).containerOverrides)
  for (const o of overrides) {
    if (!names.includes(asString(o.name))) {
      throw new AwsError(
        'InvalidParameterException',
        `Override for container named ${asString(o.name)} is not a container in the TaskDefinition.`
      )
    }
  }
  const tags = asRecords(input.tags)
  if (
    tags.length > 50 ||
    tags.some(t => asString(t.key).length > 128 || asString(t.value).length > 256)
  ) {
    throw new AwsError('InvalidParameterException', 'Tags are not valid.')
  }
  return { startedBy, names, overrides, tags }
}
