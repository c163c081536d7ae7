import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { COMMAND_NAMES, COMMANDS } from '../../../../src/cli/args/commands.js'
import { CLI_SESSION_NAME, NOT_FLAGS } from '../../../../src/cli/args/flags.js'
import { commandHelp, generalHelp } from '../../../../src/cli/args/help.js'

/*
 * The CLI's flags against action-ecs-deploy/action.yml: each input a flag under its own name
 * (or named in NOT_FLAGS with why not), the same defaults, booleans where the action's are.
 */

interface Input {
  readonly default?: string
}
const inputs = (
  parse(readFileSync('action-ecs-deploy/action.yml', 'utf8')) as {
    inputs: Record<string, Input>
  }
).inputs
const flags = COMMAND_NAMES.flatMap(c => COMMANDS[c].flags)
const byInput = new Map(flags.filter(f => f.input !== undefined).map(f => [f.input, f]))

/** Defaults the CLI has of its own. */
const CLI_DEFAULTS: Record<string, string | undefined> = {
  'role-session-name': CLI_SESSION_NAME,
  'github-token': undefined // ${{ github.token }}; the CLI reads GITHUB_TOKEN
}

describe("the CLI's flags are action-ecs-deploy's inputs", () => {
  it('every input is a flag, or named with why it is not', () => {
    const missing = Object.keys(inputs).filter(name => !byInput.has(name) && !(name in NOT_FLAGS))
    expect(missing).toEqual([])
    expect(Object.keys(NOT_FLAGS).filter(name => byInput.has(name))).toEqual([])
  })

  it("every flag for an input names one of action.yml's", () => {
    expect([...byInput.keys()].filter(name => !(String(name) in inputs))).toEqual([])
  })

  it('each flag is named as its input (but --region and --role-arn, whose input names are aliases)', () => {
    const renamed = [...byInput.values()]
      .filter(f => f.name !== f.input)
      .map(f => [f.name, f.aliases])
    expect(renamed).toEqual([
      ['region', ['aws-region']],
      ['role-arn', ['role-to-assume']]
    ])
  })

  it.each(Object.entries(inputs))("%s: action.yml's default", (name, input) => {
    const flag = byInput.get(name)
    if (flag === undefined) return
    const expected = name in CLI_DEFAULTS ? CLI_DEFAULTS[name] : input.default
    expect({ name, default: flag.default }).toEqual({ name, default: expected })
  })

  it("booleans are the inputs whose default is 'true' or 'false' (and that have a flag)", () => {
    const booleans = Object.entries(inputs)
      .filter(([, i]) => i.default === 'true' || i.default === 'false')
      .filter(([name]) => !(name in NOT_FLAGS))
      .map(([name]) => name)
      .sort()
    const flagged = [...byInput.values()]
      .filter(f => f.kind === 'boolean')
      .map(f => f.input)
      .sort()
    expect(flagged).toEqual(booleans)
  })

  it('each command takes each flag once; status and diff take none that changes a service', () => {
    for (const c of COMMAND_NAMES) {
      const names = COMMANDS[c].flags.map(f => f.name)
      expect(new Set(names).size).toBe(names.length)
    }
    const writing = ['desired-count', 'force-new-deployment', 'run-task-command', 'rollback-to']
    const statusAndDiff = [...COMMANDS.status.flags, ...COMMANDS.diff.flags].map(f => f.name)
    expect(statusAndDiff.filter(n => writing.includes(n))).toEqual([])
    expect(COMMANDS.status.flags.map(f => f.name).sort()).toEqual(
      [
        'audience',
        'cluster',
        'color',
        'help',
        'json',
        'profile',
        'region',
        'role-arn',
        'role-session-name',
        'service'
      ].sort()
    )
  })
})

describe('--help', () => {
  it.each(COMMAND_NAMES)('%s lists each of its flags, with its default', name => {
    const help = commandHelp(COMMANDS[name])
    expect(help).toContain(`Usage: ecs-deploy ${name} `)
    for (const flag of COMMANDS[name].flags) {
      expect(help).toMatch(new RegExp(`^  --${flag.name}\\b`, 'm'))
      if (flag.default !== undefined) expect(help).toContain(`default: ${flag.default}`)
    }
  })

  it('the general help lists the commands and the exit codes', () => {
    const help = generalHelp()
    for (const name of COMMAND_NAMES) expect(help).toMatch(new RegExp(`^  ${name} `, 'm'))
    expect(help).toContain('2 bad input, nothing written')
  })
})
