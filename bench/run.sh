#!/usr/bin/env bash
# Runs every bench/*.bench.ts (or those whose file name matches $1) with tsx; extra args go to each.
# Case filter: BENCH_FILTER=<regex on case names such as "conv-norms/3x3-256-512">.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern="${1:-.}"
for file in bench/*.bench.ts; do
  if [[ "$(basename "$file")" =~ $pattern ]]; then
    echo "== $file"
    node --import tsx "$file"
  fi
done
