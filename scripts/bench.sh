#!/usr/bin/env bash
# Every benchmark under bench/, each printing its ratios against a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
benches=(bench/*.py)
if [ ${#benches[@]} -eq 0 ]; then echo "no benchmarks yet"; exit 0; fi
for b in "${benches[@]}"; do
  [[ "$(basename "$b")" == _* ]] && continue  # a module the benchmarks share, not one of them
  echo "== $b =="
  .venv/bin/python "$b"
done
