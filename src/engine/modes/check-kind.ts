import { kindOf, type Phase } from '../record.js'

/** Before any write: the kind warns where the settings cannot work out for this service. */
export const checkKind: Phase = async (r, x) => {
  kindOf(r).check(x)
  return r
}
