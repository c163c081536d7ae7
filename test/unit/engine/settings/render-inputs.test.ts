import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../../src/shared/parse.js'
import { INPUTS, readSettings } from '../../../../src/engine/settings/settings.js'
import { parseCommand } from '../../../../src/engine/settings/render-inputs.js'

/** readSettings over a map of inputs (service and region given). */
function settings(inputs: Record<string, string>) {
  return readSettings(
    name => inputs[name] ?? (name === 'service' ? 'svc' : name === 'aws-region' ? 'us-east-1' : ''),
    {}
  )
}

describe('command', () => {
  const cases: Array<[string, readonly string[] | undefined]> = [
    ['', undefined],
    ['npm start', ['npm', 'start']],
    ['  npm start  ', ['npm', 'start']],
    // as amazon-ecs-render-task-definition: no quoting, every space splits
    ['sh -c "a b"', ['sh', '-c', '"a', 'b"']],
    ['["sh", "-c", "a b"]', ['sh', '-c', 'a b']]
  ]
  it.each(cases)('%j → %j', (text, argv) => expect(parseCommand(text)).toEqual(argv))

  it.each(['a  b', '[1]', '[]', '["a"', 'a\nb'])('refuses %j', text => {
    expect(() => parseCommand(text)).toThrow(InputError)
    expect(() => parseCommand(text)).toThrow(/^Input "command": /)
  })
})

describe('the new render inputs in the settings', () => {
  it('are declared under their amazon-ecs-render-task-definition names', () => {
    expect(Object.values(INPUTS)).toEqual(
      expect.arrayContaining([
        'command',
        'env-files',
        'task-role-arn',
        'execution-role-arn',
        'log-configuration-log-driver',
        'log-configuration-options',
        'container-cpu',
        'container-memory',
        'container-memory-reservation'
      ])
    )
  })

  it('parse into the render settings', () => {
    const s = settings({
      command: 'python -m app',
      'env-files':
        'arn:aws:s3:::cfg-bucket/a.env\n# a comment\narn:aws-cn:s3:::cfg-bucket/dir/b.env',
      'task-role-arn': 'arn:aws:iam::123456789012:role/task',
      'execution-role-arn': 'arn:aws-us-gov:iam::123456789012:role/path/exec',
      'log-configuration-log-driver': 'awsfirelens',
      'log-configuration-options': 'Name=cloudwatch\nlog_key=log=x',
      'container-cpu': '0',
      'container-memory': '512',
      'container-memory-reservation': '512'
    })
    expect(s.render).toMatchObject({
      command: ['python', '-m', 'app'],
      envFiles: ['arn:aws:s3:::cfg-bucket/a.env', 'arn:aws-cn:s3:::cfg-bucket/dir/b.env'],
      taskRoleArn: 'arn:aws:iam::123456789012:role/task',
      executionRoleArn: 'arn:aws-us-gov:iam::123456789012:role/path/exec',
      logDriver: 'awsfirelens',
      logOptions: [
        { key: 'Name', value: 'cloudwatch' },
        { key: 'log_key', value: 'log=x' } // the value keeps its "=" (the render action cuts it)
      ],
      containerCpu: 0,
      containerMemory: 512,
      containerMemoryReservation: 512
    })
  })

  it('leave everything unchanged when empty', () => {
    expect(settings({}).render).toMatchObject({
      command: undefined,
      envFiles: [],
      taskRoleArn: '',
      executionRoleArn: '',
      logDriver: '',
      logOptions: [],
      containerCpu: undefined,
      containerMemory: undefined,
      containerMemoryReservation: undefined
    })
  })

  const bad: Array<[Record<string, string>, RegExp]> = [
    [
      { 'task-role-arn': 'arn:aws:iam::12345:role/x' },
      /"task-role-arn": .* is not an IAM role ARN/
    ],
    [{ 'execution-role-arn': 'arn:aws:iam::123456789012:policy/x' }, /"execution-role-arn"/],
    [{ 'env-files': 'arn:aws:s3:::Bad_Bucket/a.env' }, /"env-files": .* is not an S3 object ARN/],
    [{ 'env-files': 'arn:aws:s3:::bucket' }, /"env-files": .* is not an S3 object ARN/],
    [
      { 'log-configuration-log-driver': 'none' },
      /"log-configuration-log-driver": "none" is not a log driver ECS knows/
    ],
    [{ 'log-configuration-log-driver': 'AWSLOGS' }, /"log-configuration-log-driver"/],
    [{ 'container-cpu': '-1' }, /"container-cpu": -1 is below the minimum of 0/],
    [
      { 'container-memory-reservation': '5' },
      /"container-memory-reservation": 5 is below the minimum of 6/
    ]
  ]
  it.each(bad)('refuses %j', (inputs, error) => {
    expect(() => settings(inputs)).toThrow(InputError)
    expect(() => settings(inputs)).toThrow(error)
  })
})
