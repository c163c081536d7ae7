import { refuseOtherKindsInputs } from '../kinds/index.js'
import { kindOf, type Phase } from '../record.js'

/**
 * Before any write: inputs another kind owns are refused (codedeploy-* on a service of the ECS
 * controller), and the kind warns where the settings cannot work out for this service.
 */
export const checkKind: Phase = async (r, x) => {
  const kind = kindOf(r)
  refuseOtherKindsInputs(kind, x.s)
  kind.check?.(x)
  return r
}
