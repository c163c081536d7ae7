import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ContainerDefinition,
  type RegisterTaskDefinitionCommandInput
} from '@aws-sdk/client-ecs'
import type { ActionRun } from '../../../support/action-env.js'
import {
  BACKEND as backend,
  STEP as base,
  deployStep,
  stubSteady
} from '../../../support/deploy-step.js'
import {
  ACCOUNT,
  BACKEND_IMAGE_NEW,
  REGION,
  fargateTaskDefinition
} from '../../../support/ecs-fixtures.js'

/*
 * Every render input that amazon-ecs-render-task-definition v1.9.0 has and we had not (command,
 * env-files, task-role-arn, execution-role-arn, log-configuration-log-driver,
 * log-configuration-options) and the per-container sizes, driven through the whole step: what
 * RegisterTaskDefinition receives for a good value, and for a bad one the error naming the input
 * with no RegisterTaskDefinition and no UpdateService made.
 * Over 250 lines: two tables (good values, bad values) over every render input, read top to bottom.
 */

const step = deployStep()
const { ecs } = step

const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`
const ENV_FILE = 'arn:aws:s3:::megilance-config/backend/production.env'
const OTHER_ENV_FILE = 'arn:aws:s3:::megilance-config/shared.env'
const AWSLOGS = {
  logDriver: 'awslogs' as const,
  options: {
    'awslogs-group': '/ecs/megilance-backend',
    'awslogs-region': REGION,
    'awslogs-stream-prefix': 'backend'
  }
}

/** A Fargate family with the backend and a worker (no logging, an old env file). */
function twoContainers(over: Record<string, unknown> = {}): string {
  return step.taskDefinition(
    fargateTaskDefinition({
      executionRoleArn: ROLE('megilance-execution'),
      containerDefinitions: [
        {
          name: 'backend',
          image: 'placeholder',
          essential: true,
          logConfiguration: AWSLOGS
        },
        {
          name: 'worker',
          image: 'placeholder',
          essential: false,
          environmentFiles: [{ value: OTHER_ENV_FILE, type: 's3' }]
        }
      ],
      ...over
    })
  )
}

const deploy = (inputs: Record<string, string>): Promise<ActionRun> =>
  step.run({ ...inputs, 'wait-for-service-stability': 'false' })

function registeredInput(): RegisterTaskDefinitionCommandInput {
  const calls = ecs.commandCalls(RegisterTaskDefinitionCommand)
  expect(calls).toHaveLength(1)
  return calls[0]!.args[0].input
}

const container = (td: RegisterTaskDefinitionCommandInput, name: string): ContainerDefinition =>
  td.containerDefinitions!.find(c => c.name === name)!

beforeEach(() => stubSteady(ecs))

const good: Array<{
  name: string
  inputs: () => Record<string, string>
  expect: (td: RegisterTaskDefinitionCommandInput, r: ActionRun) => void
}> = [
  {
    name: 'command, split at spaces as amazon-ecs-render-task-definition does',
    inputs: () => ({ ...backend, command: 'uvicorn app.main:app --host 0.0.0.0 --port 8000' }),
    expect: (td, r) => {
      expect(container(td, 'backend').command).toEqual([
        'uvicorn',
        'app.main:app',
        '--host',
        '0.0.0.0',
        '--port',
        '8000'
      ])
      expect(r.summary).toContain(
        'backend: command unset → ["uvicorn","app.main:app","--host","0.0.0.0","--port","8000"]'
      )
    }
  },
  {
    name: 'command as a JSON array (an argument with spaces)',
    inputs: () => ({ ...backend, command: '["sh", "-c", "alembic upgrade head && uvicorn app"]' }),
    expect: td =>
      expect(container(td, 'backend').command).toEqual([
        'sh',
        '-c',
        'alembic upgrade head && uvicorn app'
      ])
  },
  {
    name: 'env-files replace the container environmentFiles (type s3), by ARN in the diff',
    inputs: () => ({ ...backend, 'env-files': `${ENV_FILE}\n${OTHER_ENV_FILE}` }),
    expect: (td, r) => {
      expect(container(td, 'backend').environmentFiles).toEqual([
        { value: ENV_FILE, type: 's3' },
        { value: OTHER_ENV_FILE, type: 's3' }
      ])
      expect(r.summary).toContain(`backend: env file + ${ENV_FILE}`)
    }
  },
  {
    name: 'env-files on the images containers only, when there is no container-name',
    inputs: () => ({
      ...base,
      'task-definition': twoContainers(),
      images: `worker=${BACKEND_IMAGE_NEW}`,
      'env-files': ENV_FILE
    }),
    expect: td => {
      expect(container(td, 'worker').environmentFiles).toEqual([{ value: ENV_FILE, type: 's3' }])
      expect(container(td, 'backend').environmentFiles).toBeUndefined()
    }
  },
  {
    name: 'task-role-arn sets taskRoleArn',
    inputs: () => ({ ...backend, 'task-role-arn': ROLE('megilance-backend-task') }),
    expect: (td, r) => {
      expect(td.taskRoleArn).toBe(ROLE('megilance-backend-task'))
      expect(r.summary).toContain(`task: task role unset → ${ROLE('megilance-backend-task')}`)
    }
  },
  {
    name: 'execution-role-arn sets executionRoleArn',
    inputs: () => ({ ...backend, 'execution-role-arn': ROLE('megilance-execution-v2') }),
    expect: td => expect(td.executionRoleArn).toBe(ROLE('megilance-execution-v2'))
  },
  {
    name: 'log-configuration-log-driver and -options: another driver starts with its own options',
    inputs: () => ({
      ...backend,
      'log-configuration-log-driver': 'splunk',
      'log-configuration-options':
        'splunk-url=https://splunk.example:8088\nsplunk-token=00000000-1111-2222-3333-444444444444'
    }),
    expect: (td, r) => {
      expect(container(td, 'backend').logConfiguration).toEqual({
        logDriver: 'splunk',
        options: {
          'splunk-url': 'https://splunk.example:8088',
          'splunk-token': '00000000-1111-2222-3333-444444444444'
        }
      })
      for (const text of [r.log, r.summary]) {
        expect(text).toContain('backend: logging awslogs → splunk')
        expect(text).toContain('backend: log option + splunk-url=https://splunk.example:8088')
        expect(text).toContain('backend: log option + splunk-token=(hidden)')
        expect(text).toContain('backend: log option - awslogs-group')
        expect(text).not.toContain('00000000-1111')
      }
    }
  },
  {
    name: 'log-configuration-options merged into the awslogs options the container has',
    inputs: () => ({
      ...backend,
      'log-configuration-options': 'mode=non-blocking\nmax-buffer-size=25m'
    }),
    expect: (td, r) => {
      expect(container(td, 'backend').logConfiguration).toEqual({
        logDriver: 'awslogs',
        options: { ...AWSLOGS.options, mode: 'non-blocking', 'max-buffer-size': '25m' }
      })
      expect(r.summary).toContain('backend: log option + mode=non-blocking')
    }
  },
  {
    name: 'log driver awslogs with log-group on a container without logging: group, region, prefix',
    inputs: () => ({
      ...base,
      'task-definition': twoContainers(),
      'container-name': 'worker',
      image: BACKEND_IMAGE_NEW,
      'log-configuration-log-driver': 'awslogs',
      'log-group': '/ecs/megilance-worker',
      'log-configuration-options': 'awslogs-create-group=true'
    }),
    expect: td => {
      expect(container(td, 'worker').logConfiguration).toEqual({
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/megilance-worker',
          'awslogs-region': REGION,
          'awslogs-stream-prefix': 'worker',
          'awslogs-create-group': 'true'
        }
      })
      expect(container(td, 'backend').logConfiguration).toEqual(AWSLOGS)
    }
  },
  {
    name: 'container-cpu, container-memory, container-memory-reservation on container-name',
    inputs: () => ({
      ...base,
      'task-definition': twoContainers(),
      'container-name': 'backend',
      image: BACKEND_IMAGE_NEW,
      'container-cpu': '384',
      'container-memory': '896',
      'container-memory-reservation': '768'
    }),
    expect: (td, r) => {
      expect(container(td, 'backend')).toMatchObject({
        cpu: 384,
        memory: 896,
        memoryReservation: 768
      })
      expect(container(td, 'worker').cpu).toBeUndefined()
      expect(r.summary).toContain('backend: cpu unset → 384')
      expect(r.summary).toContain('backend: memoryReservation unset → 768')
    }
  },
  {
    name: 'container-name with several names, comma-separated: each gets the image and the settings',
    inputs: () => ({
      ...base,
      'task-definition': twoContainers(),
      'container-name': 'backend,worker',
      image: BACKEND_IMAGE_NEW,
      command: 'python -m app'
    }),
    expect: td => {
      for (const name of ['backend', 'worker']) {
        expect(container(td, name)).toMatchObject({
          image: BACKEND_IMAGE_NEW,
          command: ['python', '-m', 'app']
        })
      }
    }
  },
  {
    name: 'without container-name or images: every container; sums equal to the task size pass',
    inputs: () => ({
      ...base,
      'task-definition': twoContainers(),
      images: '',
      'container-cpu': '256',
      'container-memory': '512',
      command: 'python -m app'
    }),
    expect: td => {
      for (const name of ['backend', 'worker']) {
        expect(container(td, name)).toMatchObject({
          cpu: 256,
          memory: 512,
          command: ['python', '-m', 'app']
        })
      }
    }
  },
  {
    // ECS decides (container-size.ts): a warning, and RegisterTaskDefinition answers.
    name: "a container's memory over the task's: a warning naming it and both sizes, then registered",
    inputs: () => ({ ...backend, 'container-memory': '2048' }),
    expect: (td, r) => {
      expect(container(td, 'backend').memory).toBe(2048)
      expect(td.memory).toBe('1024')
      expect(r.log).toMatch(
        /^::warning title=Containers' memory above the task's::The containers reserve 2048 MiB of memory \(backend 2048\), more than the task's 1024 MiB\. ECS decides/m
      )
    }
  }
]

describe('each new render input reaches RegisterTaskDefinition', () => {
  it.each(good)('$name', async ({ inputs, expect: check }) => {
    const r = await deploy(inputs())
    expect(r.log).not.toMatch(/::error::/)
    expect(r.failed).toBe(false)
    expect(r.outputs.outcome).toBe('started')
    check(registeredInput(), r)
  })
})

const bad: Array<{ name: string; inputs: () => Record<string, string>; error: RegExp }> = [
  {
    name: 'container-name with an empty name in its list',
    inputs: () => ({ ...backend, 'container-name': 'backend,' }),
    error: /Input "container-name": "backend," has an empty name/
  },
  {
    name: 'container-name with a name the task definition lacks, among several',
    inputs: () => ({ ...backend, 'container-name': 'backend,worker' }),
    error: /Input "container-name": container "worker" is not in task definition family/
  },
  {
    name: 'task-role-arn that is not an ARN',
    inputs: () => ({ ...backend, 'task-role-arn': 'megilance-backend-task' }),
    error: /Input "task-role-arn": "megilance-backend-task" is not an IAM role ARN/
  },
  {
    name: 'execution-role-arn of a user, not a role',
    inputs: () => ({ ...backend, 'execution-role-arn': `arn:aws:iam::${ACCOUNT}:user/deployer` }),
    error:
      /Input "execution-role-arn": "arn:aws:iam::123456789012:user\/deployer" is not an IAM role ARN/
  },
  {
    name: 'env-files given as an s3:// URL, not an ARN',
    inputs: () => ({ ...backend, 'env-files': 's3://megilance-config/production.env' }),
    error: /Input "env-files": "s3:\/\/megilance-config\/production.env" is not an S3 object ARN/
  },
  {
    name: 'env-files without the .env extension',
    inputs: () => ({ ...backend, 'env-files': 'arn:aws:s3:::megilance-config/production.txt' }),
    error: /Input "env-files": .* does not end in \.env/
  },
  {
    name: 'more than ten env-files',
    inputs: () => ({
      ...backend,
      'env-files': Array.from({ length: 11 }, (_, i) => `arn:aws:s3:::cfg-bucket/${i}.env`).join(
        '\n'
      )
    }),
    error: /Input "env-files": 11 files given; ECS takes up to 10/
  },
  {
    name: 'a log driver ECS does not know',
    inputs: () => ({ ...backend, 'log-configuration-log-driver': 'logentries' }),
    error: /Input "log-configuration-log-driver": "logentries" is not a log driver ECS knows/
  },
  {
    name: 'a log driver Fargate does not run',
    inputs: () => ({ ...backend, 'log-configuration-log-driver': 'syslog' }),
    error: /Input "log-configuration-log-driver": "syslog" does not run on Fargate/
  },
  {
    name: 'log options for a container without a log driver',
    inputs: () => ({
      ...base,
      'task-definition': twoContainers(),
      'container-name': 'worker',
      image: BACKEND_IMAGE_NEW,
      'log-configuration-options': 'mode=non-blocking'
    }),
    error: /Input "log-configuration-options": container "worker" has no log driver/
  },
  {
    name: 'a log option line without =',
    inputs: () => ({ ...backend, 'log-configuration-options': 'mode' }),
    error: /Input "log-configuration-options": line 1 \("mode"\) is not key=value/
  },
  {
    name: 'a command with two spaces in a row',
    inputs: () => ({ ...backend, command: 'npm  start' }),
    error: /Input "command": "npm {2}start" has two spaces in a row/
  },
  {
    name: 'a command that starts like JSON but is not an array of strings',
    inputs: () => ({ ...backend, command: '["npm", 1]' }),
    error: /Input "command": starts with "\[" but is not a JSON array of strings/
  },
  {
    name: 'container-cpu that is not a number',
    inputs: () => ({ ...backend, 'container-cpu': 'half' }),
    error: /Input "container-cpu": "half" is not a whole number/
  },
  {
    name: 'container-memory below the 6 MiB Docker reserves',
    inputs: () => ({ ...backend, 'container-memory': '4' }),
    error: /Input "container-memory": 4 is below the minimum of 6/
  },
  {
    name: 'container-memory-reservation above container-memory',
    inputs: () => ({
      ...backend,
      'container-memory': '512',
      'container-memory-reservation': '768'
    }),
    error: /Input "container-memory-reservation": 768 MiB is more than container-memory \(512 MiB\)/
  },
  {
    name: "a container's cpu over the task's",
    inputs: () => ({ ...backend, 'container-cpu': '1024' }),
    error:
      /Inputs "container-cpu"\/"cpu": the containers reserve 1024 CPU units \(backend 1024\), more than the task's 512/
  },
  {
    name: "every container's size adding up to more than the task's",
    inputs: () => ({
      ...base,
      'task-definition': twoContainers(),
      'container-cpu': '384',
      'container-memory-reservation': '600'
    }),
    error:
      /the containers reserve 768 CPU units \(backend 384, worker 384\), more than the task's 512/
  },
  {
    name: "a task cpu input lowered below the containers' sum in the file",
    inputs: () => ({
      ...base,
      'task-definition': twoContainers({
        cpu: '1024',
        memory: '2048',
        containerDefinitions: [
          { name: 'backend', image: 'x', cpu: 512, memoryReservation: 1024 },
          { name: 'worker', image: 'x', cpu: 512, memoryReservation: 1024 }
        ]
      }),
      cpu: '512',
      memory: '1024'
    }),
    error:
      /the containers reserve 1024 CPU units \(backend 512, worker 512\), more than the task's 512/
  }
]

describe('a bad value stops the step before RegisterTaskDefinition', () => {
  it.each(bad)('$name', async ({ inputs, error }) => {
    const r = await deploy(inputs())
    expect(r.failed).toBe(true)
    expect(r.log).toMatch(error)
    expect(r.summary).toContain('ECS deploy stopped')
    expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand)
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand)
  })
})
