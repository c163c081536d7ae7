/*
 * Image references, checked against the grammar Docker and containerd parse them with, from
 * distribution/reference (reference.go, v0.5.0, lines 4-26):
 *
 *   reference        := name [ ":" tag ] [ "@" digest ]
 *   name             := [domain '/'] remote-name
 *   domain           := host [':' port-number]
 *   host             := domain-name | IPv4address | \[ IPv6address \]   ; rfc3986 appendix-A
 *   domain-name      := domain-component ['.' domain-component]*
 *   domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 *   port-number      := /[0-9]+/
 *   path-component   := alpha-numeric [separator alpha-numeric]*
 *   path (or "remote-name") := path-component ['/' path-component]*
 *   alpha-numeric    := /[a-z0-9]+/
 *   separator        := /[_.]|__|[-]*\/
 *   tag              := /[\w][\w.-]{0,127}/
 *   digest           := digest-algorithm ":" digest-hex
 *
 * and from the same package: "NameTotalLengthMax is the maximum total number of characters in a
 * repository name" (255). The digests a registry serves are sha256 (64 hex digits), sha384 (96)
 * or sha512 (128), in lower case (opencontainers/go-digest).
 *
 * ECS does not parse the image at RegisterTaskDefinition; a bad reference fails later, on every
 * task, as CannotPullContainerError. So it is caught here, before anything is written.
 */

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]'
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[_.]|__|[-]+)[a-z0-9]+)*'
const NAME = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`)
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST_HEX: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 }
const NAME_TOTAL_LENGTH_MAX = 255

/** Why `reference` is not an image reference, or undefined when it is one. */
export function imageReferenceProblem(reference: string): string | undefined {
  if (reference === '') return 'it is empty'
  if (/\s/.test(reference)) {
    return /^\s|\s$/.test(reference)
      ? 'it has spaces around it'
      : `it contains ${/ /.test(reference) ? 'a space' : 'whitespace'}`
  }
  const at = reference.indexOf('@')
  const named = at === -1 ? reference : reference.slice(0, at)
  if (at !== -1) {
    const problem = digestProblem(reference.slice(at + 1))
    if (problem !== undefined) return problem
  }
  const slash = named.lastIndexOf('/')
  const colon = named.lastIndexOf(':')
  const hasTag = colon > slash
  const name = hasTag ? named.slice(0, colon) : named
  if (hasTag) {
    const tag = named.slice(colon + 1)
    if (tag.length > 128) return `its tag is ${tag.length} characters long; a tag has at most 128`
    if (!TAG.test(tag)) {
      return `its tag "${tag}" is not a tag: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"`
    }
  }
  if (name === '') return 'it has no repository name'
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    return `its repository name is ${name.length} characters long; the limit is ${NAME_TOTAL_LENGTH_MAX}`
  }
  if (!NAME.test(name)) {
    const path = hasDomain(name) ? name.slice(name.indexOf('/') + 1) : name
    if (/[A-Z]/.test(path)) {
      return /^[A-Z0-9_]+$/.test(name)
        ? 'it is a placeholder left unfilled (a repository name is lower case)'
        : `its repository path "${path}" has upper-case letters; a repository path is lower case`
    }
    return `"${name}" is not a repository name: an optional registry host[:port]/, then lower-case letters and digits, separated by "/", ".", "_", "__" or "-"`
  }
  return undefined
}

function digestProblem(digest: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):(.*)$/.exec(digest)
  if (m === null)
    return `its digest "${digest}" is not ALGORITHM:HEX (such as sha256: and 64 hex digits)`
  const [, algorithm = '', hex = ''] = m
  const length = DIGEST_HEX[algorithm]
  if (length === undefined) {
    return `its digest algorithm "${algorithm}" is not sha256, sha384 or sha512`
  }
  if (!new RegExp(`^[a-f0-9]{${length}}$`).test(hex)) {
    return `its digest ${algorithm}:${hex.length > 12 ? `${hex.slice(0, 12)}...` : hex} is not ${algorithm}: followed by ${length} lower-case hex digits`
  }
  return undefined
}

/** The first component is a registry host when it has a "." or ":", or is localhost (Docker's rule). */
function hasDomain(name: string): boolean {
  const slash = name.indexOf('/')
  if (slash === -1) return false
  const first = name.slice(0, slash)
  return /[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase()
}

/** A private Amazon ECR repository: ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]/... */
export function isPrivateEcrImage(reference: string): boolean {
  return /^\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\//.test(reference)
}
