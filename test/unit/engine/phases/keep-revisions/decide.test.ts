import { describe, expect, it } from '@jest/globals'
import {
  chooseRevisions,
  type Use
} from '../../../../../src/engine/phases/keep-revisions/decide.js'

/*
 * Which revisions keep-revisions deregisters, as a table: the family's ACTIVE list as
 * ListTaskDefinitions answered it, N, the revision deployed and what uses which revision.
 */

const arn = (n: number, family = 'megilance-backend') =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${n}`
const use = (n: number, why: string): Use => ({ arn: arn(n), why })
const names = (arns: readonly string[]) => arns.map(a => Number(a.slice(a.lastIndexOf(':') + 1)))

interface Row {
  readonly active: readonly string[]
  readonly keep: number
  readonly deployed: number
  readonly inUse: readonly Use[]
  readonly deregister: readonly number[]
  readonly kept: readonly [number, string][]
}

const deployedAndBefore = (deployed: number, before: number) => [
  use(deployed, 'the revision just deployed'),
  use(before, 'the revision that ran before')
]

const cases: [string, Row][] = [
  [
    '6 revisions, keep 2: the 4 older ones but the one a running task uses',
    {
      active: [6, 5, 4, 3, 2, 1].map(n => arn(n)),
      keep: 2,
      deployed: 6,
      inUse: [...deployedAndBefore(6, 5), use(2, 'a running task (3f9a)')],
      deregister: [4, 3, 1],
      kept: [[2, 'a running task (3f9a)']]
    }
  ],
  [
    'the list in any order, an ARN twice: each revision once, newest first',
    {
      active: [1, 4, 6, 2, 6, 5, 3].map(n => arn(n)),
      keep: 3,
      deployed: 6,
      inUse: deployedAndBefore(6, 5),
      deregister: [3, 2, 1],
      kept: []
    }
  ],
  [
    'no more revisions than N: nothing',
    {
      active: [3, 2, 1].map(n => arn(n)),
      keep: 3,
      deployed: 3,
      inUse: deployedAndBefore(3, 2),
      deregister: [],
      kept: []
    }
  ],
  [
    'keep 1: the one that ran before (the rollback target) stays all the same',
    {
      active: [4, 3, 2, 1].map(n => arn(n)),
      keep: 1,
      deployed: 4,
      inUse: deployedAndBefore(4, 3),
      deregister: [2, 1],
      kept: [[3, 'the revision that ran before']]
    }
  ],
  [
    'a revision newer than the one deployed (another run registered it) is never deregistered',
    {
      active: [7, 6, 5, 4, 3].map(n => arn(n)),
      keep: 1,
      deployed: 5,
      inUse: deployedAndBefore(5, 4),
      deregister: [3],
      kept: [
        [6, 'newer than the revision deployed'],
        [5, 'the revision just deployed'],
        [4, 'the revision that ran before']
      ]
    }
  ],
  [
    'several uses of one revision are said together; a use named FAMILY:REVISION counts',
    {
      active: [5, 4, 3, 2, 1].map(n => arn(n)),
      keep: 2,
      deployed: 5,
      inUse: [
        ...deployedAndBefore(5, 4),
        use(1, 'rule:nightly runs it'),
        use(1, '2 running tasks'),
        { arn: 'megilance-backend:3', why: 'a task set of the service' }
      ],
      deregister: [2],
      kept: [
        [3, 'a task set of the service'],
        [1, 'rule:nightly runs it; 2 running tasks']
      ]
    }
  ],
  [
    "another family's ARN in the answer is not touched",
    {
      active: [arn(3), arn(2), arn(9, 'megilance-backend-worker'), arn(1)],
      keep: 1,
      deployed: 3,
      inUse: deployedAndBefore(3, 2),
      deregister: [1],
      kept: [[2, 'the revision that ran before']]
    }
  ]
]

describe('chooseRevisions', () => {
  it.each(cases)('%s', (_name, row) => {
    const decision = chooseRevisions(row.active, {
      family: 'megilance-backend',
      keep: row.keep,
      deployed: arn(row.deployed),
      inUse: row.inUse
    })
    expect(names(decision.deregister)).toEqual(row.deregister)
    expect(decision.kept.map(u => [names([u.arn])[0], u.why])).toEqual(row.kept)
    expect(decision.deregister.every(a => a.includes('task-definition/megilance-backend:'))).toBe(
      true
    )
  })
})
