/*
 * The parts of a botocore service-2.json model the conformance check reads: operations with their
 * input and output shapes, and shapes by name. Documentation strings and traits the check does not
 * use (box, sensitive, deprecated, idempotencyToken) may be present and are ignored.
 */

/** The services whose models are in models/, by file name. */
export const SERVICES = [
  'ecs',
  'ecr',
  'logs',
  'sts',
  'codedeploy',
  'elbv2',
  'cloudwatch',
  'events',
  'scheduler'
] as const

export type ServiceName = (typeof SERVICES)[number]

/** A reference to a shape: a structure member, a list member, a map key or value, an operation's input. */
export interface ShapeRef {
  readonly shape: string
  /** REST protocols: where the member travels (uri, querystring, header, ...). */
  readonly location?: string
  readonly locationName?: string
  /** A member-level timestamp format (iso8601, rfc822, unixTimestamp). */
  readonly timestampFormat?: string
}

interface Constrained {
  readonly min?: number
  readonly max?: number
}

export interface StructureShape {
  readonly type: 'structure'
  readonly members: Readonly<Record<string, ShapeRef>>
  readonly required?: readonly string[]
  /** An error shape: never checked. */
  readonly exception?: boolean
  /** A document: any JSON value, not checked further. */
  readonly document?: boolean
  /** A tagged union: exactly one member is set. */
  readonly union?: boolean
  readonly eventstream?: boolean
  /** An error shape's HTTP status on the REST protocols. */
  readonly error?: { readonly httpStatusCode?: number }
}

export interface ListShape extends Constrained {
  readonly type: 'list'
  readonly member: ShapeRef
}

export interface MapShape extends Constrained {
  readonly type: 'map'
  readonly key: ShapeRef
  readonly value: ShapeRef
}

export interface StringShape extends Constrained {
  readonly type: 'string'
  readonly enum?: readonly string[]
  /** A Java-style regular expression, not implicitly anchored. */
  readonly pattern?: string
}

export interface NumberShape extends Constrained {
  readonly type: 'integer' | 'long' | 'double' | 'float'
}

export interface BooleanShape {
  readonly type: 'boolean'
}

export interface TimestampShape {
  readonly type: 'timestamp'
  readonly timestampFormat?: string
}

export interface BlobShape extends Constrained {
  readonly type: 'blob'
}

export type Shape =
  | StructureShape
  | ListShape
  | MapShape
  | StringShape
  | NumberShape
  | BooleanShape
  | TimestampShape
  | BlobShape

export interface Operation {
  readonly name: string
  /** REST protocols: the method and the path (with {Label} parts) that name the operation. */
  readonly http?: { readonly method: string; readonly requestUri: string }
  readonly input?: ShapeRef
  readonly output?: ShapeRef
}

export interface ServiceModel {
  readonly metadata: {
    readonly protocol: string
    readonly serviceId: string
    readonly targetPrefix?: string
    readonly apiVersion: string
  }
  readonly operations: Readonly<Record<string, Operation>>
  readonly shapes: Readonly<Record<string, Shape>>
}

/** One way a value breaks its shape: where (`UpdateService.input.deploymentConfiguration.foo`) and what. */
export interface Violation {
  readonly path: string
  readonly problem: string
}

/** A step down to a value: a structure's member, a list's item, a map's key or its value. */
export type Step =
  | { readonly member: string }
  | { readonly index: number }
  | { readonly key: string; readonly of: 'key' | 'value' }

/**
 * The constraint of the model a value breaks, for a caller that words it as a service does:
 * `type` the value is not of the shape's type (a null item of a list or value of a map is not);
 * `required` a required member is missing; `unknown` the shape has no such member; `union` not
 * exactly one member of a union is set; `enum`, `pattern` a string's; `min` / `max` a length
 * (string code points, list or map entries, blob bytes) or a number's value out of bounds;
 * `operation` no such operation, or no such input or output, in the model.
 */
export type Rule =
  | { readonly kind: 'type'; readonly type: Shape['type'] }
  | { readonly kind: 'required' | 'unknown' | 'operation' }
  | { readonly kind: 'union'; readonly count: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'pattern'; readonly pattern: string }
  | {
      readonly kind: 'min' | 'max'
      readonly limit: number
      readonly of: 'length' | 'entries' | 'bytes' | 'value'
    }

/** A violation with where it is as steps, the value there and the rule it breaks. */
export interface ShapeViolation extends Violation {
  readonly at: readonly Step[]
  readonly value: unknown
  readonly rule: Rule
}

export const formatViolation = (v: Violation): string => `${v.path}: ${v.problem}`
