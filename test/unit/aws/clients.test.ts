import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DescribeServicesCommand } from '@aws-sdk/client-ecs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { DeadlineReached, byDeadline } from '../../../src/aws/call-deadline.js'
import {
  CONNECTION_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
  createEcsClient
} from '../../../src/aws/clients.js'

/*
 * The real SDK client as the suite builds it, against a local server that reads each request and
 * never answers it.
 */

let server: Server
const requests: IncomingMessage[] = []
const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' })

beforeAll(async () => {
  server = createServer(request => {
    requests.push(request)
    request.resume()
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  process.env.AWS_ENDPOINT_URL_ECS = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_ECS
  server.closeAllConnections()
  await new Promise(done => server.close(done))
})

describe('the SDK clients of the suite', () => {
  it('each attempt has a connection and a request timeout, the socket one replaced', async () => {
    const client = createEcsClient({ region: 'us-east-1', credentials })
    await expect(
      byDeadline(200, () => client.send(new DescribeServicesCommand({ services: ['s'] })))
    ).rejects.toBeInstanceOf(DeadlineReached)
    // The handler the SDK built from the options (NodeHttpHandler's httpHandlerConfigs).
    const handler = client.config.requestHandler as unknown as {
      httpHandlerConfigs(): Record<string, unknown>
    }
    expect(handler.httpHandlerConfigs()).toMatchObject({
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      socketTimeout: REQUEST_TIMEOUT_MS
    })
    expect(REQUEST_TIMEOUT_MS).toBeLessThan(60_000)
  })

  it('a call under a deadline is abandoned there: the request is closed, not sent again', async () => {
    const client = createEcsClient({ region: 'us-east-1', credentials })
    const before = requests.length
    const started = Date.now()
    // Long enough for the request to reach the server on a loaded machine; far below the SDK's
    // own timeouts, so only the deadline can end it this soon.
    await expect(
      byDeadline(1_500, () => client.send(new DescribeServicesCommand({ services: ['s'] })))
    ).rejects.toBeInstanceOf(DeadlineReached)
    expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS / 2)
    const sent = requests.slice(before)
    expect(sent).toHaveLength(1)
    for (let waited = 0; !sent[0]?.destroyed && waited < 3_000; waited += 50)
      await new Promise(done => setTimeout(done, 50))
    expect(sent[0]?.destroyed).toBe(true)
    expect(requests.length - before).toBe(1)
  })
})
