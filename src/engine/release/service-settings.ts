import { parseRunTaskCommand } from '../phases/one-off-task/request.js'
import type { ImageAssignment } from '../phases/render/render.js'
import type { Settings } from '../settings/settings.js'
import type { ReleaseEntry, ReleaseFile } from './release-file.js'

/*
 * The settings one service of a release runs with, pure: the step's settings with the entry's
 * service, cluster, task definition, image and one-off task. `images` lines apply to every service
 * that has the container, and a line SERVICE/CONTAINER=image to that service alone.
 */
export function serviceSettings(s: Settings, file: ReleaseFile, entry: ReleaseEntry): Settings {
  const images = imagesFor(s.render.images, entry)
  const settingsContainers =
    entry.containerName !== '' ? [entry.containerName] : [...new Set(images.map(i => i.container))]
  const command =
    entry.runTaskCommand === ''
      ? undefined
      : parseRunTaskCommand(`release (${entry.service}) run-task-command`, entry.runTaskCommand)
  return {
    ...s,
    service: entry.service,
    cluster: file.cluster ?? s.cluster,
    taskDefinitionFile: entry.taskDefinition,
    render: { ...s.render, images, settingsContainers },
    environmentUrl: entry.environmentUrl || s.environmentUrl,
    runTask:
      command === undefined
        ? undefined
        : { command, container: entry.runTaskContainer, defaultContainer: entry.containerName }
  }
}

function imagesFor(lines: readonly ImageAssignment[], entry: ReleaseEntry): ImageAssignment[] {
  const own = entry.image === '' ? [] : [{ container: entry.containerName, image: entry.image }]
  const prefix = `${entry.service}/`
  const fromInput = lines.flatMap(line => {
    if (line.container.startsWith(prefix))
      return [{ ...line, container: line.container.slice(prefix.length) }]
    return line.container.includes('/') ? [] : [{ ...line, optional: true }]
  })
  return [...own, ...fromInput]
}
