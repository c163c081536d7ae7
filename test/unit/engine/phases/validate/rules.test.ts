import { describe, expect, it } from '@jest/globals'
import { imageReferenceProblem } from '../../../../../src/engine/phases/validate/image.js'
import { cpuUnits, memoryMiB } from '../../../../../src/engine/phases/validate/size.js'
import { checkTaskDefinition } from '../../../../../src/engine/phases/validate/validate.js'

/* The pure rules as tables: the image reference grammar and the task size forms. */

const sha = (c: string) => c.repeat(64)

describe('image references (distribution/reference grammar)', () => {
  it.each([
    'nginx',
    'nginx:latest',
    'amazonlinux:latest',
    'library/nginx:1.25',
    'docker.io/library/nginx:1.25-alpine',
    'public.ecr.aws/docker/library/nginx:stable',
    `123456789012.dkr.ecr.us-east-1.amazonaws.com/megilance-backend@sha256:${sha('a')}`,
    `123456789012.dkr.ecr.us-east-1.amazonaws.com/megilance-backend:v1@sha256:${sha('b')}`,
    'localhost:5000/app:dev',
    'registry.example.com:5000/team/envoy:v1.29.1',
    '[::1]:5000/app:tag',
    'ghcr.io/megilance/backend:6dcb09b5b57875f334f61aebed695e2e4193db5e',
    'my_org/my__app:1',
    'my-org/my---app:1',
    'MyRegistry.example.com/app:1',
    `app:${'t'.repeat(128)}`,
    `app@sha512:${'c'.repeat(128)}`
  ])('accepts %s', reference => {
    expect(imageReferenceProblem(reference)).toBeUndefined()
  })

  it.each([
    ['', /it is empty/],
    ['web app:latest', /it contains a space/],
    [' nginx', /it has spaces around it/],
    ['nginx\t:latest', /it contains whitespace/],
    ['PLACEHOLDER', /it is a placeholder left unfilled/],
    ['ghcr.io/Megilance/Backend:v1', /its repository path "Megilance\/Backend" has upper-case/],
    [`app:${'t'.repeat(129)}`, /its tag is 129 characters long; a tag has at most 128/],
    ['app:.hidden', /its tag "\.hidden" is not a tag/],
    ['app:v1/x', /is not a repository name/],
    ['app@sha256:abc', /its digest sha256:abc is not sha256: followed by 64 lower-case hex digits/],
    [`app@sha256:${sha('A')}`, /not sha256: followed by 64 lower-case hex digits/],
    [`app@md5:${sha('a')}`, /its digest algorithm "md5" is not sha256, sha384 or sha512/],
    ['app@latest', /its digest "latest" is not ALGORITHM:HEX/],
    [':latest', /it has no repository name/],
    ['-app:1', /is not a repository name/],
    ['app_:1', /is not a repository name/],
    ['my.registry.com//app', /is not a repository name/],
    [`${'a'.repeat(256)}:1`, /its repository name is 256 characters long; the limit is 255/]
  ])('refuses %j: %s', (reference, reason) => {
    expect(imageReferenceProblem(reference)).toMatch(reason)
  })
})

describe('task cpu and memory forms (RegisterTaskDefinition)', () => {
  it.each([
    ['256', 256],
    ['1024', 1024],
    ['1 vCPU', 1024],
    ['1 vcpu', 1024],
    ['.25 vcpu', 256],
    ['0.5 vCPU', 512],
    ['2vcpu', 2048],
    ['16 VCPU', 16384],
    ['0.25 cores', undefined],
    ['1 cpu', undefined],
    ['', undefined],
    ['-256', undefined]
  ])('cpu %j → %p CPU units', (value, units) => {
    expect(cpuUnits(value)).toBe(units)
  })

  it.each([
    ['512', 512],
    ['0.5 GB', 512],
    ['.5 gb', 512],
    ['1GB', 1024],
    ['1 GB', 1024],
    ['120 GB', 122880],
    ['512 MB', undefined],
    ['1 GiB', undefined],
    ['lots', undefined]
  ])('memory %j → %p MiB', (value, mib) => {
    expect(memoryMiB(value)).toBe(mib)
  })
})

/*
 * What a check finds, as a table: problems refuse the deploy, warnings do not. A placeholder in
 * an environment value is a warning naming the container and the variable; anywhere ECS or the
 * first task reads it, a problem. No message holds an environment value.
 */
const container = (env: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  name: 'web',
  image: 'nginx:1.25',
  environment: Object.entries(env).map(([name, value]) => ({ name, value })),
  ...extra
})
const taskOf = (...containerDefinitions: ReturnType<typeof container>[]) => ({
  family: 'web',
  containerDefinitions
})

describe('checkTaskDefinition: problems and warnings', () => {
  it.each([
    {
      name: 'an angle placeholder in an environment value: a warning',
      td: taskOf(container({ DD_API_KEY: '<YOUR_DATADOG_API_KEY>' })),
      problems: [],
      warnings: [/^Container "web": environment variable "DD_API_KEY" looks like a placeholder/]
    },
    {
      name: '{{...}} and REPLACE_ in two variables: one warning each',
      td: taskOf(container({ A: 'x{{token}}y', B: 'REPLACE_ME', C: 'plain' })),
      problems: [],
      warnings: [/"A"/, /"B"/]
    },
    {
      name: '${...} in an environment value is the application’s own: nothing',
      td: taskOf(container({ URL: 'jdbc:postgresql://${DB_HOST}/app' })),
      problems: [],
      warnings: []
    },
    {
      name: 'a placeholder in the image: a problem, not a warning',
      td: taskOf(container({}, { image: '<ACCOUNT_ID>.dkr.ecr.us-east-1.amazonaws.com/web:1' })),
      problems: [/Container "web": "image" still holds the placeholder "<ACCOUNT_ID>"/],
      warnings: []
    },
    {
      name: 'a placeholder in a log option: a problem',
      td: taskOf(
        container(
          {},
          {
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '<GROUP>' } }
          }
        )
      ),
      problems: [
        /"logConfiguration\.options\.awslogs-group" still holds the placeholder "<GROUP>"/
      ],
      warnings: []
    },
    {
      name: 'a second container without a name: named by its position',
      td: taskOf(container({}), { ...container({ K: '<KEY>' }), name: '' }),
      problems: [/Container 2 has no "name"/],
      warnings: [/^Container 2: environment variable "K"/]
    }
  ])('$name', ({ td, problems, warnings }) => {
    const found = checkTaskDefinition(td)
    expect(found.problems).toHaveLength(problems.length)
    problems.forEach((p, i) => expect(found.problems[i]).toMatch(p))
    expect(found.warnings.map(w => w.message)).toHaveLength(warnings.length)
    warnings.forEach((w, i) => expect(found.warnings[i]?.message).toMatch(w))
    for (const w of found.warnings) expect(w.title).toBe('Placeholder left in the task definition')
    const values = td.containerDefinitions.flatMap(c => c.environment.map(e => e.value))
    for (const message of [...found.problems, ...found.warnings.map(w => w.message)]) {
      for (const value of values) expect(message).not.toContain(value)
    }
  })
})
