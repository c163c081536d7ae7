import { describe, expect, it } from '@jest/globals'
import type { Service, Task } from '@aws-sdk/client-ecs'
import type { Target } from '@aws-sdk/client-eventbridge'
import type { Schedule } from '../../../../../src/aws/scheduler.js'
import { chooseRevisions } from '../../../../../src/engine/phases/keep-revisions/decide.js'
import {
  isEcsCluster,
  ruleUses,
  scheduleUse,
  serviceUses,
  taskUses,
  type Here
} from '../../../../../src/engine/phases/keep-revisions/uses.js'

/*
 * Which revisions keep-revisions deregisters, given what the account-wide reads answered (the
 * services of each cluster, the tasks of the family in each, the rules' targets, the schedules),
 * as a table: megilance-backend has revisions 1 to 6 and runs 6 in megilance-cluster; keep 2.
 */

const AT = 'arn:aws:ecs:us-east-1:123456789012'
const td = (n: number, family = 'megilance-backend') => `${AT}:task-definition/${family}:${n}`
const here: Here = { cluster: 'megilance-cluster', service: 'megilance-backend' }
const revisions = (arns: readonly string[]) =>
  arns.map(a => Number(a.slice(a.lastIndexOf(':') + 1)))

interface Facts {
  readonly services?: readonly [cluster: string, service: Service][]
  readonly tasks?: readonly [cluster: string, tasks: Task[]][]
  readonly rules?: readonly [rule: string, bus: string, targets: Target[]][]
  readonly schedules?: readonly [name: string, group: string, schedule: Schedule][]
}

const service = (name: string, revision: number, more: Partial<Service> = {}): Service => ({
  serviceName: name,
  taskDefinition: td(revision),
  deployments: [{ status: 'PRIMARY', taskDefinition: td(revision) }],
  ...more
})
const task = (id: string, cluster: string, revision: number, desired = 'RUNNING'): Task => ({
  taskArn: `${AT}:task/${cluster}/${id}`,
  taskDefinitionArn: td(revision),
  desiredStatus: desired
})
const ecsTarget = (id: string, cluster: string, definition: string): Target => ({
  Id: id,
  Arn: `${AT}:cluster/${cluster}`,
  EcsParameters: { TaskDefinitionArn: definition }
})

function decide(f: Facts) {
  const uses = [
    { arn: td(6), why: 'the revision just deployed' },
    ...(f.services ?? []).flatMap(([c, s]) => serviceUses(s, c, here)),
    ...(f.tasks ?? []).flatMap(([c, t]) => taskUses(t, c, here)),
    ...(f.rules ?? []).flatMap(([r, bus, t]) => ruleUses(r, bus, t, 'megilance-backend')),
    ...(f.schedules ?? []).flatMap(([n, g, s]) => scheduleUse(n, g, s, 'megilance-backend') ?? [])
  ]
  const active = [6, 5, 4, 3, 2, 1].map(n => td(n))
  const d = chooseRevisions(active, {
    family: 'megilance-backend',
    keep: 2,
    deployed: td(6),
    inUse: uses
  })
  return {
    deregister: revisions(d.deregister),
    kept: d.kept.map(k => [revisions([k.arn])[0], k.why])
  }
}

const cases: [string, Facts, number[], [number, string][]][] = [
  ['nothing else uses them', {}, [4, 3, 2, 1], []],
  [
    'this service, mid-rollout: its ACTIVE deployment keeps the revision it leaves',
    {
      services: [
        [
          `${AT}:cluster/megilance-cluster`,
          service('megilance-backend', 6, {
            deployments: [
              { status: 'PRIMARY', taskDefinition: td(6) },
              { status: 'ACTIVE', taskDefinition: td(3) }
            ]
          })
        ]
      ]
    },
    [4, 2, 1],
    [[3, 'a ACTIVE deployment of the service']]
  ],
  [
    'a service of another name in this cluster, and one of the same name in another cluster',
    {
      services: [
        ['megilance-cluster', service('megilance-worker', 4)],
        [`${AT}:cluster/megilance-staging`, service('megilance-backend', 2)]
      ]
    },
    [3, 1],
    [
      [4, 'used by service megilance-worker in cluster megilance-cluster'],
      [2, 'used by service megilance-backend in cluster megilance-staging']
    ]
  ],
  [
    "a CODE_DEPLOY service's task sets in another cluster",
    {
      services: [
        [
          'blue-green',
          {
            serviceName: 'api',
            taskDefinition: td(6),
            taskSets: [
              { status: 'PRIMARY', taskDefinition: td(6) },
              { status: 'ACTIVE', taskDefinition: td(1) }
            ]
          }
        ]
      ]
    },
    [4, 3, 2],
    [[1, 'used by service api in cluster blue-green']]
  ],
  [
    'tasks here and elsewhere; a task told to stop uses nothing',
    {
      tasks: [
        [
          'megilance-cluster',
          [task('a1', 'megilance-cluster', 4), task('a2', 'megilance-cluster', 4)]
        ],
        [`${AT}:cluster/batch`, [task('b1', 'batch', 3), task('b2', 'batch', 2, 'STOPPED')]]
      ]
    },
    [2, 1],
    [
      [4, '2 running tasks'],
      [3, 'a task in cluster batch (b1)']
    ]
  ],
  [
    'a rule target of the family on any cluster (another family, a Lambda target: none)',
    {
      rules: [
        ['nightly', 'default', [ecsTarget('t1', 'batch', td(4))]],
        ['audit', 'ops', [ecsTarget('t2', 'batch', td(3, 'megilance-frontend'))]],
        [
          'cleanup',
          'default',
          [{ Id: 'fn', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:x' }]
        ]
      ]
    },
    [3, 2, 1],
    [[4, 'rule nightly (target t1) runs it']]
  ],
  [
    'a schedule of the family, by ARN; one that names the family alone runs the newest revision',
    {
      schedules: [
        ['weekly', 'jobs', { Target: ecsTarget('x', 'batch', td(2)) as Schedule['Target'] }],
        [
          'hourly',
          'default',
          { Target: ecsTarget('y', 'batch', 'megilance-backend') as Schedule['Target'] }
        ]
      ]
    },
    [4, 3, 1],
    [[2, 'schedule weekly@jobs runs it']]
  ]
]

describe('what the account-wide reads mean for the revisions (uses.ts, then chooseRevisions)', () => {
  it.each(cases)('%s', (_name, facts, deregister, kept) => {
    expect(decide(facts)).toEqual({ deregister, kept })
  })

  it.each([
    [`${AT}:cluster/megilance-cluster`, true],
    ['arn:aws-cn:ecs:cn-north-1:123456789012:cluster/x', true],
    ['arn:aws:lambda:us-east-1:123456789012:function:x', false],
    [undefined, false]
  ])('isEcsCluster(%s) is %s', (arn, expected) => {
    expect(isEcsCluster(arn)).toBe(expected)
  })
})
