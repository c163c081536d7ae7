// What the reusable workflows and the starter templates promise their users: inputs and outputs,
// least privilege, one rollout per service, pinned actions, and the actions reached at the
// workflow's own commit (the `./` pitfall).
// Over 250 lines: one describe per workflow file and its promises, read top to bottom.
import { describe, expect, test } from '@jest/globals'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  ACTION_NAMES,
  ACTIONS_CHECKOUT_PATH,
  type Job,
  inputsOf,
  isMapping,
  jobsOf,
  mapping,
  megilanceRelease,
  readText,
  readYaml,
  REUSABLE_WORKFLOWS,
  ROOT,
  templateFiles,
  workflowFiles,
  type Yaml
} from './workflow-files.js'

const callInputs = (workflow: Yaml): Yaml =>
  inputsOf(mapping(mapping(workflow.on, 'on').workflow_call, 'on.workflow_call'))
const callOutputs = (workflow: Yaml): Yaml => {
  const call = mapping(mapping(workflow.on, 'on').workflow_call, 'on.workflow_call')
  return isMapping(call.outputs) ? call.outputs : {}
}

const deploy = readYaml('.github/workflows/deploy.yml')
const rollback = readYaml('.github/workflows/rollback.yml')

const usesOf = (j: Job): unknown[] => j.steps.map(s => s.uses)

const job = (workflow: Yaml, id: string): Job => {
  const found = jobsOf(workflow).find(j => j.id === id)
  if (!found) throw new Error(`no job ${id}`)
  return found
}

/** The inputs an action declares, with their defaults. */
const actionInputs = (name: string): Yaml => inputsOf(readYaml(`${name}/action.yml`))

/**
 * The action inputs a reusable workflow does not take from its caller, and why. Every other input
 * of every action the workflow runs is an input of the workflow under the action's own name (the
 * test below), and test/e2e/workflows/inputs.test.ts shows each one reaching the action. The
 * workflows' `environment` and `environment-url` are the rollout job's environment: the job
 * records the GitHub deployment, so the action's inputs of those names stay empty.
 */
const NOT_EXPOSED: Record<string, Record<string, Record<string, string>>> = {
  '.github/workflows/deploy.yml': {
    'action-build-push': {
      push: 'the deploy needs the pushed image',
      'skip-existing': 'set from github.run_attempt: a first attempt builds, a re-run reuses',
      secrets: 'a secret value: the secret BUILD_SECRETS'
    },
    'action-ecs-deploy': {
      mode: 'deploy; rollback.yml and continue.yml are the other modes',
      image: "the build job's image, by digest",
      release: 'deploy-release.yml',
      'rollback-to': 'rollback.yml',
      'github-token': "the job's GITHUB_TOKEN (contents: read, for the commit-order check)"
    }
  }
}

/** Inputs of action-ecs-deploy that only deploy mode reads: render, register, build. */
const DEPLOY_ONLY = [
  'release',
  'keep-revisions',
  'task-definition',
  'task-definition-arn',
  'container-name',
  'image',
  'images',
  'environment-variables',
  'secrets',
  'log-group',
  'cpu',
  'memory',
  'docker-labels',
  'command',
  'env-files',
  'task-role-arn',
  'execution-role-arn',
  'log-configuration-log-driver',
  'log-configuration-options',
  'container-cpu',
  'container-memory',
  'container-memory-reservation',
  'desired-count',
  'force-new-deployment',
  'wait-for-service-stability',
  'allow-older-commit',
  'run-task-command',
  'run-task-container',
  'log-retention-days',
  'codedeploy-appspec',
  'express-infrastructure-role-arn',
  'express-container-port',
  'express-health-check-path',
  'express-min-task-count',
  'express-max-task-count',
  'subnets',
  'security-groups',
  'github-token',
  'mode'
]
const why = (reason: string, names: string[]) => Object.fromEntries(names.map(n => [n, reason]))
NOT_EXPOSED['.github/workflows/rollback.yml'] = {
  'action-ecs-deploy': {
    ...why('deploy mode only: a rollback registers nothing and renders nothing', DEPLOY_ONLY),
    'rollback-on-failure': 'a failed rollback is never rolled back',
    'rollback-on-cancel': 'a cancelled rollback is left where ECS has it',
    mode: 'rollback'
  }
}
NOT_EXPOSED['.github/workflows/continue.yml'] = {
  'action-ecs-deploy': {
    ...why('deploy mode only: continue registers nothing and renders nothing', DEPLOY_ONLY),
    'rollback-to': 'rollback mode only',
    'rollback-on-cancel': 'a cancelled continue is left where ECS has it',
    'dry-run': 'continue mode has no dry run',
    express: 'continue knows the service it finds paused',
    'codedeploy-deployment-config': 'continue starts no CodeDeploy deployment',
    'codedeploy-deployment-description': 'continue starts no CodeDeploy deployment',
    mode: 'continue'
  }
}

NOT_EXPOSED['.github/workflows/deploy-release.yml'] = {
  'action-build-push': {
    ...why('a key of each entry of `builds`', [
      'repository',
      'context',
      'file',
      'build-args',
      'target',
      'platforms',
      'tags',
      'labels',
      'cache',
      'create-repository',
      'image-tag-mutability',
      'scan-on-push',
      'keep-images'
    ]),
    push: 'the release needs the pushed images',
    'skip-existing': 'set from github.run_attempt: a first attempt builds, a re-run reuses',
    secrets: 'a secret value: the secret BUILD_SECRETS'
  },
  'action-ecs-deploy': {
    ...why('a key of each entry of the release file', [
      'service',
      'task-definition',
      'container-name',
      'image',
      'run-task-command',
      'run-task-container'
    ]),
    'task-definition-arn': 'refused beside release: each entry names its task definition',
    'scheduled-tasks': 'refused beside release: it moves the scheduled tasks of one family',
    'keep-revisions': 'refused beside release: it deregisters the revisions of one family',
    'wait-for-service-stability': 'must be true for a release: each wave waits for the one before',
    ...why('one service’s: a release deploys each service by the kind ECS reports', [
      'express',
      'express-infrastructure-role-arn',
      'express-container-port',
      'express-health-check-path',
      'express-min-task-count',
      'express-max-task-count',
      'subnets',
      'security-groups',
      'codedeploy-appspec',
      'codedeploy-application',
      'codedeploy-deployment-group',
      'codedeploy-deployment-config',
      'codedeploy-deployment-description'
    ]),
    mode: 'deploy',
    'rollback-to': 'rollback.yml',
    'github-token': "the job's GITHUB_TOKEN (contents: read, for the commit-order check)"
  }
}

describe.each(REUSABLE_WORKFLOWS)('%s takes the inputs of the actions it runs', file => {
  const workflow = readYaml(file)
  const inputs = callInputs(workflow)
  const used = ACTION_NAMES.filter(name =>
    jobsOf(workflow).some(j => j.steps.some(s => s.uses === `./${ACTIONS_CHECKOUT_PATH}/${name}`))
  )

  test.each(used)('every input of %s, under its own name, or a reason why not', action => {
    const exempt = NOT_EXPOSED[file]?.[action] ?? {}
    const forgotten = Object.keys(actionInputs(action)).filter(
      name => !(name in inputs) && !(name in exempt)
    )
    expect(forgotten).toEqual([])
    // A reason for an input the workflow does take would be stale.
    expect(Object.keys(exempt).filter(name => name in inputs && name !== 'secrets')).toEqual([])
  })

  test('the same default as the action, where the workflow passes the input on as it is', () => {
    const differs: string[] = []
    for (const action of used) {
      for (const [name, spec] of Object.entries(actionInputs(action))) {
        const input = inputs[name]
        if (!isMapping(input) || !isMapping(spec) || name === 'role-session-name') continue
        const theirs = spec.default === undefined ? '' : String(spec.default)
        const ours = input.default === undefined ? '' : String(input.default)
        if (input.required !== true && theirs !== ours && !theirs.includes('${{'))
          differs.push(`${action} ${name}: ${theirs} vs ${ours}`)
      }
    }
    expect(differs).toEqual([])
  })
})

describe('deploy.yml', () => {
  test('outputs what its jobs found, every outcome named', () => {
    expect(Object.keys(callOutputs(deploy)).sort()).toEqual(
      [
        'built',
        'codedeploy-deployment-id',
        'deployment-id',
        'deregistered-task-definitions',
        'endpoint',
        'image',
        'outcome',
        'previous-task-definition-arn',
        'run-task-arn',
        'run-task-exit-code',
        'scheduled-tasks',
        'service-arn',
        'task-definition-arn'
      ].sort()
    )
    expect(
      String(mapping(callOutputs(deploy).outcome, 'outcome').description).split(' | ')
    ).toEqual([
      'succeeded',
      'failed',
      'rolled-back',
      'rollback-failed',
      'unknown',
      'dry-run',
      'started',
      'paused',
      'skipped'
    ])
  })

  test('builds, then deploys in the caller’s environment', () => {
    const build = job(deploy, 'build')
    const deployJob = job(deploy, 'deploy')
    expect(deployJob.body.needs).toBe('build')
    expect(mapping(deployJob.body.environment, 'environment').name).toBe(
      '${{ inputs.environment }}'
    )
    expect(build.body.environment).toBeUndefined()
    expect(usesOf(build)).toContain(`./${ACTIONS_CHECKOUT_PATH}/action-build-push`)
    expect(usesOf(deployJob)).toContain(`./${ACTIONS_CHECKOUT_PATH}/action-ecs-deploy`)
    const deployStep = deployJob.steps.find(s => s.id === 'deploy')
    expect(mapping(deployStep?.with, 'deploy with').image).toBe('${{ needs.build.outputs.image }}')
  })

  test('reads files from the caller’s checkout, which it makes only when a file is named', () => {
    const deployJob = job(deploy, 'deploy')
    const withs = mapping(deployJob.steps.find(s => s.id === 'deploy')?.with, 'deploy with')
    expect(withs['codedeploy-appspec']).toBe(
      "${{ inputs.codedeploy-appspec != '' && format('app/{0}', inputs.codedeploy-appspec) || '' }}"
    )
    const checkout = deployJob.steps.find(s => s.name === 'Check out the calling repository')
    expect(checkout?.if).toBe("inputs.task-definition != '' || inputs.codedeploy-appspec != ''")
  })
})

describe('rollback.yml and continue.yml', () => {
  test('rollback.yml only rolls back, to the target the caller names', () => {
    const inputs = callInputs(rollback)
    expect(mapping(inputs['rollback-to'], 'rollback-to').default).toBe('previous')
    const steps = job(rollback, 'rollback').steps
    const step = steps.find(s => s.uses === `./${ACTIONS_CHECKOUT_PATH}/action-ecs-deploy`)
    const withs = mapping(step?.with, 'rollback with')
    expect(withs.mode).toBe('rollback')
    expect(withs['rollback-to']).toBe('${{ inputs.to || inputs.rollback-to }}')
    expect(JSON.stringify(inputs)).not.toMatch(/\| continue/)
  })

  test('continue.yml runs mode continue, with no target', () => {
    const workflow = readYaml('.github/workflows/continue.yml')
    const step = job(workflow, 'continue').steps.find(
      s => s.uses === `./${ACTIONS_CHECKOUT_PATH}/action-ecs-deploy`
    )
    expect(mapping(step?.with, 'continue with').mode).toBe('continue')
    expect(callInputs(workflow)).not.toHaveProperty('rollback-to')
  })
})

describe.each(REUSABLE_WORKFLOWS)('%s', file => {
  const workflow = readYaml(file)
  const jobs = jobsOf(workflow)

  test('reads contents only at the top and widens per job, never beyond what the job uses', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' })
    for (const j of jobs) {
      const permissions = mapping(j.body.permissions, `${j.id}.permissions`)
      for (const [scope, level] of Object.entries(permissions)) {
        if (scope === 'contents') expect(level).toBe('read')
        else if (scope === 'id-token') expect(level).toBe('write')
        else throw new Error(`${file}: job ${j.id} asks for ${scope}: ${String(level)}`)
      }
    }
  })

  test('one rollout per service at a time, in order, never cancelled halfway', () => {
    // queue: max keeps every waiting run, first in, first out: with GitHub's default single
    // pending slot, a rollback waiting behind a rollout is cancelled by the next push.
    const group = {
      group: 'ecs-deploy-actions/${{ inputs.cluster }}/${{ inputs.service }}',
      'cancel-in-progress': false,
      queue: 'max'
    }
    const rollouts = jobs.filter(j =>
      j.steps.some(s => String(s.uses).endsWith('/action-ecs-deploy'))
    )
    expect(rollouts.length).toBe(1)
    if (file.endsWith('/deploy.yml')) {
      // The whole run, build and deploy, holds the group: an older commit's deploy never comes
      // after a newer commit's build has started. No job names the group again (GitHub cancels a
      // job waiting for a group its own workflow holds, as a deadlock).
      expect(workflow.concurrency).toEqual(group)
      for (const j of jobs) expect(j.body.concurrency).toBeUndefined()
    } else if (file.endsWith('/deploy-release.yml')) {
      // A release holds the group of its release file, for build and deploy together.
      expect(workflow.concurrency).toEqual({
        ...group,
        group: 'ecs-deploy-actions/${{ inputs.cluster }}/release/${{ inputs.release }}'
      })
      for (const j of jobs) expect(j.body.concurrency).toBeUndefined()
    } else {
      expect(workflow.concurrency).toBeUndefined()
      for (const j of rollouts) expect(j.body.concurrency).toEqual(group)
    }
  })

  test('reaches this repository’s actions at the workflow’s own commit, not in the caller’s checkout', () => {
    for (const j of jobs) {
      j.steps.forEach((step, index) => {
        if (typeof step.uses !== 'string' || !step.uses.startsWith('./')) return
        expect(step.uses).toMatch(
          new RegExp(`^\\./${ACTIONS_CHECKOUT_PATH.replace('.', '\\.')}/action-[a-z-]+$`)
        )
        const checkout = j.steps
          .slice(0, index)
          .find(
            s =>
              String(s.uses).startsWith('actions/checkout@') &&
              mapping(s.with, 'with').path === ACTIONS_CHECKOUT_PATH
          )
        expect(checkout).toBeDefined()
        const withs = mapping(checkout?.with, 'checkout with')
        expect(String(withs.repository)).toMatch(
          /^\$\{\{ (steps\.actions|needs\.(build|prepare))\.outputs\.(actions-)?repository \}\}$/
        )
        expect(String(withs.ref)).toMatch(
          /^\$\{\{ (steps\.actions\.outputs\.sha|needs\.(build|prepare)\.outputs\.actions-sha) \}\}$/
        )
      })
    }
  })

  test('checks the caller’s repository out beside this one, never over it', () => {
    for (const j of jobs) {
      const checkouts = j.steps.filter(s => String(s.uses).startsWith('actions/checkout@'))
      checkouts.forEach((step, index) => {
        const withs = mapping(step.with ?? {}, 'checkout with')
        expect(withs['persist-credentials']).toBe(false)
        if (typeof withs.path === 'string') return
        // Only deploy-release.yml's deploy job checks the caller out into the workspace itself (the
        // release file's paths are relative to it), first, and this repository after it, beside.
        expect([file, j.id, index, withs.repository]).toEqual([
          '.github/workflows/deploy-release.yml',
          'deploy',
          0,
          undefined
        ])
        expect(mapping(checkouts[1]?.with, 'checkout with').path).toBe(ACTIONS_CHECKOUT_PATH)
      })
    }
  })

  test('passes only inputs the called action declares, and every input it requires', () => {
    for (const j of jobs) {
      for (const step of j.steps) {
        const name = ACTION_NAMES.find(a => step.uses === `./${ACTIONS_CHECKOUT_PATH}/${a}`)
        if (name === undefined || !existsSync(join(ROOT, name, 'action.yml'))) continue
        const declared = inputsOf(readYaml(`${name}/action.yml`))
        const given = Object.keys(mapping(step.with ?? {}, 'with'))
        expect(given.filter(input => !(input in declared))).toEqual([])
        const required = Object.entries(declared)
          .filter(
            ([, spec]) => isMapping(spec) && spec.required === true && spec.default === undefined
          )
          .map(([input]) => input)
        expect(required.filter(input => !given.includes(input))).toEqual([])
      }
    }
  })
})

test.each(['actions', 'session'])('the %s step is the same script in every workflow, once', id => {
  const scripts = REUSABLE_WORKFLOWS.flatMap(file =>
    jobsOf(readYaml(file)).flatMap(j => j.steps.filter(s => s.id === id).map(s => s.run))
  )
  expect(scripts.length).toBe(REUSABLE_WORKFLOWS.length)
  expect(new Set(scripts).size).toBe(1)
})

describe.each(workflowFiles())('%s', file => {
  test('pins every third-party action by full commit SHA with a version comment', () => {
    const lines = readText(file).split('\n')
    const uses = lines.filter(line => /^\s*(-\s+)?uses:\s/.test(line))
    for (const line of uses) {
      const ref = line.replace(/^\s*(-\s+)?uses:\s*/, '')
      if (ref.startsWith('./')) continue
      // Calls of this suite's own reusable workflows follow its release tags (@v1), like any action.
      if (/^[\w-]+\/ecs-deploy-actions\/\.github\/workflows\/[\w-]+\.ya?ml@v\d+$/.test(ref))
        continue
      expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/)
    }
  })
})

describe('starter templates', () => {
  const templates = templateFiles()

  test('are the five the suite offers', () => {
    expect(templates).toEqual([
      'workflows-templates/continue.yml',
      'workflows-templates/deploy-express.yml',
      'workflows-templates/deploy-on-push.yml',
      'workflows-templates/megilance.yml',
      'workflows-templates/rollback.yml'
    ])
  })

  test('deploy-express creates or updates an Express service through deploy.yml', () => {
    const workflow = readYaml('workflows-templates/deploy-express.yml')
    expect(workflow.on).toEqual({
      push: { branches: ['$default-branch'] },
      workflow_dispatch: null
    })
    const [only] = jobsOf(workflow)
    expect(only?.body.uses).toBe('OWNER/ecs-deploy-actions/.github/workflows/deploy.yml@v1')
    const withs = mapping(only?.body.with, 'with')
    expect(withs).toMatchObject({
      'container-name': 'Main',
      express: 'true',
      'express-infrastructure-role-arn': expect.stringMatching(/^arn:aws:iam::\d{12}:role\//)
    })
    expect(withs['task-definition']).toBeUndefined()
  })

  test.each(templates)('%s has a .properties.json in the starter-workflow format', file => {
    const propertiesFile = file.replace(/\.ya?ml$/, '.properties.json')
    const properties: unknown = JSON.parse(readText(propertiesFile))
    expect(isMapping(properties)).toBe(true)
    if (!isMapping(properties)) return
    expect(typeof properties.name).toBe('string')
    expect(typeof properties.description).toBe('string')
    expect(Array.isArray(properties.categories)).toBe(true)
    expect((properties.categories as unknown[]).every(c => typeof c === 'string')).toBe(true)
    if (properties.iconName !== undefined)
      expect(properties.iconName).toMatch(/^octicon [a-z-]+$|\.svg$/)
    const allowed = [
      'name',
      'description',
      'iconName',
      'categories',
      'filePatterns',
      'labels',
      'creator'
    ]
    expect(Object.keys(properties).filter(k => !allowed.includes(k))).toEqual([])
  })

  test.each(templates)(
    '%s gives its calling jobs id-token: write, and nothing else writes',
    file => {
      const workflow = readYaml(file)
      expect(workflow.permissions).toEqual({ contents: 'read' })
      for (const j of jobsOf(workflow)) {
        expect(j.body.permissions).toEqual({ contents: 'read', 'id-token': 'write' })
      }
    }
  )

  test('deploy-on-push runs on push to the default branch and by hand, and calls deploy.yml', () => {
    const workflow = readYaml('workflows-templates/deploy-on-push.yml')
    expect(workflow.on).toEqual({
      push: { branches: ['$default-branch'] },
      workflow_dispatch: null
    })
    expect(jobsOf(workflow).map(j => j.body.uses)).toEqual([
      'OWNER/ecs-deploy-actions/.github/workflows/deploy.yml@v1'
    ])
  })

  test('rollback is dispatched by hand with a service choice and a target defaulting to previous', () => {
    const workflow = readYaml('workflows-templates/rollback.yml')
    const dispatch = mapping(mapping(workflow.on, 'on').workflow_dispatch, 'workflow_dispatch')
    const inputs = inputsOf(dispatch)
    expect(mapping(inputs.service, 'service').type).toBe('choice')
    expect(mapping(inputs.service, 'service').options).toEqual(expect.any(Array))
    expect(mapping(inputs.to, 'to').default).toBe('previous')
    const [only] = jobsOf(workflow)
    expect(only?.body.uses).toBe('OWNER/ecs-deploy-actions/.github/workflows/rollback.yml@v1')
    expect(mapping(only?.body.with, 'with')).toMatchObject({
      service: '${{ inputs.service }}',
      'rollback-to': '${{ inputs.to }}'
    })
  })

  test('continue is dispatched by hand with a service choice, and calls continue.yml', () => {
    const workflow = readYaml('workflows-templates/continue.yml')
    const dispatch = mapping(mapping(workflow.on, 'on').workflow_dispatch, 'workflow_dispatch')
    expect(mapping(inputsOf(dispatch).service, 'service').type).toBe('choice')
    const [only] = jobsOf(workflow)
    expect(only?.body.uses).toBe('OWNER/ecs-deploy-actions/.github/workflows/continue.yml@v1')
    expect(mapping(only?.body.with, 'with').service).toBe('${{ inputs.service }}')
  })

  test('megilance builds both images and releases both services to megilance-cluster in us-east-1', () => {
    const [only, ...others] = jobsOf(readYaml('workflows-templates/megilance.yml'))
    expect(others).toEqual([])
    expect(only?.body.uses).toBe('OWNER/ecs-deploy-actions/.github/workflows/deploy-release.yml@v1')
    const { with: withs, builds } = megilanceRelease()
    expect(withs).toMatchObject({
      'aws-region': 'us-east-1',
      cluster: 'megilance-cluster',
      release: 'deploy/release.yml',
      environment: 'production'
    })
    expect(builds.map(b => [b.repository, b.context, b.container])).toEqual([
      ['megilance-backend', 'backend', 'megilance-backend/backend'],
      ['megilance-frontend', 'frontend', 'megilance-frontend/frontend']
    ])
  })
})
