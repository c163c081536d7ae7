/**
 * What the step does (input `mode`): deploy a new revision, roll back to an earlier one, or
 * continue a deployment paused at a lifecycle hook.
 */
export const MODES = ['deploy', 'rollback', 'continue'] as const
export type Mode = (typeof MODES)[number]
