#!/usr/bin/env bash
# Installs every Debian 12 package that StrideCue's build, tests and demo need.
# Idempotent: when everything is present it only checks and returns (about a second).
# Run as root (or with sudo available) on Debian 12 "bookworm".
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # serial I/O, timers, queues
  libboost-dev libserialport-dev libconcurrentqueue-dev libreaderwriterqueue-dev
  # configuration, logging, command line, storage, maths
  libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev libsqlite3-dev libeigen3-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # dashboard: Qt 6 Widgets, Charts, Multimedia, TextToSpeech (offline voice via flite)
  qt6-base-dev qt6-charts-dev qt6-multimedia-dev qt6-speech-dev qt6-speech-flite-plugin
  qt6-declarative-dev libqt6opengl6-dev libgl-dev libxkbcommon-dev libvulkan-dev fonts-dejavu-core
  # headless GUI checks
  xvfb xauth
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo_cmd=(sudo); else
    echo "setup: need root to install: ${missing[*]}" >&2
    echo "setup: run this script as root, or install those packages with apt-get" >&2
    exit 1
  fi
fi

echo "setup: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
