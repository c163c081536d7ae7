import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createMegilanceWorkspace } from './machine.js'
import type { RunnerOptions } from '../workflow-runner/index.js'

/*
 * The two repositories a workflow run reaches, as local git repositories:
 *   - this suite, published as ACTIONS_REPOSITORY with a `v1` tag: its reusable workflows, both
 *     action folders and the freshly packaged dist/ bundles, committed together, so a caller's
 *     `@v1` resolves to one commit holding workflow and actions alike;
 *   - MegiLance (APP_REPOSITORY): backend/, frontend/, deploy/*-task-definition.json and the
 *     caller workflows copied from workflows-templates/ the way a user copies them.
 */

export const ACTIONS_REPOSITORY = 'acme/ecs-deploy-actions'
export const APP_REPOSITORY = 'megilance/megilance'

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'MegiLance Dev',
  GIT_AUTHOR_EMAIL: 'dev@megilance.example.com',
  GIT_COMMITTER_NAME: 'MegiLance Dev',
  GIT_COMMITTER_EMAIL: 'dev@megilance.example.com'
}

const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-C', dir, ...args], { env: GIT_ENV, encoding: 'utf8' }).trim()

function init(dir: string): void {
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', dir], { env: GIT_ENV })
}

/** Commits files (path → content) on top of the repository; returns the new commit. */
export function commit(
  dir: string,
  files: Readonly<Record<string, string>>,
  message: string
): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  git(dir, 'add', '--all')
  git(dir, 'commit', '--quiet', '--allow-empty', '-m', message)
  return git(dir, 'rev-parse', 'HEAD')
}

/** This repository's workflows, actions and dist/ at one commit, tagged v1. */
export function createActionsRepository(root = process.cwd()): { dir: string; sha: string } {
  for (const bundle of ['dist/build-push/index.js', 'dist/ecs-deploy/index.js']) {
    if (!existsSync(join(root, bundle)))
      throw new Error(`${bundle} is missing: run npm run package first.`)
  }
  const dir = mkdtempSync(join(tmpdir(), 'workflow-actions-repo-'))
  init(dir)
  for (const path of [
    '.github/workflows',
    'action-build-push',
    'action-ecs-deploy',
    'dist',
    'package.json'
  ]) {
    cpSync(resolve(root, path), join(dir, path), { recursive: true })
  }
  const sha = commit(dir, {}, 'ecs-deploy-actions v1.0.0')
  git(dir, 'tag', 'v1')
  return { dir, sha }
}

/**
 * What a user does to a starter workflow: replace OWNER, `$default-branch` and the example URLs
 * with theirs (here: the local repository's owner, main, and a local health endpoint).
 */
export function userCopy(
  template: string,
  substitutions: Readonly<Record<string, string>> = {}
): string {
  let text = readFileSync(resolve(process.cwd(), 'workflows-templates', template), 'utf8')
    .replaceAll('OWNER/ecs-deploy-actions', ACTIONS_REPOSITORY)
    .replaceAll('$default-branch', 'main')
  for (const [from, to] of Object.entries(substitutions)) text = text.replaceAll(from, to)
  return text
}

/** MegiLance's repository with these workflow files (name → content) committed. */
export function createAppRepository(workflows: Readonly<Record<string, string>>): {
  dir: string
  sha: string
} {
  const dir = createMegilanceWorkspace()
  // The reusable deploy workflow passes no build secrets (the e2e fixture's backend needs one to
  // prove they stay secret): here the backend builds without it.
  const dockerfile = join(dir, 'backend', 'Dockerfile')
  writeFileSync(
    dockerfile,
    readFileSync(dockerfile, 'utf8').replace(
      /RUN --mount=type=secret,id=pip_token test -s \/run\/secrets\/pip_token && echo "[^"]*" && /,
      'RUN '
    )
  )
  init(dir)
  const files = Object.fromEntries(
    Object.entries(workflows).map(([name, text]) => [`.github/workflows/${name}`, text])
  )
  return { dir, sha: commit(dir, files, 'MegiLance') }
}

/**
 * The runner options of a MegiLance run: the caller's workflow file, both local repositories,
 * the AWS stand-in's endpoints on every step, Docker's PATH prefix. `extra` adds or overrides.
 */
export function megilanceRun(
  setup: {
    readonly app: { readonly dir: string }
    readonly actions: { readonly dir: string }
    readonly oidc: RunnerOptions['oidc']
    readonly endpointEnv: Readonly<Record<string, string>>
    readonly pathPrefix: readonly string[]
  },
  workflow: string,
  event: RunnerOptions['event'],
  extra: Partial<RunnerOptions> = {}
): RunnerOptions {
  return {
    repositories: { [APP_REPOSITORY]: setup.app.dir, [ACTIONS_REPOSITORY]: setup.actions.dir },
    repository: APP_REPOSITORY,
    workflow: `.github/workflows/${workflow}`,
    event,
    oidc: setup.oidc,
    env: { ...setup.endpointEnv, AWS_EC2_METADATA_DISABLED: 'true', NODE_NO_WARNINGS: '1' },
    pathPrefix: setup.pathPrefix,
    ...extra
  }
}
