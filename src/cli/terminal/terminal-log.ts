import { AsyncLocalStorage } from 'node:async_hooks'
import { plainLines } from '../../shared/inert-text.js'
import type { Log } from '../../shared/log.js'
import { paint, type Style } from './colour.js'
import { LiveLines, type Sink } from './live.js'
import { parseProgress } from './progress-line.js'

/*
 * The engine's Log at a terminal: a group is a heading and its lines are indented under it;
 * notices, warnings and errors are named as such (and coloured where colour is on); progress
 * lines become the live line of their watch (live.ts). The group a line belongs to is followed
 * through async calls, so the services of a release each keep their own live line. Every text
 * comes in without control characters (shared/inert-text.ts plainLines): a container's log line
 * or an AWS message moves no cursor and sets no colour at a terminal; off one, the sink makes what
 * is printed inert (inert-sink.ts).
 */

/** A message, title or group name as printed: its lines without control characters. */
const clean = (text: string): string => plainLines(text).join('\n')

interface Group {
  readonly name: string
  readonly depth: number
  /** This run of the group: the key of its live line. */
  readonly key: object
}

export interface TerminalLogOptions {
  readonly out: Sink
  readonly colour: boolean
  readonly now: () => number
  /** The live line's label, from the watch's group name; default: that name. */
  readonly label?: ((group: string) => string) | undefined
  /** Off a terminal, each progress line starts with its label (a release). */
  readonly named?: boolean | undefined
}

export class TerminalLog implements Log {
  private readonly groups = new AsyncLocalStorage<Group>()
  private readonly live: LiveLines

  constructor(private readonly o: TerminalLogOptions) {
    this.live = new LiveLines(o.out, o.now, o.colour, o.named === true)
  }

  info(text: string): void {
    const message = clean(text)
    const group = this.groups.getStore()
    const progress = group === undefined ? undefined : parseProgress(message)
    if (group === undefined || progress === undefined) return this.line(message)
    const label = this.o.label?.(group.name) ?? group.name.replace(/^Watch /, '')
    this.live.update(group.key, label, progress, message, this.indent())
  }

  notice(message: string, title?: string): void {
    this.line(message, 'notice', 'cyan', title)
  }

  warning(message: string, title?: string): void {
    this.line(message, 'warning', 'yellow', title)
  }

  error(message: string, title?: string): void {
    this.line(message, 'error', 'red', title)
  }

  async group<T>(text: string, fn: () => Promise<T>): Promise<T> {
    const name = clean(text)
    const depth = (this.groups.getStore()?.depth ?? -1) + 1
    this.live.print(`${'  '.repeat(depth)}${paint(`▸ ${name}`, 'bold', this.o.colour)}`)
    const group: Group = { name, depth, key: {} }
    try {
      return await this.groups.run(group, fn)
    } finally {
      this.live.end(group.key, '  '.repeat(depth + 1))
    }
  }

  private indent(): string {
    const group = this.groups.getStore()
    return group === undefined ? '' : '  '.repeat(group.depth + 1)
  }

  private line(message: string, level?: string, style?: Style, title?: string): void {
    const indent = this.indent()
    const head = level === undefined ? '' : `${level}: ${title ? `${clean(title)}: ` : ''}`
    const [first = '', ...rest] = clean(message).split('\n')
    const painted = style === undefined ? head : paint(head, style, this.o.colour)
    this.live.print([`${indent}${painted}${first}`, ...rest.map(l => `${indent}  ${l}`)].join('\n'))
  }
}
