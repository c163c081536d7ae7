import { InputError, parseKeyValueLines } from '../../shared/parse.js'
import type { ImageAssignment } from '../phases/render/render.js'
import { imageReferenceProblem } from '../phases/validate/image.js'
import { INPUTS } from './inputs.js'

/** The images the inputs give, and the containers the other render inputs apply to. */
export interface ImageSettings {
  readonly images: ImageAssignment[]
  /** container-name, split at commas. */
  readonly containerNames: string[]
  /** The containers environment, secrets, labels and sizes apply to. */
  readonly settingsContainers: string[]
}

/**
 * `container-name` with `image`, and `images` (container=image lines), checked. Without
 * container-name, `image` is for `defaultContainer` where the service has one container only.
 */
export function readImages(
  get: (name: string) => string,
  defaultContainer?: string
): ImageSettings {
  const containerName = get(INPUTS.containerName).trim() || (defaultContainer ?? '')
  const image = get(INPUTS.image).trim()
  if (image !== '' && containerName === '') {
    throw new InputError(
      INPUTS.containerName,
      'is required with image: name the container the image is for.'
    )
  }
  const containerNames = splitNames(containerName)
  const images: ImageAssignment[] = []
  if (image !== '') {
    for (const container of containerNames) {
      checkImage(INPUTS.image, container, image)
      images.push({ container, image, input: INPUTS.containerName })
    }
  }
  images.push(...imageLines(get(INPUTS.images)))
  const settingsContainers =
    containerNames.length > 0 ? containerNames : [...new Set(images.map(i => i.container))]
  return { images, containerNames, settingsContainers }
}

/**
 * Several names, comma-separated, as amazon-ecs-render-task-definition takes them (v1.8.0): each
 * gets the image. ECS container names have no commas ("Up to 255 letters (uppercase and
 * lowercase), numbers, underscores, and hyphens are allowed.", ContainerDefinition.name).
 */
function splitNames(containerName: string): string[] {
  const names = containerName === '' ? [] : containerName.split(',').map(n => n.trim())
  if (names.some(n => n === '')) {
    throw new InputError(
      INPUTS.containerName,
      `"${containerName}" has an empty name. Give one container name, or several separated by commas.`
    )
  }
  return names
}

function imageLines(text: string): ImageAssignment[] {
  return parseKeyValueLines(INPUTS.images, text, 'container=image').map(({ key, value }) => {
    if (value === '')
      throw new InputError(INPUTS.images, `the image for container "${key}" is empty.`)
    checkImage(INPUTS.images, key, value)
    return { container: key, image: value, input: INPUTS.images }
  })
}

/** An image input follows the image reference grammar (validate/image.ts), or the step stops. */
function checkImage(input: string, container: string, image: string): void {
  const problem = imageReferenceProblem(image)
  if (problem !== undefined) {
    throw new InputError(
      input,
      `the image for container "${container}", "${image}", is not an image reference: ${problem}. Give REGISTRY/REPOSITORY:TAG or REGISTRY/REPOSITORY@sha256:DIGEST (for example the build step's image output).`
    )
  }
}
