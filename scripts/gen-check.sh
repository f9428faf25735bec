#!/usr/bin/env bash
# Fails when the committed generated code differs from what `npm run gen` produces now.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/gen.sh
if ! git diff --exit-code --stat -- src/gen clients/ts/src/gen clients/python/normserve_client/_gen \
  || [ -n "$(git status --porcelain -- src/gen clients/ts/src/gen clients/python/normserve_client/_gen)" ]; then
  echo "generated code is stale: run 'npm run gen' and commit the result" >&2
  exit 1
fi
echo "generated code is current"
