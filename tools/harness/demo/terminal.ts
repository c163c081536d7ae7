import { unescapeData } from '../step-contract.js'

/*
 * What a user sees in GitHub, rendered for a terminal: a step's log with its workflow commands
 * applied as the runner applies them (::group:: as an indented section, ::error:: / ::warning::
 * as coloured annotations, ::add-mask:: values replaced by ***, ::debug:: hidden), and a job
 * summary (Markdown with the HTML that @actions/core writes) as plain text with tables.
 * Over 250 lines: the log view and the summary view share one style and one masking, so they stay
 * together.
 */

export interface Style {
  bold(text: string): string
  dim(text: string): string
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  blue(text: string): string
  cyan(text: string): string
}

export function createStyle(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    cyan: wrap(36, 39)
  }
}

/** Colours when writing to a terminal, unless NO_COLOR; FORCE_COLOR forces them. */
export function defaultStyle(): Style {
  const env = process.env
  const enabled =
    env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0'
      ? true
      : env.NO_COLOR === undefined && process.stdout.isTTY === true
  return createStyle(enabled)
}

/** Replaces every masked value by ***, longest first, as the runner does. */
export function mask(text: string, masks: readonly string[]): string {
  let out = text
  for (const value of [...new Set(masks)]
    .filter(v => v.length > 0)
    .sort((a, b) => b.length - a.length)) {
    out = out.split(value).join('***')
  }
  return out
}

/**
 * A step's log as GitHub's log view shows it. A group longer than `foldAfter` lines shows its
 * first and last lines only (GitHub shows groups collapsed until opened).
 */
export function renderLog(
  log: string,
  masks: readonly string[],
  s: Style,
  indent = '  ',
  foldAfter = Number.POSITIVE_INFINITY
): string {
  const lines: string[] = []
  let depth = 0
  let groupStart = -1
  const pad = () => indent + '  '.repeat(depth)
  const fold = () => {
    if (groupStart < 0) return
    const body = lines.length - groupStart
    if (body > foldAfter) {
      const head = Math.ceil(foldAfter / 2)
      const tail = Math.floor(foldAfter / 2) - 1
      const folded = body - head - tail
      lines.splice(
        groupStart + head,
        folded,
        `${indent}  ${s.dim(`┆ … ${folded} more lines in this group …`)}`
      )
    }
    groupStart = -1
  }
  for (const raw of mask(log, masks).replace(/\r\n/g, '\n').split('\n')) {
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(raw)
    if (command === null) {
      if (raw.trim() !== '') lines.push(`${pad()}${raw}`)
      continue
    }
    const [, name = '', props = '', data = ''] = command
    const message = unescapeData(data)
    const title = /(?:^|,)title=([^,]*)/.exec(props)?.[1]
    const titled = (text: string) =>
      title ? `${unescapeData(title.replace(/%3A/g, ':').replace(/%2C/g, ','))}: ${text}` : text
    const block = (mark: string, colour: (t: string) => string, text: string) => {
      const [first = '', ...rest] = text.split('\n')
      lines.push(`${pad()}${colour(`${mark} ${first}`)}`)
      for (const more of rest) lines.push(`${pad()}  ${colour(more)}`)
    }
    switch (name) {
      case 'group':
        // GitHub does not nest groups: a group inside a group starts a new one.
        fold()
        depth = 0
        lines.push(`${pad()}${s.bold(`▼ ${message}`)}`)
        depth = 1
        groupStart = lines.length
        break
      case 'endgroup':
        fold()
        depth = 0
        break
      case 'error':
        block('Error:', s.red, titled(message))
        break
      case 'warning':
        block('Warning:', s.yellow, titled(message))
        break
      case 'notice':
        block('Notice:', s.blue, titled(message))
        break
      case 'debug':
      case 'add-mask':
      case 'save-state':
      case 'set-output':
      case 'add-matcher':
      case 'remove-matcher':
      case 'echo':
        break
      default:
        lines.push(`${pad()}${raw}`)
    }
  }
  fold()
  return lines.join('\n')
}

/** A job summary (Markdown and the HTML @actions/core writes) as terminal text. */
export function renderSummary(summary: string, s: Style, indent = '  '): string {
  const lines = htmlAsMarkdown(summary).replace(/\r\n/g, '\n').split('\n')
  const out: string[] = []
  let fence: string | undefined
  let table: string[][] = []
  const flushTable = () => {
    out.push(...tableLines(table, s, indent))
    table = []
  }
  for (const line of lines) {
    if (fence !== undefined) {
      if (line.startsWith('```')) fence = undefined
      else out.push(fencedLine(fence, line, s, indent))
      continue
    }
    if (line.startsWith('```')) {
      flushTable()
      fence = line.slice(3).trim()
      continue
    }
    if (/^\s*\|/.test(line)) {
      if (/^\s*\|[\s|:-]+\|\s*$/.test(line) && line.includes('-')) continue
      table.push(
        line
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|')
          .map(cell => inline(cell.trim(), s))
      )
      continue
    }
    flushTable()
    out.push(...textLines(line, s, indent, out.at(-1)))
  }
  flushTable()
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '')
}

/** The summary's HTML headings, tables and line breaks, as Markdown. */
function htmlAsMarkdown(summary: string): string {
  return summary
    .replace(/<h([1-6])>(.*?)<\/h\1>/g, (_m, level: string, text: string) => {
      return `\n${'#'.repeat(Number(level))} ${text}\n`
    })
    .replace(/<table>([\s\S]*?)<\/table>/g, (_m, body: string) => {
      const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(r =>
        [...(r[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(c => c[1] ?? '')
      )
      return `\n${rows.map(r => `| ${r.join(' | ')} |`).join('\n')}\n`
    })
    .replace(/<br\s*\/?>/g, '\n')
}

/** A Markdown table's rows, columns aligned, the first bold; empty rows dropped. */
function tableLines(table: string[][], s: Style, indent: string): string[] {
  if (table.length === 0) return []
  const rows = table.filter(r => r.some(c => c.trim() !== ''))
  const widths: number[] = []
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visible(cell).length)))
  }
  return rows.map(row => {
    const cells = row.map((cell, i) =>
      i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visible(cell).length)
    )
    return `${indent}${cells.map((c, i) => (i === 0 ? s.bold(c) : c)).join(s.dim('  │ '))}`
  })
}

/** A line of a fenced block: cyan, or in a diff green for added, red for removed, else yellow. */
function fencedLine(fence: string, line: string, s: Style, indent: string): string {
  const body = `${indent}    ${line}`
  if (fence !== 'diff') return s.cyan(body)
  if (/^\+|: (?:env|secret) \+ /.test(line)) return s.green(body)
  if (/^-|: (?:env|secret) - /.test(line)) return s.red(body)
  return s.yellow(body)
}

/** A line of text: a heading (underlined at levels 1 and 2), a <summary>, a bullet, or a blank. */
function textLines(line: string, s: Style, indent: string, previous: string | undefined): string[] {
  const heading = /^(#{1,6})\s+(.*)$/.exec(line)
  if (heading) {
    const text = inline(heading[2] ?? '', s)
    const rule =
      (heading[1] ?? '').length <= 2 ? [`${indent}${s.dim('─'.repeat(visible(text).length))}`] : []
    return ['', `${indent}${s.bold(text)}`, ...rule]
  }
  const summaryTag = /<summary>(.*?)<\/summary>/.exec(line)
  if (summaryTag) return [`${indent}${s.bold(`▸ ${inline(summaryTag[1] ?? '', s)}`)}`]
  const text = inline(line.replace(/<\/?details>/g, ''), s)
  if (text.trim() === '') return previous !== '' ? [''] : []
  return [`${indent}${text.replace(/^- /, '• ')}`]
}

/** Inline Markdown and HTML: links to their text, code, bold; tags stripped; entities decoded. */
function inline(text: string, s: Style): string {
  return decode(
    text
      .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1')
      .replace(/\*\*([^*]+)\*\*/g, (_m, t: string) => s.bold(t))
      .replace(/`([^`]+)`/g, (_m, t: string) => s.cyan(t))
      .replace(/<code>(.*?)<\/code>/g, (_m, t: string) => s.cyan(t))
      .replace(/<\/?(?:strong|b)>/g, '')
      .replace(/<[^>]+>/g, '')
  )
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

/** Text without ANSI colour codes (for widths). */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '')
}
