/*
 * Task definitions with placeholders in their environment values, each from a named public source
 * (kept as found). Reference data for the validation tables (validation-warnings.test.ts).
 */

type Json = Record<string, unknown>

/**
 * The Datadog documentation's Agent task definition for APM over Unix Domain Sockets
 * (https://docs.datadoghq.com/resources/json/datadog-agent-ecs-apm-uds.json): EC2, host volumes,
 * and the API key left as "<YOUR_DATADOG_API_KEY>" in an environment value.
 */
export const datadogAgentApmUds = (): Json => ({
  containerDefinitions: [
    {
      name: 'datadog-agent',
      image: 'public.ecr.aws/datadog/agent:latest',
      cpu: 100,
      memory: 512,
      essential: true,
      mountPoints: [
        { containerPath: '/var/run/docker.sock', sourceVolume: 'docker_sock', readOnly: null },
        { containerPath: '/host/sys/fs/cgroup', sourceVolume: 'cgroup', readOnly: null },
        { containerPath: '/host/proc', sourceVolume: 'proc', readOnly: null },
        { containerPath: '/var/run/datadog', readOnly: true, sourceVolume: 'dd-sockets' }
      ],
      environment: [
        { name: 'DD_API_KEY', value: '<YOUR_DATADOG_API_KEY>' },
        { name: 'DD_SITE', value: 'datadoghq.com' }
      ]
    }
  ],
  volumes: [
    { host: { sourcePath: '/var/run/docker.sock' }, name: 'docker_sock' },
    { host: { sourcePath: '/proc/' }, name: 'proc' },
    { host: { sourcePath: '/sys/fs/cgroup/' }, name: 'cgroup' },
    { host: { sourcePath: '/var/run/datadog' }, name: 'dd-sockets' }
  ],
  family: 'datadog-agent-task'
})
