import { describe, expect, it } from '@jest/globals'
import { readReleaseFile } from '../../../../src/engine/release/release-file.js'
import { InputError } from '../../../../src/shared/parse.js'
import { fakeFiles } from '../../../support/fakes/fake-files.js'

/* The release file read through the front end's files: what it finds, and each refusal. */

const PATH = 'deploy/release.yml'

describe('readReleaseFile', () => {
  it('reads the services and their waves from the files it is given', () => {
    const files = fakeFiles({
      [PATH]:
        'cluster: megilance\nservices:\n  - service: megilance-backend\n    task-definition: deploy/backend.json\n  - service: megilance-frontend\n    after: megilance-backend\n',
      'deploy/backend.json': '{}'
    })
    const file = readReleaseFile(PATH, files)
    expect(file.cluster).toBe('megilance')
    expect(file.entries.map(e => [e.service, e.taskDefinition, e.after])).toEqual([
      ['megilance-backend', 'deploy/backend.json', []],
      ['megilance-frontend', '', ['megilance-backend']]
    ])
    expect(file.waves).toEqual([['megilance-backend'], ['megilance-frontend']])
  })

  it.each<[string, Record<string, string>, RegExp]>([
    ['no release file', {}, /deploy\/release.yml: no such file/],
    [
      'a task-definition file that is not there',
      {
        [PATH]: 'services:\n  - service: megilance-backend\n    task-definition: deploy/nope.json\n'
      },
      /entry 1 \(megilance-backend\): task-definition deploy\/nope.json does not exist/
    ],
    [
      'a service listed twice',
      { [PATH]: 'services:\n  - service: megilance-backend\n  - service: megilance-backend\n' },
      /entry 2 \(megilance-backend\): service megilance-backend is listed twice/
    ]
  ])('%s: an InputError on release', (_, given, message) => {
    const read = () => readReleaseFile(PATH, fakeFiles(given))
    expect(read).toThrow(InputError)
    expect(read).toThrow(message)
  })
})
