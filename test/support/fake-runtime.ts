import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  GetLogEventsCommand
} from '@aws-sdk/client-cloudwatch-logs'
import { ECSClient } from '@aws-sdk/client-ecs'
import { STSClient } from '@aws-sdk/client-sts'
import type { DeploymentsClient } from '../../src/github/deployments.js'
import type { Runtime } from '../../src/ecs-deploy/runtime.js'
import { T0 } from './ecs-fixtures.js'

/** A virtual clock: sleep moves time on at once, so a 30-minute watch takes milliseconds. */
export class VirtualClock {
  t = T0
  sleeps: number[] = []
  now = () => this.t
  sleep = async (ms: number) => {
    this.sleeps.push(ms)
    this.t += ms
  }
}

export interface FakeRuntimeOptions {
  clock?: VirtualClock
  httpGet?: Runtime['httpGet']
  github?: DeploymentsClient
  /** CloudWatch Logs; default: every log group exists and every stream is empty. */
  logs?: Pick<CloudWatchLogsClient, 'send'>
}

/** CloudWatch Logs where every log group exists and no stream has lines. */
const quietLogs = {
  send: async (command: unknown) => {
    if (command instanceof DescribeLogGroupsCommand) {
      return { logGroups: [{ logGroupName: command.input.logGroupNamePrefix }] }
    }
    if (command instanceof GetLogEventsCommand) return { events: [], nextForwardToken: 'f/0' }
    return {}
  }
} as unknown as Pick<CloudWatchLogsClient, 'send'>

/** Real SDK clients (mocked with aws-sdk-client-mock by the test), fake time and HTTP. */
export function fakeRuntime(o: FakeRuntimeOptions = {}): Runtime {
  const clock = o.clock ?? new VirtualClock()
  return {
    ecsClient: options =>
      new ECSClient({
        region: options.region,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }
      }),
    logsClient: () => o.logs ?? quietLogs,
    stsClient: region => new STSClient({ region }),
    getIdToken: async () => 'header.payload.signature',
    github: () =>
      o.github ?? {
        createDeployment: async () => ({ status: 201, data: { id: 1 } }),
        createDeploymentStatus: async () => ({})
      },
    now: clock.now,
    sleep: clock.sleep,
    httpGet: o.httpGet ?? (async () => 200),
    env: process.env
  }
}
