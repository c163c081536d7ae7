import * as core from '@actions/core'

const IS_POST = 'isPost'

/**
 * One bundle serves both the main and the post step of an action (as actions/checkout does):
 * main saves a state value first thing, and the runner hands that state to the post step only.
 */
export async function runPhase(
  main: () => Promise<void>,
  post: () => Promise<void>
): Promise<void> {
  if (core.getState(IS_POST) === 'true') return post()
  core.saveState(IS_POST, 'true')
  return main()
}
