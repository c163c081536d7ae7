import { add, type Phase } from '../../record.js'

/*
 * With dry-run, the run ends here, before its first write: what it prepared (the rendered file,
 * the diff, the target) is reported, and the log says what it leaves undone.
 */
export const endIfDryRun: Phase = async (r, { s, io }) => {
  if (!s.dryRun || r.prepared === undefined) return r
  for (const line of r.prepared.dryRun) io.log.info(line)
  return add(r, { outcome: 'dry-run' })
}
