import { describe, expect, it } from '@jest/globals'
import {
  type ServiceModel,
  conformInput,
  conformOperation,
  conformShape,
  validateOperation
} from '../../../tools/aws-models/index.js'

/*
 * What a service words its own refusals from: each violation's steps, the value there and the
 * rule it breaks; and the value as the shape keeps it (unknown and null members dropped).
 */

const model: ServiceModel = {
  metadata: { protocol: 'json', serviceId: 'Test', apiVersion: '2024-01-01' },
  operations: {
    Put: { name: 'Put', input: { shape: 'PutRequest' } },
    Ping: { name: 'Ping' }
  },
  shapes: {
    PutRequest: {
      type: 'structure',
      required: ['Name'],
      members: {
        Name: { shape: 'Name' },
        Mode: { shape: 'Mode' },
        Count: { shape: 'Count' },
        Big: { shape: 'Long' },
        Items: { shape: 'Items' },
        Labels: { shape: 'Labels' }
      }
    },
    Item: { type: 'structure', required: ['Id'], members: { Id: { shape: 'Name' } } },
    Name: { type: 'string', min: 1, max: 5, pattern: '[a-z]*' },
    Mode: { type: 'string', enum: ['FAST', 'SLOW'] },
    Count: { type: 'integer', min: 0, max: 10 },
    Long: { type: 'long' },
    Items: { type: 'list', member: { shape: 'Item' }, max: 2 },
    Labels: { type: 'map', key: { shape: 'Name' }, value: { shape: 'Count' } }
  }
}

const put = (value: Record<string, unknown>) =>
  validateOperation(model, 'Put', 'input', { Name: 'ok', ...value }).map(
    ({ at, value: v, rule }) => ({ at, value: v, rule })
  )

describe('violations carry their steps, value and rule', () => {
  it.each([
    [
      'a required member missing',
      { Name: undefined },
      { at: [{ member: 'Name' }], value: null, rule: { kind: 'required' } }
    ],
    [
      'an unknown member',
      { Colour: 'red' },
      { at: [{ member: 'Colour' }], value: 'red', rule: { kind: 'unknown' } }
    ],
    [
      'a value of another type',
      { Count: '3' },
      { at: [{ member: 'Count' }], value: '3', rule: { kind: 'type', type: 'integer' } }
    ],
    [
      'a long with a fraction',
      { Big: 0.5 },
      { at: [{ member: 'Big' }], value: 0.5, rule: { kind: 'type', type: 'long' } }
    ],
    [
      'a value outside the enum',
      { Mode: 'x' },
      { at: [{ member: 'Mode' }], value: 'x', rule: { kind: 'enum', values: ['FAST', 'SLOW'] } }
    ],
    [
      'a string off its pattern',
      { Name: 'A' },
      { at: [{ member: 'Name' }], value: 'A', rule: { kind: 'pattern', pattern: '[a-z]*' } }
    ],
    [
      'a string too long',
      { Name: 'abcdef' },
      { at: [{ member: 'Name' }], value: 'abcdef', rule: { kind: 'max', limit: 5, of: 'length' } }
    ],
    [
      'a number below its minimum',
      { Count: -1 },
      { at: [{ member: 'Count' }], value: -1, rule: { kind: 'min', limit: 0, of: 'value' } }
    ],
    [
      'a list too long',
      { Items: [{ Id: 'a' }, { Id: 'b' }, { Id: 'c' }] },
      {
        at: [{ member: 'Items' }],
        value: [{ Id: 'a' }, { Id: 'b' }, { Id: 'c' }],
        rule: { kind: 'max', limit: 2, of: 'entries' }
      }
    ],
    [
      'a member of a list item',
      { Items: [{ Id: 'a' }, {}] },
      {
        at: [{ member: 'Items' }, { index: 1 }, { member: 'Id' }],
        value: null,
        rule: { kind: 'required' }
      }
    ],
    [
      'a null list item, not of the item type',
      { Items: [null] },
      {
        at: [{ member: 'Items' }, { index: 0 }],
        value: null,
        rule: { kind: 'type', type: 'structure' }
      }
    ],
    [
      'a map key',
      { Labels: { A: 1 } },
      {
        at: [{ member: 'Labels' }, { key: 'A', of: 'key' }],
        value: 'A',
        rule: { kind: 'pattern', pattern: '[a-z]*' }
      }
    ],
    [
      'a map value',
      { Labels: { a: 11 } },
      {
        at: [{ member: 'Labels' }, { key: 'a', of: 'value' }],
        value: 11,
        rule: { kind: 'max', limit: 10, of: 'value' }
      }
    ]
  ])('%s', (_name, value, violation) => {
    expect(put(value)).toEqual([violation])
  })

  it('an integer past 32 bits breaks the bound it passes', () => {
    expect(put({ Count: -(2 ** 31) - 1 })[0]?.rule).toEqual({
      kind: 'min',
      limit: -(2 ** 31),
      of: 'value'
    })
  })

  it('an operation the model does not have', () => {
    expect(validateOperation(model, 'Get', 'input', {})[0]?.rule).toEqual({ kind: 'operation' })
  })
})

describe('conformOperation, conformShape: the value as its shape keeps it', () => {
  it('drops unknown and null members, nested too, and keeps the model order of members', () => {
    const { value, violations } = conformOperation(model, 'Put', 'input', {
      Count: 1,
      Colour: 'red',
      Mode: null,
      Name: 'ok',
      Items: [{ Id: 'a', Extra: true }],
      Labels: { a: 1 }
    })
    expect(JSON.stringify(value)).toBe(
      JSON.stringify({ Name: 'ok', Count: 1, Items: [{ Id: 'a' }], Labels: { a: 1 } })
    )
    expect(violations.map(v => v.path)).toEqual(['Put.input.Colour', 'Put.input.Items[0].Extra'])
  })

  it('a shape by name, with paths under the one given', () => {
    const { value, violations } = conformShape(model, { shape: 'Item' }, { Id: 'A', x: 1 }, 'Item')
    expect(value).toEqual({ Id: 'A' })
    expect(violations.map(v => `${v.path} ${v.rule.kind}`)).toEqual([
      'Item.Id pattern',
      'Item.x unknown'
    ])
  })

  it('an operation without input takes an empty one', () => {
    expect(conformOperation(model, 'Ping', 'input', undefined)).toEqual({
      value: {},
      violations: []
    })
  })

  it("conformInput reads the service's published model", () => {
    const { value, violations } = conformInput('events', 'RemoveTargets', {
      Rule: 'nightly',
      Ids: ['a'],
      Colour: 'red'
    })
    expect(value).toEqual({ Rule: 'nightly', Ids: ['a'] })
    expect(violations.map(v => v.rule.kind)).toEqual(['unknown'])
  })
})
