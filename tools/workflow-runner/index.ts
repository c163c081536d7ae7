/*
 * A local GitHub Actions workflow runner, for the workflow tests and `npm run demo`.
 *
 * It runs the real YAML files: GitHub's own @actions/workflow-parser parses and converts them (its
 * errors refuse the run, as GitHub does) and GitHub's @actions/expressions evaluates every
 * `${{ }}`. It models:
 *   - the triggers `push` (of a branch or a tag, `on.push.branches` / `tags` filter patterns with
 *     `*`, `**`, `?`, `+`, `[]` and `!`) and `workflow_dispatch` (inputs: defaults, choice,
 *     boolean), at the repository's HEAD or at the commit the event names; the `github`, `inputs`,
 *     `needs`, `steps`, `env`, `job`, `runner`, `secrets`, `vars`, `matrix`, `strategy` and (for
 *     outputs of a call) `jobs` contexts; `github.run_attempt` and GITHUB_API_URL as a test sets them;
 *   - jobs one at a time in `needs` order with `if:` (success() by default), job and step outputs,
 *     `env:` at every level, GITHUB_ENV, GITHUB_PATH, `timeout-minutes` (job and step, enforced);
 *   - `strategy.matrix` (vectors, include, exclude, `fail-fast`): the legs one after another,
 *     their outputs combined (matrix.ts);
 *   - reusable workflows (`uses: owner/repo/.github/workflows/x.yml@ref` or `./...`): inputs with
 *     types and defaults, `secrets:` or `secrets: inherit` (only declared secrets arrive),
 *     outputs from `on.workflow_call.outputs`, job names shown as "caller / called";
 *   - `permissions:` as GitHub checks them at the start of a run: a called workflow's job asking
 *     for more than its caller grants refuses the run with GitHub's message; without
 *     `permissions:` anywhere, the restricted default (no id-token);
 *   - `id-token: write`: ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN for the local OIDC issuer, whose
 *     tokens carry the job's environment, `job_workflow_ref` and `job_workflow_sha`;
 *   - the `job` context's `workflow_ref`, `workflow_sha`, `workflow_repository` and
 *     `workflow_file_path` (or, with `jobWorkflowFields: false`, an older runner without them);
 *   - `environment:` (name, url; an empty name is no environment) and `concurrency:` of the job and
 *     of the workflow file (group, cancel-in-progress, queue), evaluated and recorded;
 *   - `run:` steps in bash (`bash -e`, or `bash --noprofile --norc -eo pipefail` for `shell: bash`);
 *   - local node20/node24 actions (`uses: ./path`): action.yml through the parser's action schema,
 *     inputs with their defaults as INPUT_*, main, then `post` (with `post-if`, STATE_*) in reverse
 *     order at the end of the job, the runner's file commands and ::add-mask::;
 *   - `actions/checkout` served by local clones of the repositories it is given, and
 *     `actions/setup-node` by this machine's node (nothing installed).
 *
 * It does not model, and a workflow that needs one of these fails loudly instead of running wrong:
 *   - queueing and concurrency (jobs and matrix legs run one after another; groups are only
 *     recorded), parallel jobs, cancellation, re-runs (a test sets `runAttempt` to play one);
 *   - environment protection rules, required reviewers, wait timers, deployment branch policies;
 *   - permission enforcement beyond the start-up check (the GITHUB_TOKEN is a dummy; the GitHub
 *     API is whatever GITHUB_API_URL a test points at, tools/github-api/);
 *   - a matrix of reusable workflow calls, container and services, defaults, continue-on-error,
 *     composite and Docker actions, remote actions other than actions/checkout and
 *     actions/setup-node, shells other than bash, `${{ insert }}`, `branches-ignore`, `tags-ignore`,
 *     `paths`, events other than push and workflow_dispatch, hashFiles() (the parser rejects
 *     unknown keys and functions; `load.ts` rejects keys the runner does not model);
 *   - caches, artifacts, and a hosted runner's installed software (steps use this machine's).
 */
export { runWorkflow } from './run.js'
export { WorkflowError } from './load.js'
export type * from './types.js'
