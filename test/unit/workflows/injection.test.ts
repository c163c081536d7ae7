// No script expands `${{ github.event.* }}` or `${{ inputs.* }}` in place: the runner pastes such
// values into the script text before the shell reads it, so a branch name or a dispatch input
// becomes code. Values reach scripts through `env:` instead.
import { describe, expect, test } from '@jest/globals'
import { parse } from 'yaml'
import {
  actionFiles,
  findUntrustedScriptExpressions,
  readText,
  workflowFiles
} from './workflow-files.js'

const check = (name: string, text: string) => findUntrustedScriptExpressions(name, parse(text))

describe.each([...workflowFiles(), ...actionFiles()])('%s', file => {
  test('expands no github.event or inputs expression inside a script', () => {
    expect(check(file, readText(file))).toEqual([])
  })
})

describe('the checker', () => {
  const bad = `
on:
  workflow_dispatch:
    inputs:
      to: { type: string }
  pull_request_target:
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.pull_request.title }}"
      - name: multi-line, no spaces, bracket form
        run: |
          set -e
          echo \${{inputs.to}}
          echo "\${{ github['event'].issue.body }}"
      - run: echo "\${{ format('{0}', inputs.to) }}" "\${{ toJSON(github.event) }}"
      - run: git checkout "\${{ github.head_ref }}"
      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1
        with:
          script: console.log("\${{ github.event.comment.body }}")
  b:
    uses: ./.github/workflows/x.yml
    with:
      to: \${{ inputs.to }}
`

  test('rejects every way of expanding them in a run: script of a workflow', () => {
    const findings = check('bad.yml', bad)
    expect(findings.map(f => f.expression)).toEqual([
      '${{ github.event.pull_request.title }}',
      '${{inputs.to}}',
      "${{ github['event'].issue.body }}",
      "${{ format('{0}', inputs.to) }}",
      '${{ toJSON(github.event) }}',
      '${{ github.head_ref }}',
      '${{ github.event.comment.body }}'
    ])
    expect(findings[0]?.location).toBe('bad.yml: jobs.a.steps[0].run')
    expect(findings[6]?.location).toBe('bad.yml: jobs.a.steps[4].with.script')
  })

  test('rejects them in the run: steps of a composite action', () => {
    const action = `
name: x
description: y
inputs:
  who: { description: who }
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "hello \${{ inputs.who }}"
`
    expect(check('action.yml', action)).toEqual([
      { location: 'action.yml: runs.steps[0].run', expression: '${{ inputs.who }}' }
    ])
  })

  test('accepts values passed through env:, trusted contexts and look-alike names', () => {
    const good = `
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: \${{ github.event.pull_request.title }}
          TO: \${{ inputs.to }}
        run: |
          echo "$TITLE" "$TO"
          echo "\${{ github.event_name }} \${{ github.sha }} \${{ runner.os }}"
          echo "\${{ steps.x.outputs.inputs }} \${{ needs.a.outputs.event }}"
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          ref: \${{ inputs.ref }}
`
    expect(check('good.yml', good)).toEqual([])
  })
})
