#!/usr/bin/env node
// Writes the inputs/outputs reference of every action-*/action.yml into the documents that hold
// its <!-- reference:NAME:start --> and <!-- reference:NAME:end --> markers (DOCUMENTS).
//   node scripts/readme-reference.js          rewrite them
//   node scripts/readme-reference.js --check  exit 1 when one is out of step
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs'
import { parse } from 'yaml'

export function referenceFor(actionYmlText) {
  const action = parse(actionYmlText)
  const cell = text =>
    String(text ?? '')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/\|/g, '\\|')
  const lines = ['| Input | Required | Default | Description |', '|---|---|---|---|']
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    const def =
      input.default === undefined || input.default === '' ? '' : `\`${cell(input.default)}\``
    lines.push(
      `| \`${name}\` | ${input.required ? 'yes' : 'no'} | ${def} | ${cell(input.description)} |`
    )
  }
  lines.push('', '| Output | Description |', '|---|---|')
  for (const [name, output] of Object.entries(action.outputs ?? {})) {
    lines.push(`| \`${name}\` | ${cell(output.description)} |`)
  }
  return lines.join('\n')
}

export function renderReadme(readme, actions) {
  let out = readme
  for (const [name, yml] of Object.entries(actions)) {
    const start = `<!-- reference:${name}:start -->`
    const end = `<!-- reference:${name}:end -->`
    const from = out.indexOf(start)
    const to = out.indexOf(end)
    if (from < 0 || to < from) continue
    out = `${out.slice(0, from + start.length)}\n${referenceFor(yml)}\n${out.slice(to)}`
  }
  return out
}

/** The documents that may hold a reference: README.md (action-ecs-deploy), docs/build-push.md. */
export const DOCUMENTS = ['README.md', 'docs/build-push.md']

export function readActions(root = '.') {
  const actions = {}
  for (const dir of readdirSync(root)) {
    if (dir.startsWith('action-') && existsSync(`${root}/${dir}/action.yml`)) {
      actions[dir] = readFileSync(`${root}/${dir}/action.yml`, 'utf8')
    }
  }
  return actions
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const actions = readActions()
  let stale = false
  for (const file of DOCUMENTS) {
    const text = readFileSync(file, 'utf8')
    const next = renderReadme(text, actions)
    if (next === text) continue
    if (process.argv.includes('--check')) {
      console.error(`${file}: the reference is out of step with action.yml: run npm run docs`)
      stale = true
    } else writeFileSync(file, next)
  }
  if (stale) process.exit(1)
}
