/*
 * What the log shows of values that may carry a secret: commands (a container's command, a
 * one-off task's command, read from inputs or from AWS) and labels. The runner masks only the
 * values it was told of (secrets.*, ::add-mask::); a command read back from a task definition, or
 * a password typed into an input, it does not know. So the parts of such values that name a
 * credential are shown as ***, and the rest stays readable ("alembic upgrade head"). The values
 * themselves go to AWS and docker unchanged: only what is printed is redacted.
 */

/** Words that name a credential in a variable, a flag, a header or a label. */
const CREDENTIAL =
  'token|secret|passw(?:or)?d|pwd|credential|api[-_]?key|private[-_]?key|authorization'

/** Whether a key, flag or label name names a credential. */
export const namesCredential = (name: string): boolean => new RegExp(CREDENTIAL, 'i').test(name)

const SHOWN = '***'
/** scheme://user:password@host → scheme://user:***@host */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi
/** NAME=value, --name=value, "name": "value", name: value, where the name names a credential. */
const ASSIGNED = new RegExp(
  `((?:^|[\\s"'{,;(])-{0,2}["']?[\\w.-]*(?:${CREDENTIAL})[\\w.-]*["']?\\s*[=:]\\s*)("[^"]*"|'[^']*'|[^\\s,;}"']+)`,
  'gi'
)
/** --password value, -H 'Authorization: Bearer x' inside one string (a shell script). */
const FLAG_THEN_VALUE = new RegExp(
  `((?:^|\\s)--?[\\w-]*(?:${CREDENTIAL})[\\w-]*\\s+)("[^"]*"|'[^']*'|\\S+)`,
  'gi'
)
const BEARER = /\b(Bearer|Basic)\s+[\w.~+/=-]+/g

/** One string with the parts that may hold a credential shown as ***. */
export function redactText(text: string): string {
  return text
    .replace(URL_PASSWORD, `$1${SHOWN}@`)
    .replace(BEARER, `$1 ${SHOWN}`)
    .replace(ASSIGNED, `$1${SHOWN}`)
    .replace(FLAG_THEN_VALUE, `$1${SHOWN}`)
}

/**
 * A command (argv) as the log shows it: each argument redacted (redactText), and the argument
 * after a flag that names a credential (--password, --api-key) shown as ***.
 */
export function redactCommand(command: readonly string[]): string[] {
  return command.map((arg, i) => {
    const flag = command[i - 1]
    if (flag !== undefined && /^--?[\w-]+$/.test(flag) && namesCredential(flag)) return SHOWN
    return redactText(arg)
  })
}

/** A command for one line of the log: its redacted argv as JSON. */
export const commandForLog = (command: readonly string[] | undefined): string =>
  command === undefined ? 'unset' : JSON.stringify(redactCommand(command))

/** What the log shows instead of a whole value. */
export const HIDDEN = '(hidden)'

/** A label's value as the log shows it: HIDDEN when its key or its value names a credential. */
export function labelForLog(key: string, value: string): string {
  return namesCredential(key) || namesCredential(value) ? HIDDEN : redactText(value)
}
