import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'

/** The service as it was when the step began. */
export interface CurrentService {
  readonly service: Service
  readonly arn: string | undefined
  readonly taskDefinition: TaskDefinition | undefined
  /** The commit that made the running revision (this suite's commit tag), if it has one. */
  readonly commit: string | undefined
  /** The running revision's outcome tag, if deploy mode set one. */
  readonly outcome: string | undefined
  /** One deployment, COMPLETED, running = desired: ECS had finished rolling it out. */
  readonly steady: boolean
  /** Where the service answers, for kinds whose services have an ingress (Express Mode). */
  readonly ingress?: Ingress | undefined
}

/** An Express service and its ingress endpoint (servicename.ecs.region.on.aws). */
export interface Ingress {
  readonly serviceArn: string
  readonly endpoint: string | undefined
}
