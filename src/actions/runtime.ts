import { getOctokit } from '@actions/github'
import { sdkClients, type AwsClientFactory } from '../aws/clients.js'
import type { AwsDeps } from '../aws/connection.js'
import type { CompareClient } from '../github/compare.js'
import type { DeploymentsClient } from '../github/deployments.js'
import { actionsRunner, type Runner } from '../runner/runner.js'
import { diskFiles, type Files } from '../shared/files.js'

/*
 * The one runtime shape of both actions: everything from outside the process (clock, sleep,
 * environment, files, the runner port, the AWS and GitHub clients). Each action's runtime.ts
 * extends it as its own `Runtime`, made by its `createRuntime` (docker and a temp folder for
 * build-push, HTTP for ecs-deploy); tests hand in test/support/fake-runtime.ts.
 */
export interface CommonRuntime {
  /** Epoch milliseconds. */
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly env: NodeJS.ProcessEnv
  /** Every file the engines read or write (shared/files.ts). */
  readonly files: Files
  readonly runner: Runner
  readonly aws: AwsClientFactory
  readonly github: (token: string) => GitHubClient
}

/** The GitHub REST calls the actions make (octokit's rest.repos). */
export type GitHubClient = DeploymentsClient & CompareClient

export const sleep = (ms: number): Promise<void> => new Promise(done => setTimeout(done, ms))

/** The runner's runtime: @actions/core, real time, the disk, real AWS and GitHub clients. */
export function createCommonRuntime(): CommonRuntime {
  return {
    now: () => Date.now(),
    sleep,
    env: process.env,
    files: diskFiles,
    runner: actionsRunner(),
    aws: sdkClients,
    github: token => getOctokit(token).rest.repos as unknown as GitHubClient
  }
}

/** What connecting to AWS needs of a runtime. */
export function awsDeps(rt: CommonRuntime): AwsDeps {
  return {
    aws: rt.aws,
    getIdToken: audience => rt.runner.idToken(audience),
    sleep: rt.sleep,
    log: message => rt.runner.log.info(message),
    setSecret: value => rt.runner.setSecret(value)
  }
}

/** The URL of this run's log (src/front/ci-run.ts, shared with the CLI). */
export { runUrl } from '../front/ci-run.js'
