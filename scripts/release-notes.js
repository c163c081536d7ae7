// Prints the CHANGELOG.md section of one version, for the GitHub release of its tag:
//   node scripts/release-notes.js v1.2.3 [CHANGELOG.md]
// The section is "## [1.2.3]" (Keep a Changelog, optionally "- date") up to the next "## ".
// Fails, naming what is missing, when the tag is not a version or the section is absent or empty.
import { readFileSync } from 'node:fs'

export function releaseNotes(changelog, tag) {
  const version = /^v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(tag)?.[1]
  if (version === undefined) throw new Error(`${tag} is not a version tag (vMAJOR.MINOR.PATCH)`)
  const lines = changelog.split('\n')
  const heading = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\](\\s|$)`)
  const start = lines.findIndex(line => heading.test(line))
  if (start < 0) throw new Error(`CHANGELOG.md has no "## [${version}]" section`)
  const next = lines.findIndex((line, i) => i > start && line.startsWith('## '))
  const body = lines
    .slice(start + 1, next < 0 ? undefined : next)
    .join('\n')
    .trim()
  if (body === '') throw new Error(`The CHANGELOG.md section of ${version} is empty`)
  return `${body}\n`
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const [tag = '', file = 'CHANGELOG.md'] = process.argv.slice(2)
  try {
    process.stdout.write(releaseNotes(readFileSync(file, 'utf8'), tag))
  } catch (error) {
    process.stderr.write(
      `release-notes: ${error instanceof Error ? error.message : String(error)}\n`
    )
    process.exit(1)
  }
}
