import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECSClient } from '@aws-sdk/client-ecs'
import { CodeDeployApi } from '../../src/aws/codedeploy.js'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { SchedulerClient } from '@aws-sdk/client-scheduler'
import { EcsApi } from '../../src/aws/ecs/ecs.js'
import { EventsApi } from '../../src/aws/events.js'
import { LogsApi } from '../../src/aws/logs.js'
import { SchedulerApi } from '../../src/aws/scheduler.js'
import { REGION } from './ecs-fixtures.js'

/*
 * The AWS layer on real SDK clients whose send aws-sdk-client-mock intercepts (the test mocks the
 * client class with mockClient): static keys, so no credential provider is asked.
 */

/** Static keys for a client whose requests never leave the process. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }

export const logsApi = () =>
  new LogsApi(new CloudWatchLogsClient({ region: REGION, credentials: TEST_CREDENTIALS }))

export const eventsApi = () =>
  new EventsApi(new EventBridgeClient({ region: REGION, credentials: TEST_CREDENTIALS }))

export const schedulerApi = () =>
  new SchedulerApi(new SchedulerClient({ region: REGION, credentials: TEST_CREDENTIALS }))

export const ecsApi = () =>
  new EcsApi(new ECSClient({ region: REGION, credentials: TEST_CREDENTIALS }))

/** An error as the SDK throws a service's exception: its name is the exception's. */
export const awsError = (name: string, message = name) =>
  Object.assign(new Error(message), { name })

export const codeDeployApi = () =>
  new CodeDeployApi(new CodeDeployClient({ region: REGION, credentials: TEST_CREDENTIALS }))
