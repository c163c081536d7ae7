// docs/workflows.md is true to the workflow files: each workflow's section names every input and
// secret the file declares, and the Outcomes table every outcome a workflow's `outcome` output can
// be. The lists are read from the files, so a new input cannot go undocumented.
import { describe, expect, test } from '@jest/globals'
import { isMapping, mapping, readText, readYaml, REUSABLE_WORKFLOWS } from './workflow-files.js'

const doc = readText('docs/workflows.md')

/** The text of a `## ` section, up to the next one. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`docs/workflows.md has no "## ${heading}"`)
  const end = doc.indexOf('\n## ', start + 1)
  return doc.slice(start, end < 0 ? undefined : end)
}

const call = (file: string) =>
  mapping(mapping(readYaml(file).on, 'on').workflow_call, 'on.workflow_call')

describe.each(REUSABLE_WORKFLOWS)('docs/workflows.md on %s', file => {
  const name = file.split('/').pop() ?? ''
  const text = section(`Calling ${name}`)
  const { inputs, secrets, outputs } = call(file)

  test('names every input and every secret it declares', () => {
    const names = [
      ...Object.keys(isMapping(inputs) ? inputs : {}),
      ...Object.keys(isMapping(secrets) ? secrets : {})
    ]
    expect(names.length).toBeGreaterThan(5)
    expect(names.filter(n => !text.includes(`\`${n}\``))).toEqual([])
  })

  test('names every output, and every outcome it can end with, which the Outcomes table explains', () => {
    const declared = isMapping(outputs) ? outputs : {}
    expect(Object.keys(declared).filter(n => !text.includes(`\`${n}\``))).toEqual([])
    const outcomes = String(mapping(declared.outcome, 'outcome').description).split(' | ')
    expect(outcomes.length).toBeGreaterThan(5)
    expect(outcomes.filter(o => !text.includes(`\`${o}\``))).toEqual([])
    const table = section('Outcomes')
    expect(outcomes.filter(o => !table.includes(`| \`${o}\``))).toEqual([])
  })
})

test('the Outcomes table explains each outcome action-ecs-deploy reports', () => {
  const description = String(
    mapping(mapping(readYaml('action-ecs-deploy/action.yml').outputs, 'outputs').outcome, 'outcome')
      .description
  )
  const outcomes = [...description.matchAll(/(?:^|\. )([a-z-]+): /g)].map(m => m[1] ?? '')
  expect(outcomes).toEqual([
    'succeeded',
    'failed',
    'rolled-back',
    'rollback-failed',
    'unknown',
    'dry-run',
    'started',
    'paused',
    'skipped'
  ])
  const table = section('Outcomes')
  expect(outcomes.filter(o => !table.includes(`| \`${o}\``))).toEqual([])
})

test('a section on migrations and rollbacks, and one on pinning a commit', () => {
  expect(section('Migrations and rollbacks')).toMatch(/expand, then contract/i)
  // Its example is the demo's act 3 (demo-acts.ts), which checks that the migration ran before the
  // crash.
  expect(section('Migrations and rollbacks')).toContain('proposals.attachment_url')
  expect(readText('tools/harness/demo/demo-acts.ts')).toContain(
    "includes('add proposals.attachment_url')"
  )
  expect(section('Pin a commit before a release')).toMatch(/[0-9a-f]{40}/)
})
