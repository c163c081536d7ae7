import { describe, expect, it } from '@jest/globals'
import { planBuild } from '../../../src/build-push/build-plan.js'
import type { CacheMode } from '../../../src/build-push/settings.js'
import { InputError } from '../../../src/shared/parse.js'

describe('planBuild', () => {
  const buildx = { buildx: true, driver: 'docker-container' }
  const noBuildx = { buildx: false, driver: '' }
  const builders = { container: buildx, docker: { buildx: true, driver: 'docker' }, none: noBuildx }
  type Row = [string, CacheMode, number, string, keyof typeof builders, string, string]
  // name, cache, platforms, repository mutability, builder → tool, cache
  const cases: Row[] = [
    ['auto with buildx: registry cache', 'auto', 0, 'MUTABLE', 'container', 'buildx', 'registry'],
    ['auto with the docker driver: inline', 'auto', 0, 'MUTABLE', 'docker', 'buildx', 'inline'],
    [
      'auto on an immutable repository: inline',
      'auto',
      0,
      'IMMUTABLE',
      'container',
      'buildx',
      'inline'
    ],
    ['auto without buildx: docker build, inline', 'auto', 1, 'MUTABLE', 'none', 'docker', 'inline'],
    ['none without buildx', 'none', 0, 'MUTABLE', 'none', 'docker', 'none'],
    ['inline with buildx', 'inline', 0, 'MUTABLE', 'container', 'buildx', 'inline'],
    ['one platform on the docker driver', 'auto', 1, 'MUTABLE', 'docker', 'buildx', 'inline']
  ]
  it.each(cases)('%s', (_name, cache, count, repositoryMutability, builder, tool, kind) => {
    const platforms = ['linux/amd64', 'linux/arm64'].slice(0, count)
    expect(planBuild({ cache, platforms, repositoryMutability }, builders[builder])).toMatchObject({
      tool,
      cache: kind
    })
  })

  it('refuses several platforms on the buildx "docker" driver, naming the input', () => {
    expect(() =>
      planBuild(
        {
          cache: 'auto',
          platforms: ['linux/amd64', 'linux/arm64'],
          repositoryMutability: 'MUTABLE'
        },
        builders.docker
      )
    ).toThrow(/Input "platforms": 2 platforms .* cannot be built by the buildx "docker" driver/)
  })

  it('refuses several platforms without buildx, naming the input', () => {
    const plan = () =>
      planBuild(
        {
          cache: 'auto',
          platforms: ['linux/amd64', 'linux/arm64'],
          repositoryMutability: 'MUTABLE'
        },
        noBuildx
      )
    expect(plan).toThrow(InputError)
    expect(plan).toThrow(
      /Input "platforms": 2 platforms \(linux\/amd64, linux\/arm64\) need docker buildx/
    )
  })

  it('refuses a registry cache without buildx, naming the input', () => {
    expect(() =>
      planBuild({ cache: 'registry', platforms: [], repositoryMutability: 'MUTABLE' }, noBuildx)
    ).toThrow(/Input "cache": registry needs docker buildx/)
  })

  it('notes a registry cache on an immutable repository', () => {
    const plan = planBuild(
      { cache: 'registry', platforms: [], repositoryMutability: 'IMMUTABLE' },
      buildx
    )
    expect(plan.notes.join()).toMatch(/IMMUTABLE/)
  })
})
