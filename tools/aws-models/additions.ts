import type { ServiceName, Shape, ShapeRef } from './types.js'

/*
 * Members newer than the model files in models/: the API has moved past them. Each addition is a
 * member of a structure the file has, the shapes it needs that the file lacks, and the API
 * reference that documents it, quoted. The list stays short: when a model file is refreshed and
 * carries an addition itself, loading it fails (load.ts) until the addition is taken out here.
 */

export interface Addition {
  readonly service: ServiceName
  /** The structure that gains the member, as the model file names it. */
  readonly structure: string
  readonly member: string
  readonly ref: ShapeRef
  /** Shapes the member needs that the model file does not have. */
  readonly shapes: Readonly<Record<string, Shape>>
  /** The API reference page that documents the member. */
  readonly source: string
}

export const ADDITIONS: readonly Addition[] = [
  {
    /*
     * Amazon ECS API Reference, DeploymentEarlySuccessCriteria: "The configuration that determines
     * when a rolling update deployment is considered successful. Early success criteria defines the
     * percentage of tasks that must be healthy before a deployment completes."
     * - enable: "Type: Boolean. Required: Yes"
     * - healthyPercent: "This percentage is relative to the service's desiredCount and must be an
     *   integer between 0 and 100."
     * - sourceServiceRevisionCleanup: "The valid values are: BLOCKING ... DEFERRED"
     * The SDK this project bundles has the same (@aws-sdk/client-ecs 3.1164, models_0.d.ts:
     * DeploymentConfiguration.earlySuccessCriteria?: DeploymentEarlySuccessCriteria, with
     * enable: boolean, healthyPercent?: number, sourceServiceRevisionCleanup?: ServiceRevisionCleanup,
     * enums.d.ts: ServiceRevisionCleanup BLOCKING | DEFERRED).
     */
    service: 'ecs',
    structure: 'DeploymentConfiguration',
    member: 'earlySuccessCriteria',
    ref: { shape: 'DeploymentEarlySuccessCriteria' },
    shapes: {
      DeploymentEarlySuccessCriteria: {
        type: 'structure',
        required: ['enable'],
        members: {
          enable: { shape: 'Boolean' },
          healthyPercent: { shape: 'HealthyPercentInteger' },
          sourceServiceRevisionCleanup: { shape: 'ServiceRevisionCleanup' }
        }
      },
      HealthyPercentInteger: { type: 'integer', min: 0, max: 100 },
      ServiceRevisionCleanup: { type: 'string', enum: ['BLOCKING', 'DEFERRED'] }
    },
    source:
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentEarlySuccessCriteria.html'
  }
]
