import { describe, expect, it } from '@jest/globals'
import {
  commandForLog,
  labelForLog,
  namesCredential,
  redactCommand,
  redactText
} from '../../../src/shared/redact.js'

describe('redactText: the parts that may hold a credential', () => {
  it.each([
    ['alembic upgrade head', 'alembic upgrade head'],
    ['DATABASE_PASSWORD=hunter2', 'DATABASE_PASSWORD=***'],
    ['--password=hunter2', '--password=***'],
    ['PGPASSWORD=hunter2 psql -h db -c "select 1"', 'PGPASSWORD=*** psql -h db -c "select 1"'],
    ['postgres://app:hunter2@db:5432/app', 'postgres://app:***@db:5432/app'],
    ['deploy --token abc123 --region eu-west-1', 'deploy --token *** --region eu-west-1'],
    [
      "curl -H 'Authorization: Bearer abc.def' https://x",
      "curl -H 'Authorization: *** ***' https://x"
    ],
    ['{"host": "%%host%%", "password": "s3cr3t"}', '{"host": "%%host%%", "password": ***}'],
    ['API_KEY="a b c" ./run', 'API_KEY=*** ./run'],
    ['node server.js --port=8080 --workers 4', 'node server.js --port=8080 --workers 4']
  ])('%s → %s', (text, shown) => {
    expect(redactText(text)).toBe(shown)
  })
})

describe('redactCommand and commandForLog', () => {
  it('keeps a command readable, hides what follows a credential flag', () => {
    expect(redactCommand(['./migrate', '--db-password', 'hunter2', '--dry-run'])).toEqual([
      './migrate',
      '--db-password',
      '***',
      '--dry-run'
    ])
    expect(commandForLog(['sh', '-c', 'SECRET_KEY=x alembic upgrade head'])).toBe(
      '["sh","-c","SECRET_KEY=*** alembic upgrade head"]'
    )
    expect(commandForLog(undefined)).toBe('unset')
  })
})

describe('labelForLog', () => {
  it.each([
    ['team', 'payments', 'payments'],
    ['com.datadoghq.ad.instances', '[{"password":"x"}]', '(hidden)'],
    ['splunk-token', 'abc', '(hidden)'],
    ['org.opencontainers.image.authors', 'Jo', 'Jo']
  ])('%s=%s → %s', (key, value, shown) => {
    expect(labelForLog(key, value)).toBe(shown)
  })

  it('names a credential by its words, in any case', () => {
    expect(['X-API-KEY', 'db_passwd', 'GITHUB_TOKEN', 'client-secret'].every(namesCredential)).toBe(
      true
    )
    expect(['version', 'author', 'port'].some(namesCredential)).toBe(false)
  })
})
