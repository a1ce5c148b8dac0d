#!/usr/bin/env bash
# Quick start, command 1: set up (Debian 12 packages), build, and run the live demo.
# Extra arguments go to `stridecue demo` (e.g. --headless --duration 60).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --target stridecue
exec ./build/default/app/stridecue demo "$@"
