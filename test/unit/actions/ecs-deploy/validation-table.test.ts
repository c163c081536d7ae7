import { describe, expect, it, beforeEach } from '@jest/globals'
import { RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { BACKEND, deployStep, stubSteady } from '../../../support/deploy-step.js'
import { BACKEND_IMAGE_NEW, DESCRIBED_ONLY } from '../../../support/ecs-fixtures.js'
import {
  awsSamplesNginxFargate,
  chanheeFargate,
  circleciEc2,
  describeTaskDefinitionOutput,
  ecsExecExample,
  megilanceBackend,
  phpNginxBridge,
  soneeyaFargate
} from './validation-real-world.js'
import { shownEnvironmentValues } from '../../../support/environment-values.js'

/*
 * Every validation rule, on task definitions as people write them (validation-real-world.ts names
 * each source), both ways: what ECS refuses stops the step before RegisterTaskDefinition, with a
 * message naming the field and the fix; what ECS accepts is registered exactly as written, the
 * image of the deployed container aside (and the commit and run tags the step adds).
 * Over 250 lines: two tables (accepted, refused), one case per rule, read top to bottom.
 */

type Json = Record<string, unknown>
const { ecs, run, taskDefinition } = deployStep()
const SHA = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'
const OUR_TAGS = [
  { key: 'ecs-deploy-actions:commit', value: SHA },
  {
    key: 'ecs-deploy-actions:run',
    value: 'https://github.com/megilance/megilance/actions/runs/4242'
  }
]

beforeEach(() => stubSteady(ecs))

/** Deploys `td` (an object, or the file's text) with `container` taking the new image. */
function deploy(td: Json | string, container: string, extra: Record<string, string> = {}) {
  return run({
    ...BACKEND,
    'task-definition': taskDefinition(td),
    'container-name': container,
    'wait-for-service-stability': 'false',
    ...extra
  })
}

/** `td` changed by `edit` (a copy). */
function edited(td: Json, edit: (copy: Json & { containerDefinitions: Json[] }) => void): Json {
  const copy = structuredClone(td) as Json & { containerDefinitions: Json[] }
  edit(copy)
  return copy
}

/** A case: the file, the container that takes the new image, other inputs. */
interface Accepted {
  readonly name: string
  readonly td: Json
  readonly container: string
  readonly inputs?: Record<string, string>
}

const accepted: Accepted[] = [
  {
    name: 'developer guide ECS Exec example: cpu ".25 vcpu", memory ".5 gb", roles by short name, EC2+FARGATE, initProcessEnabled',
    td: ecsExecExample(),
    container: 'amazon-linux'
  },
  {
    name: 'soneeya-it21 taskdef: Fargate 256/512, private ECR image with an execution role, awslogs',
    td: soneeyaFargate(),
    container: 'app'
  },
  {
    name: 'Abdelali12-codes describe-task-definition output: unwrapped, read-only fields dropped, awsvpc hostPort = containerPort',
    td: describeTaskDefinitionOutput(),
    container: 'ci-coordinator'
  },
  {
    name: '4pits/circleci-ecs: EC2, bridge by default, no task size, container-level cpu',
    td: circleciEc2(),
    container: 'circleci-demo-service'
  },
  {
    name: '5sfayas php-nginx with its placeholders filled in: bridge, hostPort 0, links, nulls',
    td: edited(phpNginxBridge(), c => {
      delete c.taskDefinitionArn
      c.taskRoleArn = 'arn:aws:iam::123456789012:role/web-app-task'
      c.executionRoleArn = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'
      c.containerDefinitions[1]!.image =
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/nginx-web:latest'
    }),
    container: 'php-app-container'
  },
  {
    name: '2-chanhee with containerPort a number: nulls and an empty taskRoleArn are passed as written',
    td: edited(chanheeFargate(), c => {
      ;(c.containerDefinitions[0]!.portMappings as Json[])[0]!.containerPort = 3000
    }),
    container: 'test-1234'
  },
  {
    name: 'MegiLance backend: secrets by ARN, ${PORT} in the health check command is not a placeholder',
    td: megilanceBackend(),
    container: 'backend'
  },
  ...(
    [
      ['1 vCPU', '2 GB'],
      ['1 vcpu', '2GB'],
      ['.25 vcpu', '0.5 GB'],
      ['256', '512'],
      ['0.5 vCPU', '4096'],
      ['16 vCPU', '120 GB']
    ] as const
  ).map(([cpu, memory]) => ({
    name: `Fargate size cpu "${cpu}" memory "${memory}" (soneeya-it21 taskdef)`,
    td: edited(soneeyaFargate(), c => Object.assign(c, { cpu, memory })),
    container: 'app'
  })),
  {
    name: 'host network mode with hostPort = containerPort (4pits/circleci-ecs, networkMode host)',
    td: edited(circleciEc2(), c => {
      c.networkMode = 'host'
      c.containerDefinitions[0]!.portMappings = [{ containerPort: 80, hostPort: 80 }]
    }),
    container: 'circleci-demo-service'
  },
  {
    name: 'Fargate task storage volume without a host sourcePath (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => {
      c.volumes = [{ name: 'scratch' }]
      c.containerDefinitions[0]!.mountPoints = [{ sourceVolume: 'scratch', containerPath: '/tmp' }]
    }),
    container: 'app'
  },
  {
    name: 'environment values with ${VAR} that the application resolves (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => {
      c.containerDefinitions[0]!.environment = [
        { name: 'SPRING_DATASOURCE_URL', value: 'jdbc:postgresql://${DB_HOST}:5432/app' }
      ]
    }),
    container: 'app'
  },
  {
    name: 'a sidecar by digest and a registry with a port (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => {
      c.containerDefinitions.push(
        {
          name: 'xray',
          image: `public.ecr.aws/xray/aws-xray-daemon@sha256:${'c'.repeat(64)}`,
          essential: false
        },
        { name: 'proxy', image: 'registry.example.com:5000/team/envoy:v1.29.1', essential: false }
      )
    }),
    container: 'app'
  },
  {
    name: 'a file with a UTF-8 byte-order mark is read as JSON (4pits/circleci-ecs)',
    td: circleciEc2(),
    container: 'circleci-demo-service',
    inputs: { bom: 'true' }
  }
]

describe('accepted task definitions are registered intact', () => {
  it.each(accepted)('$name', async ({ td, container, inputs }) => {
    const { bom, ...extra } = inputs ?? {}
    const r =
      bom === 'true'
        ? await deploy(`\uFEFF${JSON.stringify(td, null, 2)}`, container)
        : await deploy(td, container, extra)
    expect(r.log).not.toMatch(/::error/)
    expect(r.failed).toBe(false)
    expect(r.outputs.outcome).toBe('started')
    const sent = ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0]
      .input as unknown as Json
    expect(sent).toEqual(expectedRegistration(td, container))
    expect(shownEnvironmentValues(`${r.log}\n${r.summary}`, td)).toEqual([])
  })
})

/** The file as RegisterTaskDefinition input: read-only fields out, our image and tags in. */
function expectedRegistration(td: Json, container: string): Json {
  const body = structuredClone((td.taskDefinition as Json | undefined) ?? td)
  for (const field of DESCRIBED_ONLY) delete body[field]
  for (const c of body.containerDefinitions as Json[]) {
    if (c.name === container) c.image = BACKEND_IMAGE_NEW
  }
  body.tags = [...((body.tags as Json[] | undefined) ?? []), ...OUR_TAGS]
  return body
}

interface Refused extends Accepted {
  /** Every line expected in the step's error, in any order. */
  readonly errors: readonly RegExp[]
}

const refused: Refused[] = [
  {
    name: 'aws-samples nginx_fargate.json: Fargate, awslogs, no execution role',
    td: awsSamplesNginxFargate(),
    container: 'nginx',
    errors: [
      /Fargate needs a task execution role \("executionRoleArn"\) because a container logs with the awslogs driver \(container "nginx"\); a container image is in a private ECR repository \(container "nginx"\)\. Add "executionRoleArn"/
    ]
  },
  {
    name: 'soneeya-it21 taskdef without its execution role, secrets from Secrets Manager',
    td: edited(soneeyaFargate(), c => {
      delete c.executionRoleArn
      delete c.containerDefinitions[0]!.logConfiguration
      c.containerDefinitions[0]!.secrets = [
        {
          name: 'DB_PASSWORD',
          valueFrom: 'arn:aws:secretsmanager:us-east-1:386825533943:secret:db-AbCdEf'
        }
      ]
    }),
    container: 'app',
    errors: [
      /because a container reads secrets from Secrets Manager or Parameter Store \(container "app"\); a container image is in a private ECR repository/
    ]
  },
  {
    name: '2-chanhee task-definition.json: containerPort written as the string "3000"',
    td: chanheeFargate(),
    container: 'test-1234',
    errors: [
      /Input "task-definition": .* has a field of the wrong JSON type; nothing was registered:%0A- container "test-1234": field "portMappings\[0\]\.containerPort" must be a whole number, not the string "3000"\. Write 3000 without quotes\./
    ]
  },
  {
    name: '5sfayas php-nginx as published: placeholders in the other image and both roles',
    td: phpNginxBridge(),
    container: 'php-app-container',
    errors: [
      /Container "nginx-web-container": "image" still holds the placeholder "<region>" \(a placeholder left unfilled in "12345678\.dkr\.ecr\.<region>\.amazonaws\.com\/nginx-web:latest"\)\. Replace it/,
      /"taskRoleArn" still holds the placeholder "<taskRoleArn>" \(a placeholder left unfilled\)/,
      /"executionRoleArn" still holds the placeholder "<executionRoleArn>"/
    ]
  },
  {
    name: 'a family of <TASK_NAME> (ECS Exec example)',
    td: edited(ecsExecExample(), c => (c.family = '<TASK_NAME>')),
    container: 'amazon-linux',
    errors: [/"family" still holds the placeholder "<TASK_NAME>"/]
  },
  {
    name: 'a role ARN with <ACCOUNT_ID> (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => {
      c.executionRoleArn = 'arn:aws:iam::<ACCOUNT_ID>:role/ecsTaskExecutionRole'
    }),
    container: 'app',
    errors: [/"executionRoleArn" still holds the placeholder "<ACCOUNT_ID>"/]
  },
  {
    name: '${Partition} in a log secret option (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => {
      c.containerDefinitions[0]!.logConfiguration = {
        logDriver: 'splunk',
        options: { 'splunk-url': 'https://splunk.example.com:8088' },
        secretOptions: [
          {
            name: 'splunk-token',
            valueFrom: 'arn:${Partition}:secretsmanager:us-east-1:386825533943:secret:splunk-AbCdEf'
          }
        ]
      }
    }),
    container: 'app',
    errors: [
      /Container "app": "logConfiguration\.secretOptions\[0\]\.valueFrom" still holds the placeholder "\$\{Partition\}"/
    ]
  },
  {
    name: 'another container image {{image}}, and REPLACE_ME in an environment value (a warning) (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => {
      c.containerDefinitions.push({ name: 'worker', image: '{{image}}', essential: false })
      c.containerDefinitions[0]!.environment = [{ name: 'API_KEY', value: 'REPLACE_ME' }]
    }),
    container: 'app',
    errors: [
      /Container "worker": "image" still holds the placeholder "\{\{image\}\}"/,
      /::warning title=Placeholder left in the task definition::Container "app": environment variable "API_KEY" looks like a placeholder/
    ]
  },
  {
    name: 'a file image of PLACEHOLDER in a second container (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => {
      c.containerDefinitions.push({ name: 'worker', image: 'PLACEHOLDER', essential: false })
    }),
    container: 'app',
    errors: [
      /Container "worker": image "PLACEHOLDER" is not an image reference: it is a placeholder left unfilled/
    ]
  },
  {
    name: 'a file image with a space (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => {
      c.containerDefinitions.push({ name: 'worker', image: 'web app:latest', essential: false })
    }),
    container: 'app',
    errors: [
      /Container "worker": image "web app:latest" is not an image reference: it contains a space/
    ]
  },
  {
    name: 'networkMode "default" (4pits/circleci-ecs)',
    td: edited(circleciEc2(), c => (c.networkMode = 'default')),
    container: 'circleci-demo-service',
    errors: [
      /"networkMode" is "default", which ECS does not know: use "awsvpc", "bridge", "host", "none", or leave it out for "bridge"\./
    ]
  },
  {
    name: 'awsvpc with hostPort 80 for containerPort 3000 (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => {
      c.containerDefinitions[0]!.portMappings = [{ containerPort: 3000, hostPort: 80 }]
    }),
    container: 'app',
    errors: [
      /Container "app": portMappings\[0\] has hostPort 80 and containerPort 3000; with "networkMode": "awsvpc" the hostPort must be left out or equal the containerPort\. Remove "hostPort", or set it to 3000\./
    ]
  },
  {
    name: 'port mappings with networkMode none (4pits/circleci-ecs)',
    td: edited(circleciEc2(), c => (c.networkMode = 'none')),
    container: 'circleci-demo-service',
    errors: [/with "networkMode": "none" a container cannot have "portMappings"/]
  },
  {
    name: 'Fargate with a host volume sourcePath (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => {
      c.volumes = [{ name: 'data', host: { sourcePath: '/ecs/data' } }]
    }),
    container: 'app',
    errors: [/Volume "data": Fargate does not support a host "sourcePath" \("\/ecs\/data"\)/]
  },
  {
    name: 'Fargate with sharedMemorySize, tmpfs and devices (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => {
      c.containerDefinitions[0]!.linuxParameters = {
        initProcessEnabled: true,
        sharedMemorySize: 2048,
        tmpfs: [{ containerPath: '/run', size: 64 }],
        devices: [{ hostPath: '/dev/fuse' }]
      }
    }),
    container: 'app',
    errors: [
      /Container "app": Fargate does not support linuxParameters "sharedMemorySize", "tmpfs", "devices"\. Remove them/
    ]
  },
  {
    name: 'Fargate without awsvpc (ECS Exec example on bridge)',
    td: edited(ecsExecExample(), c => (c.networkMode = 'bridge')),
    container: 'amazon-linux',
    errors: [/Fargate requires "networkMode": "awsvpc", but it is "bridge"/]
  },
  {
    name: 'Fargate ".25 vcpu" with "4 GB", quoted as written',
    td: edited(ecsExecExample(), c => (c.memory = '4 GB')),
    container: 'amazon-linux',
    errors: [
      /Fargate does not offer cpu "\.25 vcpu" \(256 CPU units\) with memory "4 GB" \(4096 MiB\)\. With 256 CPU units the memory is 512, 1024 or 2048 MiB\./
    ]
  },
  {
    name: 'Fargate without task-level cpu and memory (aws-samples nginx_fargate.json, execution role added)',
    td: edited(awsSamplesNginxFargate(), c => {
      delete c.cpu
      delete c.memory
      c.executionRoleArn = 'ecsTaskExecutionRole'
    }),
    container: 'nginx',
    errors: [/Fargate needs task-level "cpu" and "memory"; "cpu" and "memory" are not set\./]
  },
  {
    name: 'a cpu of "0.25 cores" (ECS Exec example)',
    td: edited(ecsExecExample(), c => (c.cpu = '0.25 cores')),
    container: 'amazon-linux',
    errors: [/Task "cpu" is "0\.25 cores", which is not a CPU size: use CPU units such as "512"/]
  },
  {
    name: 'a memory of "512 MB" (4pits/circleci-ecs)',
    td: edited(circleciEc2(), c => (c.memory = '512 MB')),
    container: 'circleci-demo-service',
    errors: [/Task "memory" is "512 MB", which is not a memory size: use MiB such as "1024"/]
  },
  {
    name: 'task cpu as a JSON number (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => (c.cpu = 256)),
    container: 'app',
    errors: [/field "cpu" must be a string, not the number 256\. Write "256" in quotes\./]
  },
  {
    name: 'tags as an object instead of an array (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => (c.tags = { team: 'web' })),
    container: 'app',
    errors: [/field "tags" must be an array, not an object\./]
  },
  {
    name: 'a family with a dot (4pits/circleci-ecs)',
    td: edited(circleciEc2(), c => (c.family = 'circleci.demo')),
    container: 'circleci-demo-service',
    errors: [/"family" is "circleci\.demo": a family is 1 to 255 letters, digits, "_" and "-"\./]
  },
  {
    name: 'an execution role that is an IAM policy ARN (soneeya-it21 taskdef)',
    td: edited(soneeyaFargate(), c => {
      c.executionRoleArn = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'
    }),
    container: 'app',
    errors: [
      /"executionRoleArn" is "arn:aws:iam::aws:policy\/service-role\/AmazonECSTaskExecutionRolePolicy", which is neither an IAM role ARN/
    ]
  },
  {
    name: 'no essential container (4pits/circleci-ecs)',
    td: edited(circleciEc2(), c => (c.containerDefinitions[0]!.essential = false)),
    container: 'circleci-demo-service',
    errors: [/a task needs at least one essential container/]
  },
  {
    name: 'Windows on Fargate with .25 vCPU (ECS Exec example)',
    td: edited(ecsExecExample(), c => {
      c.runtimePlatform = { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' }
    }),
    container: 'amazon-linux',
    errors: [/Windows containers on Fargate need at least 1 vCPU, but "cpu" is "\.25 vcpu"/]
  },
  {
    name: 'the image input with a space',
    td: soneeyaFargate(),
    container: 'app',
    inputs: { image: 'web app:latest' },
    errors: [
      /Input "image": the image for container "app", "web app:latest", is not an image reference: it contains a space\./
    ]
  },
  {
    name: 'an images line with an upper-case repository',
    td: soneeyaFargate(),
    container: 'app',
    inputs: { image: '', 'container-name': '', images: 'app=ghcr.io/Megilance/Backend:v1' },
    errors: [
      /Input "images": the image for container "app", "ghcr\.io\/Megilance\/Backend:v1", is not an image reference: its repository path "Megilance\/Backend" has upper-case letters/
    ]
  }
]

describe('refused task definitions stop before RegisterTaskDefinition', () => {
  it.each(refused)('$name', async ({ td, container, inputs, errors }) => {
    const r = await deploy(td, container, inputs)
    expect(r.failed).toBe(true)
    for (const error of errors) expect(r.log).toMatch(error)
    expect(r.log).not.toMatch(/TypeError|is not a function|Cannot read properties/)
    expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand)
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand)
    expect(r.summary).toContain('ECS deploy stopped')
    expect(shownEnvironmentValues(`${r.log}\n${r.summary}`, td)).toEqual([])
  })
})
