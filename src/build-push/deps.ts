import * as core from '@actions/core'
import { tmpdir } from 'node:os'
import { createEcrClient, createStsClient } from '../aws/clients.js'
import { resolveCredentials } from '../aws/credentials.js'
import { execDocker } from './exec.js'
import type { Deps } from './main.js'

const sleep = (ms: number): Promise<void> => new Promise(done => setTimeout(done, ms))

/** The composition root: the real runner, AWS and Docker. */
export function createDeps(): Deps {
  return {
    resolveCredentials: settings =>
      resolveCredentials(settings, {
        getIdToken: audience => core.getIDToken(audience),
        sts: createStsClient(settings.region),
        sleep,
        log: core.info,
        setSecret: core.setSecret
      }),
    ecr: (region, credentials) => createEcrClient({ region, credentials }),
    docker: execDocker,
    now: () => new Date(),
    sleep,
    tempRoot: process.env.RUNNER_TEMP || tmpdir()
  }
}
