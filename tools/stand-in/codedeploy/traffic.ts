/*
 * How a CodeDeploy deployment shifts production traffic to an ECS replacement task set: "When you
 * deploy to an Amazon ECS compute platform, the deployment configuration specifies how traffic is
 * shifted to the updated Amazon ECS task set." (User Guide, Working with deployment
 * configurations):
 * - "Canary: Traffic is shifted in two increments. [...] the percentage of traffic shifted to your
 *   updated Amazon ECS task set in the first increment and the interval, in minutes, before the
 *   remaining traffic is shifted in the second increment."
 * - "Linear: Traffic is shifted in equal increments with an equal number of minutes between each
 *   increment."
 * - "All-at-once: All traffic is shifted from the original Amazon ECS task set to the updated
 *   Amazon ECS task set all at once."
 * The predefined ones: ECSLinear10PercentEvery1Minutes "Shifts 10 percent of traffic every minute
 * until all traffic is shifted.", ECSLinear10PercentEvery3Minutes "every three minutes",
 * ECSCanary10Percent5Minutes "Shifts 10 percent of traffic in the first increment. The remaining
 * 90 percent is deployed five minutes later.", ECSCanary10Percent15Minutes "15 minutes later",
 * ECSAllAtOnce "Shifts all traffic to the updated Amazon ECS container at once." The user guide
 * writes the canary names "10percent"; names are matched without regard to case. Custom
 * deployment configurations are not modelled.
 */

/** One traffic shift: the replacement's weight, then the minutes before the next shift. */
export interface Shift {
  readonly weight: number
  readonly waitMinutes: number
}

function linear(percent: number, minutes: number): Shift[] {
  const shifts: Shift[] = []
  for (let w = percent; w < 100; w += percent) shifts.push({ weight: w, waitMinutes: minutes })
  return [...shifts, { weight: 100, waitMinutes: 0 }]
}

const canary = (percent: number, minutes: number): Shift[] => [
  { weight: percent, waitMinutes: minutes },
  { weight: 100, waitMinutes: 0 }
]

const ECS_CONFIGS: Record<string, readonly Shift[]> = {
  'CodeDeployDefault.ECSAllAtOnce': [{ weight: 100, waitMinutes: 0 }],
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes': linear(10, 1),
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes': linear(10, 3),
  'CodeDeployDefault.ECSCanary10Percent5Minutes': canary(10, 5),
  'CodeDeployDefault.ECSCanary10Percent15Minutes': canary(10, 15)
}

/** The predefined ECS configuration's own name, or undefined for a name it does not know. */
export function ecsConfigName(name: string): string | undefined {
  return Object.keys(ECS_CONFIGS).find(n => n.toLowerCase() === name.toLowerCase())
}

/** The traffic shifts of a (known) ECS deployment configuration. */
export function shiftsOf(name: string): readonly Shift[] {
  return ECS_CONFIGS[ecsConfigName(name) ?? ''] ?? [{ weight: 100, waitMinutes: 0 }]
}
