/**
 * What a terminal shows after a stream of text: carriage return, newline, erase line (ESC[2K)
 * and cursor up (ESC[1A) applied; colours dropped. For tests of the CLI's live lines.
 */
const ESC = String.fromCharCode(27)
/** One escape sequence, a carriage return, a newline, or a run of other characters. */
const TOKEN = new RegExp(`${ESC}\\[[0-9;]*[A-Za-z]|\\r|\\n|[^${ESC}\\r\\n]+`, 'g')

export class Screen {
  readonly lines: string[] = ['']
  private row = 0
  private col = 0
  readonly isTTY = true

  /** columns: as the terminal reports its width (0 where it does not know it). */
  constructor(readonly columns = 200) {}
  /** Everything written, as written. */
  raw = ''

  write(text: string): void {
    this.raw += text
    const tokens = text.match(TOKEN) ?? []
    for (const token of tokens) this.apply(token)
  }

  /** The lines shown, trailing empty ones dropped. */
  shown(): string[] {
    const lines = [...this.lines]
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
    return lines
  }

  private apply(token: string): void {
    if (token === '\r') this.col = 0
    else if (token === '\n') {
      this.row += 1
      this.col = 0
      if (this.lines.length <= this.row) this.lines.push('')
    } else if (token === '\u001b[2K') this.lines[this.row] = ''
    else if (token === '\u001b[1A') this.row = Math.max(0, this.row - 1)
    else if (token.startsWith('\u001b[')) return
    else {
      const line = (this.lines[this.row] ?? '').padEnd(this.col)
      this.lines[this.row] = line.slice(0, this.col) + token + line.slice(this.col + token.length)
      this.col += token.length
    }
  }
}
