#!/usr/bin/env node
// Bundles each entry with ncc: src/actions/<action>/index.ts -> dist/<action>/index.js. One bundle
// serves main and post (src/runner/phase.ts); where action-<action>/action.yml declares a post
// step, dist/<action>/post.js is a one-line shim that loads it. The CLI, src/cli/index.ts, is
// bundled the same way to dist/cli/index.js (the package's bin), its shebang line kept first.
// The bundles are built side by side into a staging folder; dist/<action> is replaced only once
// its bundle built, so an interrupted run never leaves dist/ half empty. ncc minifies only the
// entry file, not the chunks of the dynamic imports (the engine and the AWS clients load after
// the inputs are read), so every file is minified with esbuild afterwards.
import { execFile } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { transform } from 'esbuild'

const run = promisify(execFile)
const only = process.argv.slice(2)
const entries = readdirSync(join('src', 'actions'), { withFileTypes: true })
  .filter(d => d.isDirectory() && existsSync(join('src', 'actions', d.name, 'index.ts')))
  .map(d => ({ action: d.name, entry: join('src', 'actions', d.name, 'index.ts') }))
  .concat([{ action: 'cli', entry: join('src', 'cli', 'index.ts') }])
  .filter(({ action }) => only.length === 0 || only.includes(action))

const staging = join('dist', '.staging')
rmSync(staging, { recursive: true, force: true })

const jobs = entries.map(({ action, entry }) => {
  const out = join(staging, action)
  return { action, out, done: ncc(entry, out) }
})

try {
  for (const { action, out, done } of jobs) {
    await done
    await minify(out)
    if (declaresPost(action)) writeFileSync(join(out, 'post.js'), "import './index.js'\n")
    if (action === 'cli') keepShebang(join(out, 'index.js'))
    rmSync(join('dist', action), { recursive: true, force: true })
    mkdirSync('dist', { recursive: true })
    renameSync(out, join('dist', action))
  }
} finally {
  rmSync(staging, { recursive: true, force: true })
}

/** `node dist/cli/index.js` and the bin `ecs-deploy`: the shebang first, the file executable. */
function keepShebang(file) {
  const text = readFileSync(file, 'utf8')
  if (!text.startsWith('#!')) writeFileSync(file, `#!/usr/bin/env node\n${text}`)
  chmodSync(file, 0o755)
}

function declaresPost(action) {
  const file = join(`action-${action}`, 'action.yml')
  return existsSync(file) && /^\s+post:\s*\S/m.test(readFileSync(file, 'utf8'))
}

async function ncc(entry, outDir) {
  const args = ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', entry, '-o', outDir]
  args.push('--license', 'licenses.txt', '--quiet', '--target', 'es2022')
  try {
    await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 })
  } catch (error) {
    process.stderr.write(`${entry}: ${error.stderr ?? error.message}\n`)
    throw error
  }
}

async function minify(dir) {
  for (const name of readdirSync(dir).filter(file => file.endsWith('.js'))) {
    const file = join(dir, name)
    const options = { minify: true, format: 'esm', target: 'node20', legalComments: 'none' }
    writeFileSync(file, (await transform(readFileSync(file, 'utf8'), options)).code)
  }
}
