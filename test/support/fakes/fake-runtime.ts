import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  GetLogEventsCommand
} from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { SchedulerClient } from '@aws-sdk/client-scheduler'
import { STSClient } from '@aws-sdk/client-sts'
import type { ClientOptions } from '../../../src/aws/clients.js'
import type { Runtime as BuildRuntime } from '../../../src/actions/build-push/runtime.js'
import type { DockerExec } from '../../../src/build-push/docker.js'
import { actionsRunner } from '../../../src/runner/runner.js'
import { diskFiles, type Files } from '../../../src/shared/files.js'
import type { CommonRuntime, GitHubClient } from '../../../src/actions/runtime.js'
import type { Runtime } from '../../../src/actions/ecs-deploy/runtime.js'
import type { DeploymentsClient } from '../../../src/github/deployments.js'
import { TEST_CREDENTIALS } from '../aws-apis.js'
import { T0 } from '../ecs-fixtures.js'

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
  github?: Partial<GitHubClient> & DeploymentsClient
  /** Records the audiences the step asked OIDC tokens for. */
  idTokens?: string[]
  /** CloudWatch Logs; default: every log group exists and every stream is empty. */
  logs?: Pick<CloudWatchLogsClient, 'send'>
  /** The files; default: the disk (tests write real temporary files). */
  files?: Files
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

/** Real SDK clients (aws-sdk-client-mock intercepts their send); static keys without a role. */
const options = (o: ClientOptions) => ({
  region: o.region,
  credentials: o.credentials ?? TEST_CREDENTIALS
})

/**
 * The common runtime with fake time, OIDC and GitHub, real SDK clients (CloudWatch Logs quiet
 * unless given) and the disk; the rest of the runner port stays @actions/core (tests read the outputs,
 * state and log back through test/support/runner-env.ts).
 */
export function fakeCommonRuntime(o: FakeRuntimeOptions = {}): CommonRuntime {
  const clock = o.clock ?? new VirtualClock()
  return {
    now: clock.now,
    sleep: clock.sleep,
    env: process.env,
    files: o.files ?? diskFiles,
    runner: {
      ...actionsRunner(),
      idToken: async audience => {
        o.idTokens?.push(audience)
        return 'header.payload.signature'
      }
    },
    aws: {
      ecs: o2 => new ECSClient(options(o2)),
      ecr: o2 => new ECRClient(options(o2)),
      logs: () => o.logs ?? quietLogs,
      events: o2 => new EventBridgeClient(options(o2)),
      scheduler: o2 => new SchedulerClient(options(o2)),
      client: (Client, o2) => new Client(options(o2)),
      sts: region => new STSClient({ region })
    },
    github: () => ({
      createDeployment: async () => ({ status: 201, data: { id: 1 } }),
      createDeploymentStatus: async () => ({}),
      compareCommitsWithBasehead: async () => ({ data: { status: 'ahead' } }),
      ...o.github
    })
  }
}

/** action-ecs-deploy's runtime: the common one plus a fake HTTP GET. */
export function fakeRuntime(
  o: FakeRuntimeOptions & { httpGet?: Runtime['httpGet'] } = {}
): Runtime {
  return { ...fakeCommonRuntime(o), httpGet: o.httpGet ?? (async () => 200) }
}

/** action-build-push's runtime: the common one plus a docker stand-in and a temp folder. */
export function fakeBuildRuntime(
  docker: DockerExec,
  tempDir: string,
  o: FakeRuntimeOptions = {}
): BuildRuntime {
  return { ...fakeCommonRuntime(o), docker, tempDir }
}
