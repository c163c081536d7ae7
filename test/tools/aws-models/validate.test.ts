import { describe, expect, it } from '@jest/globals'
import {
  type ServiceModel,
  formatViolation,
  validateOperation
} from '../../../tools/aws-models/index.js'

/*
 * The validator against a small model written here, one shape of each kind with each constraint,
 * so every case names the one rule it breaks (or keeps).
 */

const model: ServiceModel = {
  metadata: { protocol: 'json', serviceId: 'Test', apiVersion: '2024-01-01' },
  operations: {
    Put: { name: 'Put', input: { shape: 'PutRequest' }, output: { shape: 'PutResponse' } },
    Ping: { name: 'Ping', input: { shape: 'Empty' } }
  },
  shapes: {
    PutRequest: {
      type: 'structure',
      required: ['name'],
      members: {
        name: { shape: 'Name' },
        mode: { shape: 'Mode' },
        count: { shape: 'Count' },
        big: { shape: 'Long' },
        ratio: { shape: 'Ratio' },
        on: { shape: 'Bool' },
        at: { shape: 'Time' },
        atIso: { shape: 'Time', timestampFormat: 'iso8601' },
        data: { shape: 'Data' },
        tags: { shape: 'Tags' },
        labels: { shape: 'Labels' },
        inner: { shape: 'Inner' },
        choice: { shape: 'Choice' },
        doc: { shape: 'Doc' },
        unreadable: { shape: 'Unreadable' }
      }
    },
    PutResponse: { type: 'structure', members: { id: { shape: 'Name' } } },
    Empty: { type: 'structure', members: {} },
    Name: { type: 'string', min: 1, max: 5, pattern: '[a-z]*' },
    Mode: { type: 'string', enum: ['FAST', 'SLOW'] },
    Count: { type: 'integer', min: 0, max: 10 },
    Long: { type: 'long' },
    Ratio: { type: 'double', min: 0, max: 1 },
    Bool: { type: 'boolean' },
    Time: { type: 'timestamp' },
    Data: { type: 'blob', max: 3 },
    Tags: { type: 'list', member: { shape: 'Name' }, min: 1, max: 2 },
    Labels: { type: 'map', key: { shape: 'Name' }, value: { shape: 'Count' }, max: 1 },
    Inner: { type: 'structure', required: ['mode'], members: { mode: { shape: 'Mode' } } },
    Choice: {
      type: 'structure',
      union: true,
      members: { a: { shape: 'Name' }, b: { shape: 'Count' } }
    },
    Doc: { type: 'structure', document: true, members: {} },
    // \p{Punct} is a Java POSIX class JavaScript cannot read: the pattern goes unchecked.
    Unreadable: { type: 'string', pattern: '\\p{Punct}+' }
  }
}

/** A PutRequest with its required name, and more. */
const ok = (extra: Record<string, unknown>): Record<string, unknown> => ({ name: 'ok', ...extra })

const put = (extra: Record<string, unknown>) =>
  validateOperation(model, 'Put', 'input', ok(extra)).map(formatViolation)

describe('validateOperation: values that break the model', () => {
  it.each([
    ['a required member missing', {}, 'Put.input.name: required by PutRequest, missing'],
    ['a required member null', { name: null }, 'Put.input.name: required by PutRequest, missing'],
    [
      'an unknown member',
      ok({ colour: 'red' }),
      'Put.input.colour: unknown member: PutRequest has no colour'
    ],
    [
      'a nested unknown member',
      ok({ inner: { mode: 'FAST', x: 1 } }),
      'Put.input.inner.x: unknown member: Inner has no x'
    ],
    [
      'a nested required member',
      ok({ inner: {} }),
      'Put.input.inner.mode: required by Inner, missing'
    ],
    [
      'a structure that is an array',
      ok({ inner: [] }),
      'Put.input.inner: expected an object (Inner), got an array'
    ],
    [
      'a string that is a number',
      ok({ mode: 1 }),
      'Put.input.mode: expected a string, got number 1'
    ],
    [
      'a value outside the enum',
      ok({ mode: 'fast' }),
      'Put.input.mode: "fast" is not one of FAST, SLOW'
    ],
    ['a string too short', { name: '' }, 'Put.input.name: length 0 is below the minimum 1'],
    ['a string too long', { name: 'abcdef' }, 'Put.input.name: length 6 is above the maximum 5'],
    [
      'a string off its pattern',
      { name: 'ab1' },
      'Put.input.name: "ab1" does not match the pattern [a-z]*'
    ],
    [
      'an integer with a fraction',
      ok({ count: 1.5 }),
      'Put.input.count: expected an integer, got 1.5'
    ],
    [
      'an integer as a string',
      ok({ count: '3' }),
      'Put.input.count: expected an integer, got string "3"'
    ],
    ['an integer below its range', ok({ count: -1 }), 'Put.input.count: -1 is below the minimum 0'],
    [
      'an integer above its range',
      ok({ count: 11 }),
      'Put.input.count: 11 is above the maximum 10'
    ],
    ['a long with a fraction', ok({ big: 0.5 }), 'Put.input.big: expected a long, got 0.5'],
    [
      'a double as a string',
      ok({ ratio: '0.5' }),
      'Put.input.ratio: expected a number, got string "0.5"'
    ],
    [
      'a boolean as a string',
      ok({ on: 'true' }),
      'Put.input.on: expected a boolean, got string "true"'
    ],
    [
      'a timestamp as an ISO string',
      ok({ at: '2024-01-01T00:00:00Z' }),
      'Put.input.at: expected epoch seconds (a number), got string "2024-01-01T00:00:00Z"'
    ],
    [
      'an iso8601 timestamp as a number',
      ok({ atIso: 1700000000 }),
      'Put.input.atIso: expected a iso8601 timestamp string, got number 1700000000'
    ],
    ['a blob not base64', ok({ data: 'a*b=' }), 'Put.input.data: not base64'],
    [
      'a blob too large',
      ok({ data: 'AAAAAA==' }),
      'Put.input.data: size (bytes) 4 is above the maximum 3'
    ],
    ['a list too short', ok({ tags: [] }), 'Put.input.tags: 0 entries, below the minimum 1'],
    [
      'a list too long',
      ok({ tags: ['a', 'b', 'c'] }),
      'Put.input.tags: 3 entries, above the maximum 2'
    ],
    [
      'a list that is a string',
      ok({ tags: 'a' }),
      'Put.input.tags: expected an array, got string "a"'
    ],
    [
      'a list member off its shape',
      ok({ tags: ['a', 'B'] }),
      'Put.input.tags[1]: "B" does not match the pattern [a-z]*'
    ],
    ['null in a list', ok({ tags: ['a', null] }), 'Put.input.tags[1]: null in a list'],
    [
      'a map too large',
      ok({ labels: { a: 1, b: 2 } }),
      'Put.input.labels: 2 entries, above the maximum 1'
    ],
    [
      'a map key off its shape',
      ok({ labels: { A: 1 } }),
      'Put.input.labels.A (key): "A" does not match the pattern [a-z]*'
    ],
    [
      'a map value off its shape',
      ok({ labels: { a: 11 } }),
      'Put.input.labels.a: 11 is above the maximum 10'
    ],
    [
      'a union with two members',
      ok({ choice: { a: 'x', b: 1 } }),
      'Put.input.choice: Choice is a union: exactly one member, got 2'
    ]
  ])('%s', (_name, value, violation) => {
    const found = validateOperation(model, 'Put', 'input', value).map(formatViolation)
    expect(found).toEqual([violation])
  })

  it('reports an integer past the 32-bit range', () => {
    expect(put({ count: 2 ** 31 })).toEqual([
      'Put.input.count: 2147483648 is outside the 32-bit integer range',
      'Put.input.count: 2147483648 is above the maximum 10'
    ])
  })

  it('reports every violation, each with its path', () => {
    expect(put({ name: 'x1', mode: 'NONE', tags: [] })).toEqual([
      'Put.input.name: "x1" does not match the pattern [a-z]*',
      'Put.input.mode: "NONE" is not one of FAST, SLOW',
      'Put.input.tags: 0 entries, below the minimum 1'
    ])
  })

  it('checks an answer against the output shape', () => {
    expect(
      validateOperation(model, 'Put', 'output', { id: 'ok', extra: 1 }).map(formatViolation)
    ).toEqual(['Put.output.extra: unknown member: PutResponse has no extra'])
  })

  it('refuses an operation the model does not have', () => {
    expect(validateOperation(model, 'Get', 'input', {}).map(formatViolation)).toEqual([
      'Get: no operation Get in the Test model'
    ])
  })

  it('refuses a value for an operation that has no output', () => {
    expect(validateOperation(model, 'Ping', 'output', { x: 1 }).map(formatViolation)).toEqual([
      'Ping.output: the operation has no output'
    ])
  })

  it('refuses an input that is not an object', () => {
    expect(validateOperation(model, 'Put', 'input', 'name=ok').map(formatViolation)).toEqual([
      'Put.input: expected an object (PutRequest), got string "name=ok"'
    ])
  })
})

describe('validateOperation: values the model allows', () => {
  it.each([
    ['only the required member', {}],
    ['every scalar at its limits', { name: 'abcde', count: 10, ratio: 0, on: false, mode: 'SLOW' }],
    ['a long past 32 bits', { big: 2 ** 40 }],
    ['a timestamp in epoch seconds with a fraction', { at: 1700000000.123 }],
    ['a timestamp as the text of its number (the SDK reads it)', { at: '1700000000.5' }],
    ['an iso8601 timestamp', { atIso: '2024-01-01T00:00:00Z' }],
    ['a double that is NaN or Infinity, as JSON carries them', { ratio: 'NaN' }],
    ['a blob in base64 within its size', { data: 'AAAA' }],
    ['a list and a map within their sizes', { tags: ['a', 'b'], labels: { a: 0 } }],
    ['a union with one member', { choice: { b: 2 } }],
    ['a union with one member and the others null', { choice: { a: null, b: 2 } }],
    ['a document holding anything', { doc: { any: ['thing', 1, { deep: true }] } }],
    ['a member that is null (absent, as the SDK reads it)', { mode: null }],
    ['a pattern JavaScript cannot read, left unchecked', { unreadable: '1 2 3' }],
    ['a nested structure', { inner: { mode: 'FAST' } }]
  ])('%s', (_name, extra) => {
    expect(put(extra)).toEqual([])
  })

  it('an operation without output answered with an empty object', () => {
    expect(validateOperation(model, 'Ping', 'output', {})).toEqual([])
  })
})
