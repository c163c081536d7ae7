import { describe, expect, it } from '@jest/globals'
import { runPhase } from '../../../src/runner/phase.js'
import { runAction } from '../../support/action-env.js'

describe('runPhase: one bundle for the main and the post step', () => {
  it('runs main and marks the state the runner hands to the post step', async () => {
    const ran: string[] = []
    const r = await runAction({}, () =>
      runPhase(
        async () => void ran.push('main'),
        async () => void ran.push('post')
      )
    )
    expect(ran).toEqual(['main'])
    expect(r.state).toEqual({ isPost: 'true' })
  })

  it('runs post when the main step saved its state', async () => {
    const ran: string[] = []
    await runAction(
      {},
      () =>
        runPhase(
          async () => void ran.push('main'),
          async () => void ran.push('post')
        ),
      {},
      { isPost: 'true' }
    )
    expect(ran).toEqual(['post'])
  })
})
