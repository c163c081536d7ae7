import { execFileSync } from 'node:child_process'

/*
 * The repositories a run can reach, as local git repositories by full name ("owner/name"). They
 * stand in for github.com: a reusable workflow's `uses: owner/name/.github/workflows/x.yml@v1` and
 * `actions/checkout` of another repository both read from here.
 */

export type Repositories = Readonly<Record<string, string>>

const git = (dir: string, args: string[]): string =>
  execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  }).trim()

export function repositoryDir(repositories: Repositories, name: string): string {
  const dir =
    repositories[name] ??
    repositories[Object.keys(repositories).find(k => k.toLowerCase() === name.toLowerCase()) ?? '']
  if (dir === undefined) {
    throw new Error(
      `Repository ${name} is not one the local workflow runner serves (${Object.keys(repositories).join(', ')}).`
    )
  }
  return dir
}

/** A branch, tag or SHA → the full ref GitHub names it by (refs/tags/v1) and its commit. */
export function resolveRef(dir: string, ref: string): { ref: string; sha: string } {
  if (/^[0-9a-f]{40}$/.test(ref)) return { ref, sha: git(dir, ['rev-parse', `${ref}^{commit}`]) }
  for (const full of [`refs/tags/${ref}`, `refs/heads/${ref}`, ref]) {
    try {
      return { ref: full, sha: git(dir, ['rev-parse', '--verify', '--quiet', `${full}^{commit}`]) }
    } catch {
      // try the next form
    }
  }
  throw new Error(`Unable to resolve ${ref} in ${dir}`)
}

export const headSha = (dir: string): string => git(dir, ['rev-parse', 'HEAD^{commit}'])

export const readAt = (dir: string, sha: string, path: string): string =>
  git(dir, ['show', `${sha}:${path}`])

/** Clones `dir` into `dest` and checks out `sha` (detached), as actions/checkout leaves it. */
export function cloneAt(dir: string, sha: string, dest: string): void {
  execFileSync('git', ['clone', '--quiet', '--no-checkout', dir, dest], { stdio: 'ignore' })
  git(dest, ['checkout', '--quiet', '--detach', sha])
}
