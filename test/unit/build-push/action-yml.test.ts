import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { INPUTS, OUTPUTS } from '../../../src/build-push/inputs.js'

interface ActionYml {
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, unknown>
  runs: Record<string, string>
}

const action = parse(readFileSync('action-build-push/action.yml', 'utf8')) as ActionYml

describe('action-build-push/action.yml', () => {
  it('declares exactly the inputs the code parses', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(INPUTS).sort())
    expect(action.inputs.repository?.required).toBe(true)
  })

  it('declares exactly the outputs the code sets', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(OUTPUTS).sort())
  })

  it('runs the bundles on node24 with a post step', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: '../dist/build-push/index.js',
      post: '../dist/build-push/post.js'
    })
  })

  it('documents the issue defaults', () => {
    const d = (name: string) => action.inputs[name]?.default
    expect([d('context'), d('push'), d('skip-existing'), d('cache')]).toEqual([
      '.',
      'true',
      'true',
      'auto'
    ])
    expect([
      d('create-repository'),
      d('image-tag-mutability'),
      d('scan-on-push'),
      d('keep-images')
    ]).toEqual(['true', 'MUTABLE', 'true', '0'])
  })
})
