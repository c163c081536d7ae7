import type {
  ContainerDefinition,
  ExpressGatewayContainer,
  ExpressGatewayServiceConfiguration
} from '@aws-sdk/client-ecs'
import { newest, type ExpressRequest } from '../../../aws/ecs/express.js'
import { InputError } from '../../../shared/parse.js'
import type { Context } from '../../deps.js'
import { diffTaskDefinitions, formatChanges, type Change } from '../../phases/render/diff.js'
import type { Prepared } from '../../phases/render/prepared.js'
import { INPUTS } from '../../settings/settings.js'
import { MAIN, expressProblems, refuse } from './checks.js'
import type { ExpressFound } from './claim.js'
import { previousConfiguration } from './previous.js'
import { createRequest, imageOf, shown, updateRequest } from './request.js'

/*
 * What an Express run will send, before any write (the kind's plan): in deploy mode the inputs
 * checked (checks.ts) and turned into CreateExpressGatewayService or UpdateExpressGatewayService
 * (request.ts); in rollback mode with nothing under way, the update that puts the configuration
 * before the one in force back (previous.ts). The request is logged as it will be sent
 * (environment values hidden), and a dry run ends there. Express Mode registers the task
 * definition itself: nothing is rendered or registered here.
 */

/** Deploy mode: the request from the inputs, or an InputError with every problem. */
export async function planDeploy(x: Context, found: ExpressFound): Promise<Prepared> {
  const { s } = x
  const express = found.express
  refuse(
    expressProblems(
      s,
      express === undefined
        ? { creating: true }
        : { creating: false, infrastructureRoleArn: express.infrastructureRoleArn }
    )
  )
  const current = newest(express?.activeConfigurations)
  const request =
    express === undefined
      ? createRequest(s)
      : updateRequest(s, express.serviceArn ?? found.service?.serviceArn ?? '', current)
  const image = imageOf(s) ?? current?.primaryContainer?.image
  return prepared(x, request, current, image, [
    `dry-run: the request above is not sent; ${s.service} is ${express ? 'not updated' : 'not created'}.`
  ])
}

/** Rollback mode: the update back to the configuration before the one in force. */
export async function planRollback(x: Context, found: ExpressFound): Promise<Prepared> {
  const { s } = x
  const express = found.express
  if (express?.serviceArn === undefined) {
    throw new InputError(
      INPUTS.service,
      `${s.service} does not exist in cluster ${s.cluster}: there is nothing to roll back.`
    )
  }
  if (s.rollbackTo !== 'previous') {
    throw new InputError(
      INPUTS.rollbackTo,
      `is ${s.rollbackTo}, but an Express service goes back to the configuration before the one in force: give rollback-to previous (or leave it empty). Nothing was changed.`
    )
  }
  const active = express.activeConfigurations ?? []
  const running = active.map(c => c.serviceRevisionArn ?? '')
  const previous = await previousConfiguration(x, running)
  const request: ExpressRequest = {
    operation: 'UpdateExpressGatewayService',
    input: { serviceArn: express.serviceArn, ...previous.members }
  }
  return prepared(x, request, newest(active), previous.members.primaryContainer?.image, [
    `dry-run: the request above is not sent; ${s.service} is not rolled back to service revision ${previous.serviceRevisionArn}.`
  ])
}

function prepared(
  { io }: Context,
  request: ExpressRequest,
  current: ExpressGatewayServiceConfiguration | undefined,
  image: string | undefined,
  dryRun: string[]
): Prepared {
  io.log.info(`Will send ${shown(request)}`)
  const changes = changesOf(current, request)
  if (current !== undefined) {
    io.log.info('Changes against the configuration in force:')
    for (const line of formatChanges(changes)) io.log.info(`  ${line}`)
  }
  return {
    taskDefinitionArn: undefined,
    toRegister: undefined,
    definition: {},
    runTaskContainer: undefined,
    renderedPath: undefined,
    images: image !== undefined ? [{ container: MAIN, image }] : [],
    changes,
    dryRun,
    request
  }
}

/** Image, command, environment (by name), secrets, size and roles, as a task definition's. */
function changesOf(
  current: ExpressGatewayServiceConfiguration | undefined,
  request: ExpressRequest
): Change[] {
  if (request.input.taskDefinitionArn !== undefined) return []
  const next = { ...current, ...request.input }
  return diffTaskDefinitions(current && comparable(current), comparable(next))
}

function comparable(c: {
  readonly primaryContainer?: ExpressGatewayContainer | undefined
  readonly cpu?: string | undefined
  readonly memory?: string | undefined
  readonly taskRoleArn?: string | undefined
  readonly executionRoleArn?: string | undefined
}) {
  const p = c.primaryContainer
  const main: ContainerDefinition = {
    name: MAIN,
    image: p?.image,
    command: p?.command,
    environment: p?.environment,
    secrets: p?.secrets
  }
  return {
    containerDefinitions: [main],
    cpu: c.cpu,
    memory: c.memory,
    taskRoleArn: c.taskRoleArn,
    executionRoleArn: c.executionRoleArn
  }
}
