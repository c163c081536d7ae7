#!/usr/bin/env node
// Writes the inputs/outputs reference of every action-*/action.yml into README.md, between
// <!-- reference:NAME:start --> and <!-- reference:NAME:end --> markers.
//   node scripts/readme-reference.js          rewrite README.md
//   node scripts/readme-reference.js --check  exit 1 when README.md is out of step
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
  const readme = readFileSync('README.md', 'utf8')
  const next = renderReadme(readme, readActions())
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md reference is out of step with action.yml: run npm run docs')
      process.exit(1)
    }
  } else {
    writeFileSync('README.md', next)
  }
}
