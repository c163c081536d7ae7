/**
 * What the engine leaves for a cancelled run's clean-up (an action's post step, through
 * core.saveState), set and cleared here alone: while a rollout is being watched, the post step
 * can report where it stood; while the one-off task runs, the post step can stop it.
 */
export const STATE = {
  cluster: 'cluster',
  service: 'service',
  region: 'region',
  deploymentId: 'deployment-id',
  taskDefinitionArn: 'task-definition-arn',
  watching: 'watching',
  runTaskArn: 'run-task-arn',
  runTaskCluster: 'run-task-cluster',
  runTaskRunning: 'run-task-running',
  /** rollback-on-cancel: the revision to put back, and the kind that puts it back (its name). */
  putBackTo: 'put-back-to',
  putBackKind: 'put-back-kind',
  /** A release: the services whose keys are kept under SERVICE/NAME, in the order of its waves. */
  releaseServices: 'release-services',
  /** A release: whether rollback-on-cancel puts back every service it changed. */
  releaseRollbackOnCancel: 'release-rollback-on-cancel',
  /** A release: where one service stands (ReleaseStage); '' once the release has ended. */
  releaseStage: 'release-stage'
} as const

/**
 * Where one service of a release stands, saved as it changes: not started yet, in progress (from
 * its first write to its verdict), being put back by the release after another failed, or the
 * outcome its rollout ended with (succeeded, failed, rolled-back, …).
 */
export type ReleaseStage = 'not-started' | 'in-progress' | 'putting-back' | EndedAs

/** An Outcome (phases/report/report.ts), not imported: that would close an import cycle. */
type EndedAs = string

export interface WatchedRollout {
  readonly cluster: string
  readonly service: string
  readonly region: string
  readonly deploymentId: string
  readonly taskDefinitionArn: string
  /** rollback-on-cancel: what a cancelled job's post step puts back, and through which kind. */
  readonly putBack?: {
    readonly taskDefinitionArn: string
    /** The kind's name (kinds/index.ts finds it again): it puts the deployment back its way. */
    readonly kind: string
  }
}

export class PostState {
  constructor(
    private readonly saveState: (name: string, value: string) => void,
    private readonly prefix = ''
  ) {}

  private save(name: string, value: string): void {
    this.saveState(`${this.prefix}${name}`, value)
  }

  /** A release of these services, in the order of its waves: each keeps its own keys (forService). */
  release(services: readonly string[], rollbackOnCancel: boolean): void {
    this.save(STATE.releaseServices, JSON.stringify(services))
    this.save(STATE.releaseRollbackOnCancel, String(rollbackOnCancel))
  }

  /** Where this service of a release stands now; '' once the release has ended. */
  releaseStage(stage: ReleaseStage | ''): void {
    this.save(STATE.releaseStage, stage)
  }

  /** The post state of one service of a release: its keys under SERVICE/. */
  forService(service: string): PostState {
    return new PostState(this.saveState, `${this.prefix}${service}/`)
  }

  /** A rollout is being watched from now on. */
  watching(r: WatchedRollout): void {
    this.save(STATE.cluster, r.cluster)
    this.save(STATE.service, r.service)
    this.save(STATE.region, r.region)
    this.save(STATE.deploymentId, r.deploymentId)
    this.save(STATE.taskDefinitionArn, r.taskDefinitionArn)
    this.save(STATE.putBackTo, r.putBack?.taskDefinitionArn ?? '')
    this.save(STATE.putBackKind, r.putBack?.kind ?? '')
    this.save(STATE.watching, 'true')
  }

  /** The watch ended (whatever its end): the post step has nothing to report. */
  clear(): void {
    this.save(STATE.watching, 'false')
  }

  /** The one-off task runs from now on (RunTask answered). */
  oneOffTaskRunning(cluster: string, taskArn: string): void {
    this.save(STATE.runTaskCluster, cluster)
    this.save(STATE.runTaskArn, taskArn)
    this.save(STATE.runTaskRunning, 'true')
  }

  /**
   * The one-off task stopped, or this step stopped it: the post step has nothing to stop. Left
   * set when the step fails while the task runs, so the post step stops it.
   */
  oneOffTaskEnded(): void {
    this.save(STATE.runTaskRunning, 'false')
  }
}
