import { getExecOutput } from '@actions/exec'
import { StringDecoder } from 'node:string_decoder'
import { argsForLog } from '../../build-push/docker-commands.js'
import type { DockerExec } from '../../build-push/docker.js'
import { runnerLog } from '../../runner/log.js'
import type { Log } from '../../shared/log.js'

/**
 * `docker <args>` through @actions/exec, stdin from input. @actions/exec itself prints nothing
 * (silent): unless the request is silent, the command is echoed as the log may show it (argsForLog:
 * build arguments by name only), and what docker prints (a Dockerfile's RUN output among it) goes
 * line by line through the runner port's log, which makes every line inert (shared/inert-text.ts).
 */
export function dockerExec(log: Log): DockerExec {
  return async request => {
    const env: Record<string, string> = {}
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined) env[key] = value
    }
    Object.assign(env, request.env ?? {})
    const shown = !(request.silent ?? false)
    if (shown) log.info(`[command]docker ${argsForLog(request.args).join(' ')}`)
    const out = lines(line => log.info(line))
    const err = lines(line => log.info(line))
    try {
      return await getExecOutput('docker', [...request.args], {
        ignoreReturnCode: true,
        silent: true,
        env,
        ...(shown ? { listeners: { stdout: out.write, stderr: err.write } } : {}),
        ...(request.input !== undefined ? { input: Buffer.from(request.input) } : {})
      })
    } finally {
      out.end()
      err.end()
    }
  }
}

/** The real docker CLI, printing to the runner's log. */
export const execDocker: DockerExec = dockerExec(runnerLog)

/** Bytes of one stream, cut into lines at "\n" (the last one at the end of the stream). */
function lines(onLine: (line: string) => void) {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  const flush = (text: string) => {
    const parts = (pending + text).split('\n')
    pending = parts.pop() ?? ''
    for (const part of parts) onLine(part.replace(/\r$/, ''))
  }
  return {
    write: (data: Buffer) => flush(decoder.write(data)),
    end: () => {
      flush(decoder.end())
      if (pending !== '') onLine(pending)
      pending = ''
    }
  }
}
