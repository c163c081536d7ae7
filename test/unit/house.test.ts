import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import ts from 'typescript'

/*
 * The rules of the house (docs/architecture.md), kept by reading the sources:
 * - no module of src/ imports itself back through others, type-only imports included;
 * - the engines (src/engine, src/build-push) and what they stand on (src/shared, src/aws,
 *   src/github) import nothing from @actions/*: only the runner port (src/runner) and the
 *   actions' entries (src/actions) speak to GitHub's runner;
 * - the AWS adapters import nothing of the runner, the entries or the engines;
 * - the CLI (src/cli) and what the front ends share (src/front) import nothing from @actions/*,
 *   nothing of the runner port and nothing of the actions' entries;
 * - the post steps read no inputs: nothing they load (the runner port aside) reads an input;
 * - kinds are plug-ins: only the registry (src/engine/kinds/index.ts) imports from a kind's folder
 *   (src/engine/kinds/<name>/) outside that folder; no phase compares the run's mode, and no
 *   phase, mode, front end or entry a kind's or a controller's name: the modes pass what
 *   differs, the kinds say it;
 * - no folder of src/, tools/, test/, bench/ or scripts/ holds more than 15 files side by side;
 * - in the project's own tools (tools/, bench/, scripts/) no file is over 300 lines and no function
 *   over 80, as in src/ (house-check.mjs keeps src/); test/ is exempt.
 */

const IMPORT = /^(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'/gms
const PACKAGE = /^(?:import|export)\s[^;]*?\sfrom\s+'([^.][^']*)'/gms

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
  )
}

function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8')
    const targets = [...text.matchAll(IMPORT)].map(m =>
      normalize(join(dirname(file), m[1]!.replace(/\.js$/, '.ts')))
    )
    graph.set(normalize(file), targets)
  }
  return graph
}

/** Every cycle's modules (strongly connected components of more than one module, or a self-import). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const found: string[][] = []
  let next = 0
  const visit = (v: string): void => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort())
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return found
}

/** The packages a module imports. */
function packagesOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(PACKAGE)].map(m => m[1]!)
}

/** The modules a module loads when it runs: its imports less the type-only ones. */
function loadGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8')
    const targets = [...text.matchAll(IMPORT)]
      .filter(m => !/^(?:import|export)\s+type\s/.test(m[0]))
      .map(m => normalize(join(dirname(file), m[1]!.replace(/\.js$/, '.ts'))))
    graph.set(normalize(file), targets)
  }
  return graph
}

/** Every module `entry` loads, itself included (src/ only). */
function closure(graph: Map<string, string[]>, entry: string): string[] {
  const seen = new Set<string>([entry])
  for (const file of seen) for (const next of graph.get(file) ?? []) seen.add(next)
  return [...seen].filter(f => graph.has(f))
}

const graph = importGraph('src')
const under = (...folders: string[]) =>
  [...graph.keys()].filter(f => folders.some(d => f.startsWith(normalize(`src/${d}/`))))

describe('the layers', () => {
  it('the engines and what they stand on import nothing from @actions/*', () => {
    const offending = under('engine', 'build-push', 'shared', 'aws', 'github').filter(f =>
      packagesOf(f).some(p => p.startsWith('@actions/'))
    )
    expect(offending).toEqual([])
  })

  it('only the runner port and the entries import @actions/*', () => {
    const speakers = [...graph.keys()].filter(f =>
      packagesOf(f).some(p => p.startsWith('@actions/'))
    )
    expect(speakers.length).toBeGreaterThan(0)
    expect(speakers.filter(f => !/^src\/(runner|actions)\//.test(f))).toEqual([])
  })

  it('the AWS adapters import nothing of the runner, the entries or the engines', () => {
    const offending = under('aws').flatMap(f =>
      (graph.get(f) ?? [])
        .filter(t => /^src\/(runner|actions|engine|build-push)\//.test(t))
        .map(t => `${f} → ${t}`)
    )
    expect(offending).toEqual([])
  })

  it('the CLI and the shared front end import nothing of @actions/*, the runner or the entries', () => {
    const fronts = under('cli', 'front')
    expect(fronts.length).toBeGreaterThan(0)
    const offending = fronts.flatMap(f => [
      ...packagesOf(f)
        .filter(p => p.startsWith('@actions/'))
        .map(p => `${f} → ${p}`),
      ...(graph.get(f) ?? [])
        .filter(t => /^src\/(runner|actions)\//.test(t))
        .map(t => `${f} → ${t}`)
    ])
    expect(offending).toEqual([])
  })

  it('the post steps read no inputs', () => {
    const posts = under('actions').filter(f => f.endsWith('post.ts'))
    expect(posts.length).toBeGreaterThanOrEqual(2)
    for (const post of posts) {
      const loaded = closure(loadGraph('src'), post).filter(
        f => !f.startsWith(normalize('src/runner/'))
      )
      const readers = loaded.filter(f =>
        /\.input\(|getInput\(|readSettings\(/.test(readFileSync(f, 'utf8'))
      )
      expect({ post, readers }).toEqual({ post, readers: [] })
    }
  })
})

describe('kinds as plug-ins, modes as lists', () => {
  const KINDS = normalize('src/engine/kinds/')
  const REGISTRY = normalize('src/engine/kinds/index.ts')
  /** The kind folder a module is in (src/engine/kinds/<name>/), if any. */
  const kindFolder = (f: string): string | undefined =>
    f.startsWith(KINDS) && f.slice(KINDS.length).includes('/')
      ? f.slice(0, KINDS.length + f.slice(KINDS.length).indexOf('/') + 1)
      : undefined
  const kindNames = readdirSync('src/engine/kinds', { withFileTypes: true })
    .filter(e => e.isDirectory())
    .map(e => e.name)
  const NAMES = [...kindNames, 'ecs', 'ECS', 'CODE_DEPLOY', 'EXTERNAL'].join('|')
  /** A comparison of the run's mode with one of its values, either way round, or a switch on it. */
  const MODE = new RegExp(
    String.raw`\.mode\s*[!=]==?\s*'(?:deploy|rollback|continue)'|'(?:deploy|rollback|continue)'\s*[!=]==?\s*[\w.?]*\.mode\b|switch\s*\([\w.?]*\.mode\)`
  )
  /** A comparison with a kind's or a controller's name, or a case of one. */
  const NAME = new RegExp(
    String.raw`[!=]==?\s*'(?:${NAMES})'|'(?:${NAMES})'\s*[!=]==?|case\s+'(?:${NAMES})'\s*:|\.controller\s*[!=]==?`
  )

  it('only the registry imports from a kind folder outside it', () => {
    expect(kindNames.length).toBeGreaterThanOrEqual(4)
    const offending = [...graph.entries()].flatMap(([f, targets]) =>
      targets
        .filter(t => {
          const folder = kindFolder(t)
          return folder !== undefined && !f.startsWith(folder) && f !== REGISTRY
        })
        .map(t => `${f} → ${t}`)
    )
    expect(offending).toEqual([])
  })

  /** Each line of the files that `test` finds, as file:line: text. */
  const lines = (files: string[], test: (line: string) => boolean) =>
    files.flatMap(f =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : []))
    )

  it('no phase compares the mode', () => {
    const phases = under('engine/phases')
    expect(phases.length).toBeGreaterThan(0)
    expect(lines(phases, line => MODE.test(line))).toEqual([])
  })

  it('no phase, mode, front end or entry compares a kind or controller name', () => {
    const outside = under(
      'engine/phases',
      'engine/modes',
      'engine/release',
      'front',
      'actions/ecs-deploy',
      'cli'
    )
    expect(lines(outside, line => NAME.test(line))).toEqual([])
  })

  it('the checks see a mode or a name compared', () => {
    for (const line of [
      "mode: r.mode === 'rollback' ? 'rollback' : 'deploy',",
      "if (f.mode === 'rollback') {",
      "if ('continue' !== x.s.mode) return"
    ])
      expect(MODE.test(line)).toBe(true)
    for (const line of [
      ": kind.controller === 'codedeploy'",
      "if (back.by === 'ecs') {",
      "case 'codedeploy':"
    ])
      expect(NAME.test(line)).toBe(true)
    for (const line of ["if (setting.mode === 'none') return r", "kind: 'rule'"]) {
      expect(MODE.test(line) || NAME.test(line)).toBe(false)
    }
  })
})

describe('src/ imports', () => {
  it('form no cycle', () => {
    expect(cycles(graph)).toEqual([])
  })

  it('the check sees a cycle where there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']]
    ])
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']])
  })
})

describe('the rooms', () => {
  const MOST = 15
  const crowded = (dir: string): string[] => {
    const entries = readdirSync(dir, { withFileTypes: true })
    const files = entries.filter(e => e.isFile()).length
    const below = entries.filter(e => e.isDirectory()).flatMap(e => crowded(join(dir, e.name)))
    return files > MOST ? [`${dir}: ${files} files`, ...below] : below
  }

  it(`no folder holds more than ${MOST} files side by side`, () => {
    expect(['src', 'tools', 'test', 'bench', 'scripts'].flatMap(crowded)).toEqual([])
  })
})

/** Files of code under `dir`: TypeScript and JavaScript. */
function code(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory()
      ? code(join(dir, e.name))
      : /\.(ts|js|mjs)$/.test(e.name)
        ? [join(dir, e.name)]
        : []
  )
}

/**
 * Each function of a module over `most` lines: declarations, methods, arrow functions and function
 * expressions, from the line they start on to the line they end on (as house-check.mjs counts).
 */
function longFunctions(file: string, text: string, most: number): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const line = (pos: number): number => source.getLineAndCharacterOfPosition(pos).line
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)
    ) {
      const lines = line(node.getEnd()) - line(node.getStart()) + 1
      if (lines > most) found.push(`${file}:${line(node.getStart()) + 1}: ${lines} lines`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('the sizes of the tools', () => {
  const FILE = 300
  const FUNCTION = 80
  const files = ['tools', 'bench', 'scripts'].flatMap(code)

  it(`no file of tools/, bench/ or scripts/ is over ${FILE} lines`, () => {
    expect(files.length).toBeGreaterThan(0)
    const long = files
      .map(f => ({ f, lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > FILE)
      .map(({ f, lines }) => `${f}: ${lines} lines`)
    expect(long).toEqual([])
  })

  it(`no function of tools/, bench/ or scripts/ is over ${FUNCTION} lines`, () => {
    const long = files.flatMap(f => longFunctions(f, readFileSync(f, 'utf8'), FUNCTION))
    expect(long).toEqual([])
  })

  it('the measure sees a long function, whatever its form', () => {
    const body = (n: number): string => Array.from({ length: n }, (_, i) => `  x(${i})`).join('\n')
    const text = [
      `function a() {\n${body(80)}\n}`,
      `const b = () => {\n${body(78)}\n}`,
      `class C {\n m() {\n${body(79)}\n }\n}`,
      `const d = function () {\n${body(79)}\n}`
    ].join('\n')
    expect(longFunctions('t.ts', text, FUNCTION)).toEqual([
      't.ts:1: 82 lines',
      't.ts:164: 81 lines',
      't.ts:246: 81 lines'
    ])
  })
})
