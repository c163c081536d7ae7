import { paint } from './colour.js'
import { elapsed, liveText, type Progress } from './progress-line.js'

/*
 * The live lines: one per watch under way (one per service), redrawn in place in a terminal,
 * with the time so far ticking; each stage a watch leaves is settled into a line that stays, so
 * the screen ends as a short log. Off a terminal, each progress line is printed as the engine
 * wrote it, behind the time so far.
 */

/** Where the lines go: a stream, and whether it is a terminal (and how wide). */
export interface Sink {
  write(text: string): void
  readonly isTTY?: boolean | undefined
  readonly columns?: number | undefined
}

interface Watch {
  readonly label: string
  readonly startedAt: number
  progress: Progress
}

const TICK_MS = 1000

export class LiveLines {
  private readonly watches = new Map<object, Watch>()
  private drawn = 0
  private ticker: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly out: Sink,
    private readonly now: () => number,
    private readonly colour: boolean,
    /** Off a terminal, each progress line says whose it is (a release watches several). */
    private readonly named = false
  ) {}

  /** A progress line of the watch `key`. */
  update(key: object, label: string, progress: Progress, line: string, indent: string): void {
    const watch = this.watches.get(key)
    const startedAt = watch?.startedAt ?? this.now()
    if (!this.out.isTTY) {
      const who = this.named ? `${label}: ` : ''
      const time = paint(elapsed(this.now() - startedAt), 'dim', this.colour)
      this.out.write(`${indent}${time} ${who}${line}\n`)
      this.watches.set(key, { label, startedAt, progress })
      return
    }
    if (watch !== undefined && watch.progress.stage !== progress.stage) this.settle(watch, indent)
    this.watches.set(key, { label, startedAt, progress })
    this.redraw()
    this.ticker ??= setInterval(() => this.redraw(), TICK_MS)
    this.ticker.unref?.()
  }

  /** The watch `key` ended: its last state stays on screen. */
  end(key: object, indent: string): void {
    const watch = this.watches.get(key)
    if (watch === undefined) return
    this.watches.delete(key)
    if (this.out.isTTY) this.settle(watch, indent)
    if (this.watches.size === 0 && this.ticker !== undefined) {
      clearInterval(this.ticker)
      this.ticker = undefined
    }
    this.redraw()
  }

  /** A line that stays, above the live ones. */
  print(text: string): void {
    this.clear()
    this.out.write(`${text}\n`)
    this.redraw()
  }

  private settle(watch: Watch, indent: string): void {
    const text = liveText(watch.label, watch.progress, this.now() - watch.startedAt)
    this.clear()
    this.out.write(`${indent}${paint('✓', 'green', this.colour)} ${text}\n`)
  }

  private clear(): void {
    if (!this.out.isTTY || this.drawn === 0) return
    this.out.write(`\r\u001b[2K${'\u001b[1A\r\u001b[2K'.repeat(this.drawn - 1)}`)
    this.drawn = 0
  }

  private redraw(): void {
    if (!this.out.isTTY) return
    this.clear()
    // A terminal of unknown size (0 columns, as some pseudo-terminals report) counts as 100 wide.
    const width = Math.max(20, (this.out.columns || 100) - 1)
    const lines = [...this.watches.values()].map(w => {
      const text = liveText(w.label, w.progress, this.now() - w.startedAt)
      return `${paint('⟳', 'cyan', this.colour)} ${text.slice(0, width - 2)}`
    })
    if (lines.length === 0) return
    this.out.write(lines.join('\n'))
    this.drawn = lines.length
  }
}
