import { readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type DockerSetup, probeDocker, removeImages } from '../machine.js'
import { CLUSTER, placeholderImage } from '../megilance.js'
import { type OidcIssuer, startOidcIssuer } from '../oidc.js'
import { type Registry, startRegistry } from '../registry.js'
import {
  APP_REPOSITORY,
  createActionsRepository,
  createAppRepository,
  userCopy
} from '../repositories.js'
import { OUTCOME_TAG } from '../../../src/engine/common/tags.js'
import { type StandIn, startStandIn } from '../../stand-in/index.js'

/*
 * What `npm run demo` plays in: Docker and a local registry (when an engine answers), this suite
 * published as a local repository tagged v1, MegiLance's repository with its caller workflows
 * copied from workflows-templates/ as a user copies them, a local health endpoint for their URLs,
 * the OIDC token endpoint and the AWS stand-in. Each part leaves its clean-up in `cleanups`.
 */

export type Cleanups = (() => Promise<void> | void)[]

export interface DemoWorld {
  readonly docker: Pick<DockerSetup, 'problem' | 'pathPrefix'>
  readonly registry: Registry | undefined
  readonly actions: { readonly dir: string; readonly sha: string }
  readonly app: { readonly dir: string; readonly sha: string }
  readonly oidc: OidcIssuer
  readonly standIn: StandIn
}

export async function startDemoWorld(cleanups: Cleanups, noDocker: boolean): Promise<DemoWorld> {
  const docker = noDocker ? { problem: '--no-docker was given', pathPrefix: [] } : probeDocker()
  let registry: Registry | undefined
  if (docker.problem === undefined) {
    registry = await startRegistry()
    cleanups.push(() => registry?.stop())
    cleanups.push(() => {
      if (registry) removeImages(registry.host, docker.pathPrefix)
    })
  }
  const actions = createActionsRepository()
  cleanups.push(() => rmSync(actions.dir, { recursive: true, force: true }))
  const health = await startHealthEndpoint(cleanups)
  const app = createAppRepository({
    'megilance.yml': userCopy('megilance.yml', {
      'https://api.megilance.example.com': health,
      'https://megilance.example.com': health
    }),
    'rollback.yml': userCopy('rollback.yml', {
      '          - my-app': '          - megilance-backend\n          - megilance-frontend',
      'role/github-ecs-deploy': 'role/megilance-deploy',
      'cluster: my-cluster': `cluster: ${CLUSTER}`
    })
  })
  cleanups.push(() => rmSync(app.dir, { recursive: true, force: true }))
  const oidc = await startOidcIssuer({
    repository: APP_REPOSITORY,
    ref: 'refs/heads/main',
    sha: app.sha,
    runId: '7312345678'
  })
  cleanups.push(() => oidc.close())
  const standIn = await startStandIn({ registry, verifyOidc: token => oidc.verify(token) })
  cleanups.push(() => standIn.close())
  if (registry === undefined) seedReleaseZero(standIn)
  return { docker, registry, actions, app, oidc, standIn }
}

/** The templates' URLs, replaced as a user replaces them: here a local /api/health/live. */
async function startHealthEndpoint(cleanups: Cleanups): Promise<string> {
  const server = createServer((request, response) => {
    response.writeHead(request.url === '/api/health/live' ? 200 : 404).end('{"status":"live"}')
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  cleanups.push(() => new Promise<void>(done => server.close(() => done())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/**
 * Without Docker no push deploys a revision before the rollback act: the backend's release-0,
 * seeded as a deploy that succeeded (its outcome tag), is what `to: previous` finds.
 */
function seedReleaseZero(standIn: StandIn): void {
  const body = JSON.parse(
    readFileSync('examples/megilance/backend-task-definition.json', 'utf8')
  ) as { containerDefinitions: { image: string }[] }
  for (const c of body.containerDefinitions) c.image = placeholderImage('backend', 'release-0')
  standIn.ecs.seedTaskDefinition(body as unknown as Record<string, unknown>, [
    { key: OUTCOME_TAG, value: 'succeeded' }
  ])
}
