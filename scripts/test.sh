#!/usr/bin/env bash
# Quick start, command 2: set up (Debian 12 packages), build everything, and run every test:
# the whole suite in the default (RelWithDebInfo) build, then the unit and end-to-end tests
# again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/setup.sh

echo "== default preset: build"
cmake --preset default
cmake --build --preset default
echo "== default preset: test"
ctest --preset default

echo "== asan preset: build (no dashboard, no benchmarks)"
cmake --preset asan -DSTRIDECUE_BUILD_DISPLAY=OFF
cmake --build --preset asan
echo "== asan preset: test"
ctest --preset asan

echo "== all tests passed in $(( $(date +%s) - start )) s"
