#!/usr/bin/env bash
# The project's checks, as CI runs them: lint, format, types, tests.
# Run after `bash scripts/setup.sh --test` (or use `bash .ci/run`, which does both).
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
$py -m ruff check src tests bench
$py -m ruff format --check src tests bench
$py -m mypy
$py -m pytest "$@"
