import type { DeploymentInfo, ECSTarget } from '@aws-sdk/client-codedeploy'
import type { RolloutSnapshot } from '../../phases/watch/verdict.js'

/*
 * What this kind reads of a CodeDeploy deployment, and what it keeps of it in the run's record
 * (`kindView`, which the phases carry without reading): the deployment as last read, with its
 * lifecycle events, traffic, error and rollback.
 */

/** A CodeDeploy deployment as one poll reads it. */
export interface CodeDeployRead {
  /** GetDeployment. */
  readonly deployment: DeploymentInfo
  /** GetDeploymentTarget of <cluster>:<service>, once the deployment has started. */
  readonly target?: ECSTarget | undefined
}

/** A CodeDeploy deployment (services on the CODE_DEPLOY controller), and its rollback. */
export interface CodeDeploySnapshot extends CodeDeployRead {
  /** The rollback deployment CodeDeploy started for it (rollbackInfo.rollbackDeploymentId). */
  readonly rollback?: CodeDeployRead | undefined
}

/** What one poll of a CodeDeploy deployment sees. */
export interface CodeDeployPoll extends RolloutSnapshot {
  /** The CodeDeploy deployment (GetDeployment, GetDeploymentTarget). */
  readonly codeDeploy?: CodeDeploySnapshot | undefined
}

/** The deployment as this kind keeps it in the record (kindView): only this kind writes it. */
export const codeDeployOf = (kindView: unknown): CodeDeploySnapshot | undefined =>
  kindView as CodeDeploySnapshot | undefined
