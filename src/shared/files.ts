import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats
} from 'node:fs'
import { join } from 'node:path'

/*
 * The files the engines read and write (a task definition file, an AppSpec, a release file, the
 * rendered task definition, a build's secrets), behind one small interface that each front end
 * gives them with its runtime: the actions and the CLI the disk (diskFiles), tests the disk or a
 * fake. Paths are as the user gave them: relative ones to the working directory.
 */
export interface Files {
  /** A file's text (UTF-8); throws when it cannot be read. */
  readText(path: string): string
  /** Writes a file whole; `mode` 0o600 for a file only its owner may read (a build secret). */
  writeText(path: string, text: string, mode?: number): void
  /** Whether anything (a file, a folder) is at the path. */
  exists(path: string): boolean
  isFile(path: string): boolean
  isDirectory(path: string): boolean
  /** A new empty folder in `under`, its name `prefix` and a few random characters. */
  makeTempDir(under: string, prefix: string): string
  /** Removes a file or a folder with all it holds; nothing when nothing is there. */
  remove(path: string): void
}

/** The disk, through node:fs. */
export const diskFiles: Files = {
  readText: path => readFileSync(path, 'utf8'),
  writeText: (path, text, mode) => writeFileSync(path, text, mode === undefined ? {} : { mode }),
  exists: path => existsSync(path),
  isFile: path => stat(path)?.isFile() ?? false,
  isDirectory: path => stat(path)?.isDirectory() ?? false,
  makeTempDir: (under, prefix) => mkdtempSync(join(under, prefix)),
  remove: path => rmSync(path, { recursive: true, force: true })
}

function stat(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}
