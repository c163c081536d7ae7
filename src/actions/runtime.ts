import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { ECRClient } from '@aws-sdk/client-ecr'
import type { ECSClient } from '@aws-sdk/client-ecs'
import type { STSClient } from '@aws-sdk/client-sts'
import {
  createEcrClient,
  createEcsClient,
  createLogsClient,
  createStsClient,
  type ClientOptions
} from '../aws/clients.js'
import type { DeploymentsClient } from '../github/deployments.js'
import { type Log, runnerLog } from '../shared/log.js'

/*
 * The one runtime interface of both actions: everything from outside the process (clock, sleep,
 * environment, the runner's log, masking and state, the AWS and GitHub clients). Each action's
 * composition root extends it with its own I/O (docker for build-push, HTTP for ecs-deploy);
 * tests hand in test/support/fake-runtime.ts. Nothing else in src/ calls @actions/core for I/O
 * except inputs.ts (the inputs) and the entry's outputs.
 */

/** Builders of the SDK clients; tests hand in clients that aws-sdk-client-mock intercepts. */
export interface AwsClientFactory {
  ecs(options: ClientOptions): Pick<ECSClient, 'send'>
  ecr(options: ClientOptions): Pick<ECRClient, 'send'>
  logs(options: ClientOptions): Pick<CloudWatchLogsClient, 'send'>
  sts(region: string): Pick<STSClient, 'send'>
}

/** Values kept from the main step for the post step (GITHUB_STATE / STATE_*). */
export interface StepState {
  save(name: string, value: string): void
  get(name: string): string
}

export interface Runtime {
  /** Epoch milliseconds. */
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly env: NodeJS.ProcessEnv
  readonly log: Log
  /** Registers a value the runner masks in every later log line (core.setSecret). */
  readonly setSecret: (value: string) => void
  readonly state: StepState
  /** A GitHub OIDC token for this audience (core.getIDToken). */
  readonly getIdToken: (audience: string) => Promise<string>
  readonly aws: AwsClientFactory
  readonly github: (token: string) => DeploymentsClient
}

export const sleep = (ms: number): Promise<void> => new Promise(done => setTimeout(done, ms))

/** The runner's runtime: @actions/core, real time, real AWS and GitHub clients. */
export function createRuntime(): Runtime {
  return {
    now: () => Date.now(),
    sleep,
    env: process.env,
    log: runnerLog,
    setSecret: value => core.setSecret(value),
    state: {
      save: (name, value) => core.saveState(name, value),
      get: name => core.getState(name)
    },
    getIdToken: audience => core.getIDToken(audience),
    aws: {
      ecs: createEcsClient,
      ecr: createEcrClient,
      logs: createLogsClient,
      sts: createStsClient
    },
    github: token => getOctokit(token).rest.repos as unknown as DeploymentsClient
  }
}
