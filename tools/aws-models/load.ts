import { readFileSync } from 'node:fs'
import { ADDITIONS, type Addition } from './additions.js'
import type { ServiceModel, ServiceName, Shape, StructureShape } from './types.js'

/*
 * A service's model: models/<service>.json as AWS publishes it, with the members newer than the
 * file (additions.ts) added. Read once per process and shared: the validator never changes it.
 */

const MODELS = new URL('./models/', import.meta.url)

const cache = new Map<ServiceName, ServiceModel>()

export function loadModel(service: ServiceName): ServiceModel {
  const cached = cache.get(service)
  if (cached !== undefined) return cached
  const file = new URL(`${service}.json`, MODELS)
  const published = JSON.parse(readFileSync(file, 'utf8')) as ServiceModel
  const model = withAdditions(
    published,
    ADDITIONS.filter(a => a.service === service)
  )
  cache.set(service, model)
  return model
}

/** The model with the additions in: new shapes, and new members on the structures named. */
export function withAdditions(model: ServiceModel, additions: readonly Addition[]): ServiceModel {
  const shapes: Record<string, Shape> = { ...model.shapes }
  for (const addition of additions) {
    const where = `additions.ts: ${addition.service} ${addition.structure}.${addition.member}`
    const target = shapes[addition.structure]
    if (target?.type !== 'structure') {
      throw new Error(`${where}: the model has no structure ${addition.structure}`)
    }
    if (addition.member in target.members) {
      throw new Error(`${where}: the model file has this member now; take the addition out`)
    }
    for (const [name, shape] of Object.entries(addition.shapes)) {
      if (name in shapes) throw new Error(`${where}: the model file has a shape ${name} already`)
      shapes[name] = shape
    }
    const grown: StructureShape = {
      ...target,
      members: { ...target.members, [addition.member]: addition.ref }
    }
    shapes[addition.structure] = grown
  }
  return { ...model, shapes }
}
