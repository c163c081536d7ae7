#!/usr/bin/env node
// Bundles each action with ncc: src/<action>/index.ts -> dist/<action>/index.js and, where the
// action has a post step, src/<action>/post.ts -> dist/<action>/post/index.js behind a
// dist/<action>/post.js shim (the two bundles keep their own numbered chunk files apart).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const actions = readdirSync('src', { withFileTypes: true })
  .filter(d => d.isDirectory() && existsSync(join('src', d.name, 'index.ts')))
  .map(d => d.name)
const only = process.argv.slice(2)

for (const action of actions) {
  if (only.length > 0 && !only.includes(action)) continue
  const out = join('dist', action)
  rmSync(out, { recursive: true, force: true })
  ncc(join('src', action, 'index.ts'), out)
  if (existsSync(join('src', action, 'post.ts'))) {
    ncc(join('src', action, 'post.ts'), join(out, 'post'))
    writeFileSync(join(out, 'post.js'), "import './post/index.js'\n")
  }
}

function ncc(entry, outDir) {
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      entry,
      '-o',
      outDir,
      '--license',
      'licenses.txt',
      '--quiet',
      '--target',
      'es2022'
    ],
    { stdio: 'inherit' }
  )
}
