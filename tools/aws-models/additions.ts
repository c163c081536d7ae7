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

/*
 * None today. The last one, ecs DeploymentConfiguration.earlySuccessCriteria (API reference,
 * DeploymentEarlySuccessCriteria), is in the published ecs.json since it was refreshed: it is
 * checked as AWS publishes it (healthyPercent a BoxedInteger, no range).
 */
export const ADDITIONS: readonly Addition[] = []
