import { describe, expect, it } from '@jest/globals'
import { settingsLines } from '../../../src/shared/settings-lines.js'

/* What the "Inputs" group of both actions shows of the settings read: never a secret. */

describe('settingsLines', () => {
  it.each<[string, object, string[]]>([
    [
      'a value by its path',
      { cluster: 'megilance', watch: { minutes: 30 } },
      ['cluster: megilance', 'watch.minutes: 30']
    ],
    [
      'empty ones left out',
      { release: '', tags: [], images: {}, dryRun: false, none: undefined },
      ['dryRun: false']
    ],
    [
      'a list on one line',
      { platforms: ['linux/amd64', 'linux/arm64'] },
      ['platforms: linux/amd64, linux/arm64']
    ],
    [
      'a setting named as a credential: hidden',
      { githubToken: 'ghp_abc123' },
      ['githubToken: (hidden)']
    ],
    [
      'pairs named as a credential: their names only',
      { secrets: [{ key: 'npm', value: 'npm_abc123' }] },
      ['secrets: npm']
    ],
    [
      "a pair whose name names a credential: its value hidden; a URL's password too",
      {
        environment: [
          { key: 'API_TOKEN', value: 'abc123' },
          { key: 'DATABASE_URL', value: 'postgres://app:hunter2@db/app' },
          { key: 'LOG', value: 'info' }
        ]
      },
      ['environment: API_TOKEN=(hidden), DATABASE_URL=postgres://app:***@db/app, LOG=info']
    ],
    [
      'a command: the argument after a credential flag hidden',
      { runTask: { command: ['migrate', '--password', 'hunter2'] } },
      ['runTask.command: migrate, --password, ***']
    ],
    [
      'objects in a list: their fields',
      { images: [{ container: 'web', image: 'repo/web:2', input: undefined }] },
      ['images: container=web image=repo/web:2']
    ],
    ['a multi-line value on one line', { note: 'a\nb' }, ['note: a\\nb']]
  ])('%s', (_, settings, lines) => {
    expect(settingsLines(settings)).toEqual(lines)
  })

  it('namesOnly: the named paths show their names, never their values', () => {
    const settings = {
      buildArgs: [{ key: 'VERSION', value: '2' }],
      labels: [{ key: 'team', value: 'web' }]
    }
    expect(settingsLines(settings, { namesOnly: ['buildArgs'] })).toEqual([
      'buildArgs: VERSION',
      'labels: team=web'
    ])
    expect(settingsLines(settings).join('\n')).toContain('VERSION=2')
  })
})
