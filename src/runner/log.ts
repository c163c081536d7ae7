import * as core from '@actions/core'
import type { Log } from '../shared/log.js'
import { inertText } from '../shared/inert-text.js'

/**
 * The runner's log: groups, annotations with titles. Every line leaves the process inert
 * (shared/inert-text.ts): annotations and group names through @actions/core, which escapes "\r" and
 * "\n" into their command's one line; plain lines through inertText.
 */
export const runnerLog: Log = {
  info: message => core.info(inertText(message)),
  notice: (message, title) => core.notice(message, title ? { title } : {}),
  warning: (message, title) => core.warning(message, title ? { title } : {}),
  error: (message, title) => core.error(message, title ? { title } : {}),
  group: (name, fn) => core.group(name, fn)
}
