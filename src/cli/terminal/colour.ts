/*
 * Colour for a person at a terminal, pure: ANSI SGR codes around a text, only when the stream is
 * a terminal that shows them and NO_COLOR is unset ("Command-line software which adds ANSI
 * color to its output by default should check for a NO_COLOR environment variable that, when
 * present and not an empty string, prevents the addition of ANSI color", no-color.org); --color
 * and --no-color decide over both.
 */

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan'

const CODES: Readonly<Record<Style, readonly [number, number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39]
}

/** Paints `text`; `on` false leaves it as it is. */
export function paint(text: string, style: Style, on: boolean): string {
  if (!on || text === '') return text
  const [open, close] = CODES[style]
  return `\u001b[${open}m${text}\u001b[${close}m`
}

export interface ColourFacts {
  readonly isTTY: boolean
  readonly env: NodeJS.ProcessEnv
  /** --color (true) or --no-color (false); undefined when neither was given. */
  readonly flag: boolean | undefined
}

/** Whether to colour a stream. */
export function useColour({ isTTY, env, flag }: ColourFacts): boolean {
  if (flag !== undefined) return flag
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  return isTTY && env.TERM !== 'dumb'
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g')

/** A text without its ANSI codes (what a test or a width counts). */
export function plain(text: string): string {
  return text.replace(ANSI, '')
}
