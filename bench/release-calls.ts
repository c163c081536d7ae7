/*
 * npm run bench:release
 *
 * Prints the AWS calls a release makes per poll while its wave rolls out, for releases of 1, 3
 * and 10 independent services (one wave), run by the real engine (release mode) against the local
 * AWS stand-in. Each poll reads the whole wave with one DescribeServices (up to 10 services) and
 * one DescribeServiceDeployments (up to 20), whatever the number of services. Beside them, each
 * rolling service without a circuit breaker, where max-failed-tasks applies (its default, 3), is
 * counted with one ListTasks of its own per poll: ListTasks takes one `startedBy`, and nothing in
 * DescribeServices tells that none of its tasks stopped since the last poll (failedTasks "resets
 * to zero and stops being evaluated" once a task runs, and a task that stops and is replaced
 * between two polls leaves the counts as they were). The services here have no circuit breaker,
 * so the ListTasks column grows with the services; with one, or max-failed-tasks 0, it is absent.
 * ListServiceDeployments and DescribeServiceRevisions are made once per service, to find its
 * service deployment. Numbers only: nothing here asserts a count.
 */
import { benchDeps } from './support/deps.js'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { EcrApi } from '../src/aws/ecr.js'
import { BatchingEcsApi } from '../src/aws/ecs/batching.js'
import { LogsApi } from '../src/aws/logs.js'
import { release } from '../src/engine/modes/release.js'
import { readSettings } from '../src/engine/settings/settings.js'
import { STATIC_KEYS, rollouts, startStandIn } from '../tools/stand-in/index.js'

const print = (text = '') => process.stdout.write(`${text}\n`)
const CLUSTER = 'bench'

async function measure(count: number) {
  const standIn = await startStandIn({ serviceDeployments: true })
  const dir = mkdtempSync(join(tmpdir(), 'bench-release-'))
  const entries: string[] = []
  for (let i = 1; i <= count; i++) {
    const td = {
      family: `svc-${i}`,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        { name: 'app', image: `public.ecr.aws/docker/library/busybox:${i}`, essential: true }
      ]
    }
    const arn = standIn.ecs.seedTaskDefinition(td)
    standIn.ecs.seedService({
      cluster: CLUSTER,
      service: `svc-${i}`,
      taskDefinition: arn,
      desiredCount: 2,
      rollouts: [rollouts.succeeds(2, 4)]
    })
    writeFileSync(join(dir, `svc-${i}.json`), JSON.stringify(td))
    entries.push(`  - service: svc-${i}\n    task-definition: ${join(dir, `svc-${i}.json`)}`)
  }
  writeFileSync(join(dir, 'release.yml'), `services:\n${entries.join('\n')}\n`)
  const inputs: Record<string, string> = {
    'aws-region': 'us-east-1',
    cluster: CLUSTER,
    release: join(dir, 'release.yml'),
    'poll-interval-seconds': '1'
  }
  const settings = readSettings(name => inputs[name] ?? '', process.env)
  const client = {
    region: 'us-east-1',
    endpoint: standIn.endpoint,
    credentials: {
      accessKeyId: STATIC_KEYS.AWS_ACCESS_KEY_ID,
      secretAccessKey: STATIC_KEYS.AWS_SECRET_ACCESS_KEY
    }
  }
  const report = await release({
    s: settings,
    io: {
      ...benchDeps({
        ecs: new BatchingEcsApi(new ECSClient(client)),
        logs: new LogsApi(new CloudWatchLogsClient(client)),
        ecr: new EcrApi(new ECRClient(client)),
        // The one adapter a kind brings: CodeDeploy's, on the stand-in.
        kindClient: new CodeDeployClient(client)
      }),
      tempDir: dir,
      run: { sha: '', runUrl: '' }
    }
  })
  const calls = standIn.calls.map(c => c.op)
  const from = calls.lastIndexOf('UpdateService') + 1
  const to = calls.indexOf('TagResource')
  const watch = calls.slice(from, to)
  const polls = watch.filter(op => op === 'DescribeServices').length
  const byOp = new Map<string, number>()
  for (const op of watch) byOp.set(op, (byOp.get(op) ?? 0) + 1)
  await standIn.close()
  rmSync(dir, { recursive: true, force: true })
  return { count, outcome: report.outcome, polls, byOp }
}

print('| services | outcome | polls | calls per poll (by operation) |')
print('|---|---|---|---|')
for (const count of [1, 3, 10]) {
  const m = await measure(count)
  const perPoll = [...m.byOp]
    .map(([op, n]) => `${op} ${(n / Math.max(1, m.polls)).toFixed(2)}`)
    .join(', ')
  print(`| ${m.count} | ${m.outcome} | ${m.polls} | ${perPoll} |`)
}
