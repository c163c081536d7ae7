import type { Files } from '../../../src/shared/files.js'

/**
 * Files in memory: path → text, folders implied by the files under them. `written` records each
 * write, for a test to assert what the step wrote and where.
 */
export function fakeFiles(initial: Readonly<Record<string, string>> = {}): Files & {
  readonly written: Map<string, string>
} {
  const texts = new Map(Object.entries(initial))
  const folders = new Set<string>()
  const written = new Map<string, string>()
  let made = 0
  const isDirectory = (path: string) =>
    folders.has(path) || [...texts.keys()].some(p => p.startsWith(`${path}/`))
  return {
    written,
    readText: path => {
      const text = texts.get(path)
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`)
      return text
    },
    writeText: (path, text) => {
      texts.set(path, text)
      written.set(path, text)
    },
    exists: path => texts.has(path) || isDirectory(path),
    isFile: path => texts.has(path),
    isDirectory,
    makeTempDir: (under, prefix) => {
      const path = `${under}/${prefix}${++made}`
      folders.add(path)
      return path
    },
    remove: path => {
      folders.delete(path)
      for (const p of [...texts.keys()]) if (p === path || p.startsWith(`${path}/`)) texts.delete(p)
    }
  }
}
