import * as core from '@actions/core'
import type { Log } from '../shared/log.js'

/** The runner's log: groups, annotations with titles. */
export const runnerLog: Log = {
  info: message => core.info(message),
  notice: (message, title) => core.notice(message, title ? { title } : {}),
  warning: (message, title) => core.warning(message, title ? { title } : {}),
  error: (message, title) => core.error(message, title ? { title } : {}),
  group: (name, fn) => core.group(name, fn)
}
