// Shared by the workflow tests: where the workflow, template and action files are, how to read them,
// and the checker for untrusted expressions in scripts.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The folder into which the reusable workflows check out this repository (the `./` pitfall). */
export const ACTIONS_CHECKOUT_PATH = '.ecs-deploy-actions'

export const ACTION_NAMES = ['action-build-push', 'action-ecs-deploy'] as const
export type ActionName = (typeof ACTION_NAMES)[number]

export const REUSABLE_WORKFLOWS = [
  '.github/workflows/deploy.yml',
  '.github/workflows/rollback.yml',
  '.github/workflows/continue.yml',
  '.github/workflows/deploy-release.yml'
]

const isYaml = (name: string): boolean => /\.ya?ml$/.test(name)

function listYaml(folder: string): string[] {
  const dir = join(ROOT, folder)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter(isYaml)
    .sort()
    .map(name => `${folder}/${name}`)
}

/** Every workflow of this repository and every starter template, relative to the root. */
export const workflowFiles = (): string[] => [
  ...listYaml('.github/workflows'),
  ...listYaml('workflows-templates')
]

export const templateFiles = (): string[] => listYaml('workflows-templates')

/** The action.yml files that exist now (relative paths). */
export function actionFiles(): string[] {
  const found: string[] = []
  for (const action of ACTION_NAMES) {
    for (const name of ['action.yml', 'action.yaml']) {
      if (existsSync(join(ROOT, action, name))) found.push(`${action}/${name}`)
    }
  }
  return found
}

export const readText = (file: string): string => readFileSync(join(ROOT, file), 'utf8')

export type Yaml = Record<string, unknown>

export const isMapping = (value: unknown): value is Yaml =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function readYaml(file: string): Yaml {
  const value: unknown = parse(readText(file))
  if (!isMapping(value)) throw new Error(`${file} is not a YAML mapping`)
  return value
}

export function mapping(value: unknown, what: string): Yaml {
  if (!isMapping(value)) throw new Error(`${what} is not a mapping`)
  return value
}

export interface Job {
  readonly id: string
  readonly body: Yaml
  readonly steps: Yaml[]
}

export function jobsOf(workflow: Yaml): Job[] {
  return Object.entries(mapping(workflow.jobs, 'jobs')).map(([id, body]) => {
    const job = mapping(body, `job ${id}`)
    const steps = Array.isArray(job.steps) ? job.steps.filter(isMapping) : []
    return { id, body: job, steps }
  })
}

export function inputsOf(action: Yaml): Yaml {
  return isMapping(action.inputs) ? action.inputs : {}
}

/** One image deploy-release.yml builds: its `builds` entry. */
export interface Build {
  readonly repository: string
  readonly container: string | string[]
  readonly context?: string
  readonly 'build-args'?: string
  readonly [key: string]: unknown
}

/** One service of a release file. */
export interface ReleaseEntry {
  readonly service: string
  readonly 'task-definition'?: string
  readonly 'container-name'?: string
  readonly 'run-task-command'?: string
  readonly after?: string[]
}

/**
 * The MegiLance starter workflow's one job (a call of deploy-release.yml): its `with:`, its builds
 * and the release file it names, read from examples/megilance/release.yml (the user copies it to
 * deploy/release.yml).
 */
export function megilanceRelease(): { with: Yaml; builds: Build[]; services: ReleaseEntry[] } {
  const [job] = jobsOf(readYaml('workflows-templates/megilance.yml'))
  const withs = mapping(job?.body.with, 'megilance with')
  const builds = JSON.parse(String(withs.builds)) as Build[]
  const file = readYaml('examples/megilance/release.yml')
  return { with: withs, builds, services: file.services as ReleaseEntry[] }
}

/** Repository files under `folder` whose name matches, recursively, relative to the root. */
export function listFiles(folder: string, match: RegExp): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (match.test(entry.name)) out.push(relative(ROOT, path))
    }
  }
  walk(join(ROOT, folder))
  return out.sort()
}

// ---------------------------------------------------------------------------------------------
// Untrusted expressions in scripts
// ---------------------------------------------------------------------------------------------

export interface InjectionFinding {
  /** Where: file and YAML path of the script. */
  readonly location: string
  /** The whole `${{ ... }}` expression found. */
  readonly expression: string
}

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g

/**
 * Contexts a script must never expand in place: `${{ github.event.* }}` (titles, branch names,
 * bodies a stranger controls), `${{ inputs.* }}` (whatever a caller or dispatcher typed) and
 * `github.head_ref`. The runner substitutes them into the script text before the shell runs it;
 * pass them through `env:` and use "$VARIABLE" instead.
 */
const UNTRUSTED =
  /(?<![\w.-])(?:github\s*\.\s*event(?![\w-])|github\s*\[\s*['"]event['"]\s*\]|inputs(?![\w-])|github\s*\.\s*head_ref(?![\w-]))/

/** Every untrusted expression in a `run:` script of a step (workflow jobs or composite actions). */
export function findUntrustedScriptExpressions(
  file: string,
  document: unknown
): InjectionFinding[] {
  const findings: InjectionFinding[] = []
  const checkScript = (script: unknown, location: string): void => {
    if (typeof script !== 'string') return
    for (const match of script.matchAll(EXPRESSION)) {
      if (UNTRUSTED.test(match[1] ?? '')) findings.push({ location, expression: match[0] })
    }
  }
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        const here = `${path}[${index}]`
        if (path.endsWith('.steps') && isMapping(item)) {
          checkScript(item.run, `${file}: ${here}.run`)
          // actions/github-script evaluates `script` as JavaScript: the same injection.
          if (typeof item.uses === 'string' && item.uses.startsWith('actions/github-script')) {
            checkScript(
              isMapping(item.with) ? item.with.script : undefined,
              `${file}: ${here}.with.script`
            )
          }
        }
        visit(item, here)
      })
    } else if (isMapping(node)) {
      for (const [key, value] of Object.entries(node))
        visit(value, path === '' ? key : `${path}.${key}`)
    }
  }
  visit(document, '')
  return findings
}
