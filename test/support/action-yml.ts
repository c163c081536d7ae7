import { expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

/** The parts of an action.yml the contract tests read. */
export interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string; post?: string }
}

export type ActionName = 'build-push' | 'ecs-deploy'

export const readActionYml = (name: ActionName): ActionYml =>
  parse(readFileSync(`action-${name}/action.yml`, 'utf8')) as ActionYml

/**
 * What every action.yml promises, as tests in the caller's describe: exactly the inputs the code
 * reads and the outputs it sets, and its bundles run on node24 with a post step.
 */
export function itKeepsTheActionContract(
  name: ActionName,
  inputs: Readonly<Record<string, string>>,
  outputs: Readonly<Record<string, string>>
): void {
  const action = readActionYml(name)
  it('declares exactly the inputs the code reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(inputs).sort())
  })

  it('declares exactly the outputs the code sets', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(outputs).sort())
  })

  it('runs the bundles on node24 with a post step', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: `../dist/${name}/index.js`,
      post: `../dist/${name}/post.js`
    })
  })
}
