/** Text in a Markdown table cell or inline code: no pipes or backticks break out of it. */
export function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``
}
