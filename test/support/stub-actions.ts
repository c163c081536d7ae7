import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { commit } from '../../tools/harness/repositories.js'

/*
 * This suite's repository as a run reaches it, with the real workflow files and action.yml files
 * but stub bundles in dist/: each stub prints every INPUT_* variable its process was given (one
 * line, `INPUT_ENV {json}`) and sets the outputs the workflows read. The runner still fills in the
 * real action.yml defaults and refuses an input the action does not declare, so a run shows
 * exactly what reaches each action, in seconds, with no AWS and no Docker.
 */

const STUB = (outputs: Record<string, string>) => `
import { appendFileSync } from 'node:fs'
const inputs = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('INPUT_')))
console.log('INPUT_ENV ' + JSON.stringify(inputs))
const outputs = ${JSON.stringify(outputs)}
for (const [k, v] of Object.entries(outputs)) appendFileSync(process.env.GITHUB_OUTPUT, k + '=' + v + '\\n')
`

export const STUB_IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/stub@sha256:' + 'ab'.repeat(32)

/** The suite's workflows and action.yml files at one commit tagged v1, with stub bundles. */
export function createStubActionsRepository(root = process.cwd()): { dir: string; sha: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stub-actions-repo-'))
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', dir])
  for (const path of ['.github/workflows', 'action-build-push', 'action-ecs-deploy'])
    cpSync(resolve(root, path), join(dir, path), { recursive: true })
  for (const [bundle, outputs] of [
    ['build-push', { image: STUB_IMAGE, built: 'true' }],
    ['ecs-deploy', { outcome: 'succeeded' }]
  ] as const) {
    mkdirSync(join(dir, 'dist', bundle), { recursive: true })
    writeFileSync(join(dir, 'dist', bundle, 'index.js'), STUB(outputs))
    writeFileSync(join(dir, 'dist', bundle, 'post.js'), '')
    writeFileSync(join(dir, 'dist', bundle, 'package.json'), '{"type":"module"}\n')
  }
  const sha = commit(dir, {}, 'ecs-deploy-actions with stub bundles')
  execFileSync('git', ['-C', dir, 'tag', 'v1'])
  return { dir, sha }
}

/** The INPUT_* variables a stub action's process printed in its step log. */
export function inputEnv(log: string): Record<string, string> {
  const line = log.split('\n').find(l => l.startsWith('INPUT_ENV '))
  if (line === undefined) throw new Error(`no INPUT_ENV line in:\n${log}`)
  return JSON.parse(line.slice('INPUT_ENV '.length)) as Record<string, string>
}
