import { describe, expect, it } from '@jest/globals'
import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { diffTaskDefinitions, formatChanges } from '../../../../../src/engine/phases/render/diff.js'

/** One container "app" before and after; the lines formatChanges gives for it. */
function lines(before: ContainerDefinition, after: ContainerDefinition): string[] {
  return formatChanges(
    diffTaskDefinitions(
      { containerDefinitions: [{ name: 'app', ...before }] },
      { containerDefinitions: [{ name: 'app', ...after }] }
    )
  )
}

const env = (pairs: Record<string, string>) =>
  Object.entries(pairs).map(([name, value]) => ({ name, value }))

describe('the diff', () => {
  const cases: Array<{
    name: string
    before: ContainerDefinition
    after: ContainerDefinition
    lines: string[]
  }> = [
    {
      name: "a container's cpu 0 (what DescribeTaskDefinition answers for none) and unset are the same",
      before: { cpu: 0 },
      after: {},
      lines: [
        'No changes to images, command, environment, secrets, sizes, roles, logging or labels.'
      ]
    },
    {
      name: 'a real cpu change still shows',
      before: { cpu: 0 },
      after: { cpu: 256 },
      lines: ['app: cpu unset → 256']
    },
    {
      name: 'environment variables by name only: added, changed, removed',
      before: { environment: env({ KEEP: 'same', MODE: 'old-value-1', GONE: 'old-value-2' }) },
      after: { environment: env({ KEEP: 'same', MODE: 'new-value-1', ADDED: 'new-value-2' }) },
      lines: ['app: env ~ MODE (value changed)', 'app: env + ADDED', 'app: env - GONE']
    },
    {
      name: 'command, shown with its arguments',
      before: { command: ['npm', 'start'] },
      after: { command: ['node', 'server.js'] },
      lines: ['app: command ["npm","start"] → ["node","server.js"]']
    },
    {
      name: 'environment files by ARN',
      before: { environmentFiles: [{ type: 's3', value: 'arn:aws:s3:::b/old.env' }] },
      after: { environmentFiles: [{ type: 's3', value: 'arn:aws:s3:::b/new.env' }] },
      lines: ['app: env file + arn:aws:s3:::b/new.env', 'app: env file - arn:aws:s3:::b/old.env']
    },
    {
      name: 'container sizes',
      before: { cpu: 256, memory: 512 },
      after: { cpu: 384, memory: 512, memoryReservation: 256 },
      lines: ['app: cpu 256 → 384', 'app: memoryReservation unset → 256']
    },
    {
      name: 'log driver and options, a credential option hidden',
      before: { logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/a' } } },
      after: {
        logConfiguration: {
          logDriver: 'splunk',
          options: { 'splunk-url': 'https://s', 'splunk-token': 'tok-123' }
        }
      },
      lines: [
        'app: logging awslogs → splunk',
        'app: log option + splunk-url=https://s',
        'app: log option + splunk-token=(hidden)',
        'app: log option - awslogs-group'
      ]
    },
    {
      name: 'a changed credential option says so without either value',
      before: { logConfiguration: { logDriver: 'splunk', options: { 'splunk-token': 'tok-1' } } },
      after: { logConfiguration: { logDriver: 'splunk', options: { 'splunk-token': 'tok-2' } } },
      lines: ['app: log option ~ splunk-token (value changed)']
    },
    {
      name: 'docker labels with their values',
      before: { dockerLabels: { team: 'web', tier: 'a' } },
      after: { dockerLabels: { team: 'api', owner: 'x' } },
      lines: ['app: label ~ team: web → api', 'app: label + owner=x', 'app: label - tier']
    },
    {
      name: 'a command: what may hold a credential shown as ***, the rest as it is',
      before: { command: ['sh', '-c', 'PGPASSWORD=old-pw psql -h db'] },
      after: { command: ['./migrate', '--api-key', 'k-123', 'postgres://app:pw@db/app'] },
      lines: [
        'app: command ["sh","-c","PGPASSWORD=*** psql -h db"] → ["./migrate","--api-key","***","postgres://app:***@db/app"]'
      ]
    },
    {
      name: 'docker labels whose key or value names a credential: hidden',
      before: { dockerLabels: { 'com.datadoghq.ad.instances': '[{"password":"old"}]' } },
      after: {
        dockerLabels: {
          'com.datadoghq.ad.instances': '[{"password":"new"}]',
          'app-token': 'tok-1'
        }
      },
      lines: [
        'app: label ~ com.datadoghq.ad.instances (value changed)',
        'app: label + app-token=(hidden)'
      ]
    },
    {
      name: 'nothing changed',
      before: { command: ['a'], environment: env({ A: '1' }) },
      after: { command: ['a'], environment: env({ A: '1' }) },
      lines: [
        'No changes to images, command, environment, secrets, sizes, roles, logging or labels.'
      ]
    }
  ]

  it.each(cases)('$name', ({ before, after, lines: expected }) => {
    expect(lines(before, after)).toEqual(expected)
  })

  it('never shows an environment value, old or new', () => {
    const out = lines(
      { environment: env({ DATABASE_URL: 'postgres://u:old-pass@db/x', A: 'a-old' }) },
      { environment: env({ DATABASE_URL: 'postgres://u:new-pass@db/x', B: 'b-new' }) }
    ).join('\n')
    for (const value of ['old-pass', 'new-pass', 'a-old', 'b-new']) expect(out).not.toContain(value)
  })

  it('task roles, and a first deploy', () => {
    const role = (n: string) => `arn:aws:iam::123456789012:role/${n}`
    expect(
      formatChanges(
        diffTaskDefinitions(
          { taskRoleArn: role('a'), executionRoleArn: role('x') },
          { taskRoleArn: role('b'), executionRoleArn: role('x') }
        )
      )
    ).toEqual([`task: task role ${role('a')} → ${role('b')}`])
    expect(
      formatChanges(
        diffTaskDefinitions(undefined, {
          containerDefinitions: [{ name: 'app', image: 'i', environment: env({ S: 'v' }) }]
        })
      )
    ).toEqual(['app: container added (i)'])
  })
})
