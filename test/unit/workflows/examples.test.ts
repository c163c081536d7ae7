// examples/megilance: the first user's task definitions and Dockerfiles, consistent with the
// MegiLance starter template that deploys them.
import { describe, expect, test } from '@jest/globals'
import { parseTaskDefinitionJson } from '../../../src/engine/phases/render/task-definition-file.js'
import { validateTaskDefinition } from '../../../src/engine/phases/validate/validate.js'
import { megilanceRelease, readText } from './workflow-files.js'

interface Container {
  name: string
  image: string
  essential?: boolean
  portMappings?: { containerPort: number; protocol?: string }[]
  environment?: { name: string; value: string }[]
  secrets?: { name: string; valueFrom: string }[]
  healthCheck?: { command: string[] }
  logConfiguration?: { logDriver: string; options: Record<string, string> }
}

interface TaskDefinition {
  family: string
  requiresCompatibilities: string[]
  networkMode: string
  cpu: string
  memory: string
  executionRoleArn: string
  taskRoleArn?: string
  containerDefinitions: Container[]
}

const read = (service: string): TaskDefinition =>
  JSON.parse(readText(`examples/megilance/${service}-task-definition.json`)) as TaskDefinition

const release = megilanceRelease()
const entryOf = (service: string) =>
  release.services.find(e => e.service === `megilance-${service}`)
const buildOf = (service: string) =>
  release.builds.find(b => b.repository === `megilance-${service}`)

describe.each([
  { service: 'backend', port: 8000 },
  { service: 'frontend', port: 3000 }
])('$service task definition', ({ service, port }) => {
  const td = read(service)
  const [container, ...others] = td.containerDefinitions

  test('is a Fargate task of 0.5 vCPU and 1 GB in awsvpc mode', () => {
    expect(td).toMatchObject({
      family: `megilance-${service}`,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '512',
      memory: '1024'
    })
  })

  test(`has one essential container named ${service} listening on ${port}`, () => {
    expect(others).toEqual([])
    expect(container?.name).toBe(service)
    expect(container?.essential).toBe(true)
    expect(container?.portMappings).toEqual([
      expect.objectContaining({ containerPort: port, protocol: 'tcp' })
    ])
  })

  test(`logs through awslogs to /ecs/megilance-${service}`, () => {
    expect(container?.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-group': `/ecs/megilance-${service}`,
        'awslogs-region': 'us-east-1',
        'awslogs-stream-prefix': service
      }
    })
  })

  test('is what the MegiLance template builds and its release file deploys', () => {
    expect(entryOf(service)).toMatchObject({
      'container-name': container?.name,
      'task-definition': `deploy/${service}-task-definition.json`
    })
    expect(buildOf(service)).toMatchObject({
      repository: `megilance-${service}`,
      context: service,
      container: `megilance-${service}/${container?.name ?? ''}`
    })
  })

  test('passes action-ecs-deploy’s own validation', () => {
    const file = `examples/megilance/${service}-task-definition.json`
    expect(validateTaskDefinition(parseTaskDefinitionJson(readText(file), file))).toEqual([])
  })

  test('exposes the same port in its Dockerfile', () => {
    expect(readText(`examples/megilance/${service}/Dockerfile`)).toMatch(
      new RegExp(`^EXPOSE ${port}$`, 'm')
    )
  })
})

test('the backend reads its secrets from Secrets Manager, by ARN, never by value', () => {
  const [backend] = read('backend').containerDefinitions
  expect(backend?.secrets?.map(s => s.name).sort()).toEqual(['JWT_SECRET', 'TURSO_AUTH_TOKEN'])
  for (const secret of backend?.secrets ?? []) {
    expect(secret.valueFrom).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:[\w/+=.@-]+$/)
  }
  expect(backend?.environment?.map(e => e.name).sort()).toEqual([
    'BACKEND_CORS_ORIGINS',
    'FILE_STORAGE_MODE',
    'TURSO_DATABASE_URL'
  ])
})

test('the backend container checks its own health on /api/health/live', () => {
  const [backend] = read('backend').containerDefinitions
  expect(backend?.healthCheck?.command.join(' ')).toContain('http://127.0.0.1:8000/api/health/live')
})

test('the frontend knows the backend URL at build time and at run time', () => {
  const [frontend] = read('frontend').containerDefinitions
  const url = frontend?.environment?.find(e => e.name === 'NEXT_PUBLIC_BACKEND_URL')?.value
  expect(url).toMatch(/^https:\/\//)
  expect(String(buildOf('frontend')?.['build-args'])).toContain(`NEXT_PUBLIC_BACKEND_URL=${url}`)
  expect(readText('examples/megilance/frontend/Dockerfile')).toMatch(
    /^ARG NEXT_PUBLIC_BACKEND_URL$/m
  )
})

test('the release: the backend first, its migration before it takes traffic, then the frontend', () => {
  expect(release.services.map(e => [e.service, e.after ?? []])).toEqual([
    ['megilance-backend', []],
    ['megilance-frontend', ['megilance-backend']]
  ])
  expect(entryOf('backend')?.['run-task-command']).toBe('alembic upgrade head')
  expect(release.with.release).toBe('deploy/release.yml')
})
