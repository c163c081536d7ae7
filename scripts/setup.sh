#!/usr/bin/env bash
# Prepares a fresh Debian machine for the tests and the demo:
#   - Debian's docker.io (engine + CLI), docker-registry, busybox-static and apache2-utils (htpasswd),
#     jq, curl and git (the workflows' scripts and the local workflow runner);
#   - a Docker engine running in the background (dockerd), BuildKit on;
#   - the npm dependencies (npm ci).
# Safe to run again: it installs and starts only what is missing.
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
echo "setup: done"
