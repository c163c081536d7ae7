import { type ExpressSettings, MAIN, settingsOf } from './records.js'
import type { EcsState } from '../ecs/state.js'
import { lookupTaskDefinition, seedTaskDefinition } from '../ecs/task-definitions.js'
import { AwsError, REGION, asRecord, asRecords, asString, asStrings } from '../wire.js'

/*
 * The task definition an Express service revision runs. Express Mode registers it from the
 * container settings ("A task definition with container, logging, and networking
 * configurations"), with these defaults (Developer Guide, Resources created by Amazon ECS Express
 * Mode services): "networkMode: "awsvpc"", "operatingSystemFamily: "LINUX"", "cpuArchitecture:
 * "X86_64"", "requiresCompatibilities: ["FARGATE"]"; for the container "essential: true",
 * "protocol: "tcp"", "name: "Main"", "versionConsistency: enabled", "initProcessEnabled: true",
 * "stopTimeout: 30 seconds"; for its logs "logDriver: "awslogs"", "awslogs-region: current
 * Region", "mode: "non-blocking"", "max-buffer-size: "25m"", "awslogs-stream-prefix: "ecs"".
 * The family is the service's name and the port mapping's name main-PORT-tcp: the stand-in's
 * choices (the guide does not name them).
 *
 * A customer's own task definition (taskDefinitionArn): "The task definition must have a
 * container named Main with a single TCP port mapping that includes a container port and port
 * name. The task definition must also have FARGATE compatibility." (ECS API Reference,
 * CreateExpressGatewayService / UpdateExpressGatewayService)
 */

/** Registers the revision a service revision runs (RegisterTaskDefinition); returns its ARN. */
export function registerExpressTaskDefinition(
  state: EcsState,
  family: string,
  s: ExpressSettings
): string {
  return seedTaskDefinition(state, {
    family,
    ...(s.executionRoleArn ? { executionRoleArn: s.executionRoleArn } : {}),
    ...(s.taskRoleArn ? { taskRoleArn: s.taskRoleArn } : {}),
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: s.cpu,
    memory: s.memory,
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
    containerDefinitions: [mainContainer(s.primaryContainer)]
  })
}

/** The container definition of Main, from the ExpressGatewayContainer. */
function mainContainer(c: Record<string, unknown>): Record<string, unknown> {
  const logs = asRecord(c.awsLogsConfiguration)
  const port = c.containerPort as number
  const optional = (key: string) => (c[key] !== undefined ? { [key]: c[key] } : {})
  return {
    name: MAIN,
    image: asString(c.image),
    essential: true,
    portMappings: [{ name: `main-${port}-tcp`, containerPort: port, protocol: 'tcp' }],
    ...optional('command'),
    ...optional('environment'),
    ...optional('secrets'),
    ...optional('repositoryCredentials'),
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': asString(logs.logGroup),
        'awslogs-region': REGION,
        'awslogs-stream-prefix': asString(logs.logStreamPrefix),
        mode: 'non-blocking',
        'max-buffer-size': '25m'
      }
    },
    versionConsistency: 'enabled',
    linuxParameters: { initProcessEnabled: true },
    stopTimeout: 30
  }
}

/** The settings of a request that names the customer's own task definition. */
export function customSettings(
  state: EcsState,
  input: Record<string, unknown>,
  logGroup: string
): ExpressSettings {
  const td = lookupTaskDefinition(state, asString(input.taskDefinitionArn))
  const main = asRecords(td.body.containerDefinitions).find(c => c.name === MAIN)
  const ports = asRecords(main?.portMappings)
  const port = ports[0]
  if (
    main === undefined ||
    port === undefined ||
    ports.length !== 1 ||
    typeof port.containerPort !== 'number' ||
    asString(port.name) === '' ||
    (asString(port.protocol) || 'tcp') !== 'tcp'
  ) {
    throw new AwsError(
      'InvalidParameterException',
      'The task definition must have a container named Main with a single TCP port mapping that includes a container port and port name.'
    )
  }
  if (!asStrings(td.body.requiresCompatibilities).includes('FARGATE')) {
    throw new AwsError(
      'InvalidParameterException',
      'The task definition must also have FARGATE compatibility.'
    )
  }
  return {
    ...settingsOf({ ...input, ...fromTaskDefinition(td.body, main, port.containerPort) }, logGroup),
    customTaskDefinition: td.arn
  }
}

/** What a customer's task definition says of the members Express Mode shows. */
function fromTaskDefinition(
  body: Record<string, unknown>,
  main: Record<string, unknown>,
  containerPort: number
): Record<string, unknown> {
  const options = asRecord(asRecord(main.logConfiguration).options)
  const group = asString(options['awslogs-group'])
  const prefix = asString(options['awslogs-stream-prefix'])
  const keep = (o: Record<string, unknown>, keys: string[]) =>
    Object.fromEntries(keys.filter(k => o[k] !== undefined).map(k => [k, o[k]]))
  return {
    ...keep(body, ['executionRoleArn', 'taskRoleArn', 'cpu', 'memory']),
    primaryContainer: {
      ...keep(main, ['image', 'command', 'environment', 'secrets', 'repositoryCredentials']),
      containerPort,
      ...(group && prefix
        ? { awsLogsConfiguration: { logGroup: group, logStreamPrefix: prefix } }
        : {})
    }
  }
}
