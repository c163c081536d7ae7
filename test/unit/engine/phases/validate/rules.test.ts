import { describe, expect, it } from '@jest/globals'
import { imageReferenceProblem } from '../../../../../src/engine/phases/validate/image.js'
import { cpuUnits, memoryMiB } from '../../../../../src/engine/phases/validate/size.js'

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
