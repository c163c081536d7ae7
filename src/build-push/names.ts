/**
 * Naming rules, as pure predicates. ECR's repository rule is the one its API enforces:
 * 2 to 256 characters, lowercase letters, digits and ._- separators, with / between
 * path components. Tags follow Docker's rule (ECR accepts these and more).
 */
const REPOSITORY_PATTERN = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const PLATFORM_PATTERN = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/

export function repositoryNameProblem(name: string): string | undefined {
  if (name === '') return 'is required.'
  if (name.includes('.dkr.ecr.') || name.includes(':') || name.includes('@')) {
    return `"${name}" is an image reference; give the repository name only, for example megilance-backend.`
  }
  if (name.length < 2 || name.length > 256) {
    return `"${name}" must be 2 to 256 characters long.`
  }
  if (!REPOSITORY_PATTERN.test(name)) {
    return (
      `"${name}" is not a valid ECR repository name: use lowercase letters and digits, ` +
      'separated by single ".", "_" or "-", with "/" between path parts (for example team/app).'
    )
  }
  return undefined
}

export function tagProblem(tag: string): string | undefined {
  if (tag.includes(':') || tag.includes('/')) {
    return `"${tag}" is not a tag: give the tag only (for example v1.2.3); the registry and repository come from the repository input.`
  }
  if (!TAG_PATTERN.test(tag)) {
    return (
      `"${tag}" is not a valid tag: use up to 128 letters, digits, "_", "." and "-", ` +
      'not starting with "." or "-".'
    )
  }
  return undefined
}

export function isPlatform(text: string): boolean {
  return PLATFORM_PATTERN.test(text)
}
