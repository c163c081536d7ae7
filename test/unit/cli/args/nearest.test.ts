import { describe, expect, it } from '@jest/globals'
import { editDistance, nearest } from '../../../../src/cli/args/nearest.js'

describe('edit distance and the nearest known word', () => {
  it.each([
    ['', '', 0],
    ['cluster', 'cluster', 0],
    ['clustr', 'cluster', 1],
    ['cluser', 'cluster', 1],
    ['regoin', 'region', 2],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3]
  ])('%s → %s: %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d)
    expect(editDistance(b, a)).toBe(d)
  })

  it.each([
    ['clustr', ['service', 'cluster', 'image'], 'cluster'],
    ['imag', ['images', 'image'], 'image'],
    ['x', ['ab', 'cd'], 'ab'],
    ['x', [], undefined]
  ])('nearest(%s)', (word, known, expected) => {
    expect(nearest(word, known)).toBe(expected)
  })
})
