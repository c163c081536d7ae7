import type { AskCommitOrder, Deps } from '../engine/deps.js'

/*
 * The commit-order guard's way to GitHub, as every front end builds it: GitHub's compare API
 * needs the repository (GITHUB_REPOSITORY, OWNER/REPO) and a token. Without either, the guard is
 * off, and the engine says so once, in the front end's words (what is missing, how to give it).
 */

/** How a front end names the token and tells the user to give what is missing. */
export interface GuardWords {
  /** "github-token is empty" (the action), "no GITHUB_TOKEN" (the CLI). */
  readonly noToken: string
  /** The remedy, for whatever is missing. */
  readonly turnOn: string
}

/** The compare API for OWNER/REPO with `token`, or what is missing (pure). */
export function commitOrderOf(
  repository: string | undefined,
  token: string,
  words: GuardWords,
  ask: (owner: string, repo: string) => AskCommitOrder
): NonNullable<Deps['commitOrder']> {
  const named = /^([^/\s]+)\/([^/\s]+)$/.exec(repository ?? '')
  const missing = [
    ...(named ? [] : ['GITHUB_REPOSITORY is not set to OWNER/REPO']),
    ...(token === '' ? [words.noToken] : [])
  ]
  if (named === null || missing.length > 0) return { missing, turnOn: words.turnOn }
  return ask(named[1] as string, named[2] as string)
}
