import { add, currentOf, kindOf, type Phase } from '../../record.js'

/*
 * The last check before the first write: the kind finds and checks what its start needs (on the
 * CODE_DEPLOY controller: the deployment group holding the service, and the AppSpec), and the
 * record's kind becomes the kind bound to it. A kind that needs nothing has no plan. An error
 * here leaves AWS as it was. What a dry run would send is added to what it prints.
 */
export const planStart: Phase = async (r, x) => {
  const kind = kindOf(r)
  if (kind.plan === undefined) return r
  const plan = kind.plan
  const planned = await x.io.log.group('Plan the deployment', () =>
    plan(x, {
      current: currentOf(r),
      taskDefinitionArn: r.targetArn,
      definition: r.prepared?.definition ?? currentOf(r).taskDefinition ?? {}
    })
  )
  const prepared = r.prepared && {
    ...r.prepared,
    dryRun: [...planned.dryRun, ...r.prepared.dryRun]
  }
  return add(r, { kind: planned.kind, prepared })
}
