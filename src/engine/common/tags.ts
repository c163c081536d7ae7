/*
 * The tags this suite sets on what it creates: the commit and run that made a revision (or a
 * one-off task), and how the deploy of a revision ended (read back to find the last revision
 * that succeeded).
 */

/** The tag deploy mode sets on a revision once its rollout has ended. */
export const OUTCOME_TAG = 'ecs-deploy-actions:outcome'
export const COMMIT_TAG = 'ecs-deploy-actions:commit'
export const RUN_TAG = 'ecs-deploy-actions:run'

export interface Tag {
  readonly key: string
  readonly value: string
}

/** The tags that tie what a deploy creates (a revision, a one-off task) to the commit and run. */
export function runTags(run: { readonly sha: string; readonly runUrl: string }): Tag[] {
  return [
    ...(run.sha ? [{ key: COMMIT_TAG, value: run.sha }] : []),
    ...(run.runUrl ? [{ key: RUN_TAG, value: run.runUrl }] : [])
  ]
}
