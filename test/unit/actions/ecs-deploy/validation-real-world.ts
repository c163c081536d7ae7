/*
 * Task definitions as people really write them, each from a named public source (kept as found;
 * a test that changes one says how). They are reference data for the validation tables.
 * Over 250 lines: each task definition is kept whole, as found.
 */

type Json = Record<string, unknown>

/**
 * The ECS developer guide, "Monitor Amazon ECS containers with ECS Exec", optional task
 * definition changes (awsdocs/amazon-ecs-developer-guide, doc_source/ecs-exec.md): task-level
 * ".25 vcpu" / ".5 gb", roles by short name, EC2 and FARGATE.
 */
export const ecsExecExample = (): Json => ({
  taskRoleArn: 'ecsTaskRole',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['EC2', 'FARGATE'],
  executionRoleArn: 'ecsTaskExecutionRole',
  memory: '.5 gb',
  cpu: '.25 vcpu',
  containerDefinitions: [
    {
      name: 'amazon-linux',
      image: 'amazonlinux:latest',
      essential: true,
      command: ['sleep', '3600'],
      linuxParameters: { initProcessEnabled: true }
    }
  ],
  family: 'ecs-exec-task'
})

/** aws-samples/aws-containers-task-definitions, nginx/nginx_fargate.json (no execution role). */
export const awsSamplesNginxFargate = (): Json => ({
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [
    {
      name: 'nginx',
      image: 'nginx:latest',
      memory: 256,
      cpu: 256,
      essential: true,
      portMappings: [{ containerPort: 80, protocol: 'tcp' }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': 'awslogs-nginx-ecs',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'ecs'
        }
      }
    }
  ],
  volumes: [],
  networkMode: 'awsvpc',
  placementConstraints: [],
  family: 'nginx',
  memory: '512',
  cpu: '256'
})

/** soneeya-it21/devops-demo-deployment, pipeline/taskdef.json.tpl: Fargate, ECR, awslogs. */
export const soneeyaFargate = (): Json => ({
  family: 'devops-demo-task',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::386825533943:role/ecsTaskExecutionRole',
  containerDefinitions: [
    {
      name: 'app',
      image: '386825533943.dkr.ecr.us-east-1.amazonaws.com/devops-demo-app:latest',
      essential: true,
      portMappings: [{ containerPort: 3000, protocol: 'tcp' }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/devops-demo',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'app'
        }
      }
    }
  ]
})

/** 4pits/circleci-ecs, task-definition.json: EC2, default (bridge) network, no task size. */
export const circleciEc2 = (): Json => ({
  family: 'circleci-demo-service',
  containerDefinitions: [
    {
      name: 'circleci-demo-service',
      image: '634223907656.dkr.ecr.eu-west-2.amazonaws.com/circleci-demo:latest',
      cpu: 128,
      memoryReservation: 128,
      portMappings: [{ containerPort: 80, protocol: 'tcp' }],
      essential: true
    }
  ]
})

/**
 * Abdelali12-codes/ecs-opentelemetry, task-definition.json: the output of
 * `aws ecs describe-task-definition`, read-only fields included.
 */
export const describeTaskDefinitionOutput = (): Json => ({
  taskDefinition: {
    taskDefinitionArn: 'arn:aws:ecs:us-west-2:080266302756:task-definition/fargate-gitlab-runner:2',
    containerDefinitions: [
      {
        name: 'ci-coordinator',
        image: '080266302756.dkr.ecr.us-west-2.amazonaws.com/fargate-gitlab-runner:latest',
        cpu: 0,
        portMappings: [
          {
            containerPort: 22,
            hostPort: 22,
            protocol: 'tcp',
            name: 'ci-coordinator-22-tcp',
            appProtocol: 'http'
          }
        ],
        essential: true,
        environment: [],
        environmentFiles: [],
        mountPoints: [],
        volumesFrom: [],
        ulimits: [],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-create-group': 'true',
            'awslogs-group': '/ecs/fargate-gitlab-runner',
            'awslogs-region': 'us-west-2',
            'awslogs-stream-prefix': 'ecs'
          },
          secretOptions: []
        }
      }
    ],
    family: 'fargate-gitlab-runner',
    taskRoleArn: 'arn:aws:iam::080266302756:role/ecs-task-role',
    executionRoleArn: 'arn:aws:iam::080266302756:role/ecsTaskExecutionRole',
    networkMode: 'awsvpc',
    revision: 2,
    volumes: [],
    status: 'ACTIVE',
    requiresAttributes: [
      { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
      { name: 'ecs.capability.execution-role-awslogs' },
      { name: 'com.amazonaws.ecs.capability.ecr-auth' },
      { name: 'ecs.capability.task-eni' }
    ],
    placementConstraints: [],
    compatibilities: ['EC2', 'FARGATE'],
    runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
    requiresCompatibilities: ['FARGATE'],
    cpu: '1024',
    memory: '3072',
    registeredAt: '2023-09-17T15:12:27.391000+00:00',
    registeredBy: 'arn:aws:iam::080266302756:root'
  },
  tags: []
})

/**
 * 5sfayas/php-nginx-ecs-docker, task-definition.json: EC2 bridge, hostPort 0 (dynamic ports),
 * links, nulls, and placeholders "<region>", "<taskRoleArn>", "<executionRoleArn>" left in.
 */
export const phpNginxBridge = (): Json => ({
  family: 'Web-App-Task',
  taskDefinitionArn: 'arn:aws:ecs:<region>:1234567:task-definition/Web-App-Task:1',
  networkMode: 'bridge',
  revision: 1,
  volumes: [{ name: 'php-code', dockerVolumeConfiguration: { scope: 'task', driver: 'local' } }],
  containerDefinitions: [
    {
      name: 'php-app-container',
      image: '12345678.dkr.ecr.<region>.amazonaws.com/php-app:latest',
      cpu: 0,
      memory: 256,
      memoryReservation: 256,
      environment: [],
      mountPoints: [{ readOnly: null, containerPath: '/var/www/html/', sourceVolume: 'php-code' }],
      portMappings: [{ hostPort: 0, protocol: 'tcp', containerPort: 9000 }]
    },
    {
      name: 'nginx-web-container',
      image: '12345678.dkr.ecr.<region>.amazonaws.com/nginx-web:latest',
      mountPoints: [{ readOnly: null, containerPath: '/var/www/html/', sourceVolume: 'php-code' }],
      portMappings: [{ hostPort: 0, protocol: 'tcp', containerPort: 80 }],
      essential: true,
      cpu: 256,
      memory: 256,
      links: ['app-container:app-container']
    }
  ],
  taskRoleArn: '<taskRoleArn>',
  executionRoleArn: '<executionRoleArn>',
  compatibilities: ['EXTERNAL', 'EC2'],
  requiresAttributes: [],
  pidMode: null,
  requiresCompatibilities: ['EC2']
})

/**
 * 2-chanhee/ecs-on-fargate-infrastructure, task-definition.json: nulls for unused fields, empty
 * strings, and a containerPort written as the string "3000".
 */
export const chanheeFargate = (): Json => ({
  requiresCompatibilities: ['FARGATE'],
  inferenceAccelerators: [],
  containerDefinitions: [
    {
      name: 'test-1234',
      image:
        '281400526017.dkr.ecr.ap-northeast-2.amazonaws.com/test-app:61ac0c1335e370a34dbec48850486ee5f7c81eb4',
      resourceRequirements: null,
      essential: true,
      portMappings: [{ containerPort: '3000', protocol: 'tcp' }],
      environment: null,
      environmentFiles: [],
      secrets: null,
      mountPoints: null,
      volumesFrom: null,
      hostname: null,
      user: null,
      workingDirectory: null,
      extraHosts: null,
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/test-def1',
          'awslogs-region': 'ap-northeast-2',
          'awslogs-stream-prefix': 'ecs'
        }
      },
      ulimits: null,
      dockerLabels: null,
      dependsOn: null
    }
  ],
  volumes: [],
  networkMode: 'awsvpc',
  memory: '512',
  cpu: '256',
  executionRoleArn: 'arn:aws:iam::281400526017:role/ecsTaskExecutionRole',
  family: 'test-task-def',
  taskRoleArn: '',
  runtimePlatform: { operatingSystemFamily: 'LINUX' },
  tags: []
})

/** This project's first user: examples/megilance/backend-task-definition.json, by shape. */
export const megilanceBackend = (): Json => ({
  family: 'megilance-backend',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '512',
  memory: '1024',
  executionRoleArn: 'arn:aws:iam::123456789012:role/megilance-ecs-task-execution',
  taskRoleArn: 'arn:aws:iam::123456789012:role/megilance-backend-task',
  containerDefinitions: [
    {
      name: 'backend',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/megilance-backend:latest',
      essential: true,
      portMappings: [{ containerPort: 8000, protocol: 'tcp' }],
      environment: [{ name: 'FILE_STORAGE_MODE', value: 'local' }],
      secrets: [
        {
          name: 'JWT_SECRET',
          valueFrom:
            'arn:aws:secretsmanager:us-east-1:123456789012:secret:megilance/jwt-secret-AbCdEf'
        }
      ],
      healthCheck: {
        command: ['CMD-SHELL', 'curl -f http://localhost:${PORT:-8000}/api/health/live || exit 1'],
        interval: 15,
        timeout: 5,
        retries: 3
      },
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/megilance-backend',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'backend'
        }
      }
    }
  ]
})
