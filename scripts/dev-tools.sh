#!/usr/bin/env bash
# Makes sure the tools the test suite drives are present: the pinned Python environment (.venv)
# for the Python client's tests and grpcurl (.tools/bin) for the reflection test. Quick when done.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/python-env.sh
if [ ! -x .tools/bin/grpcurl ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "dev-tools: Go is needed to install grpcurl (go install github.com/fullstorydev/grpcurl/cmd/grpcurl)" >&2
    exit 1
  fi
  mkdir -p .tools/bin
  GOBIN="$PWD/.tools/bin" go install github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.3
fi
