#!/usr/bin/env bash
# Set up Larder and run it:   ./dev.sh app   (sets up, then opens the window)
#                             ./dev.sh test  (sets up, then lint + types + the whole test suite)
# The virtual environment (~7 GB: ultralytics pulls torch) is shared by every clone and keyed on the
# hash of pyproject.toml, so a new clone reuses it and a dependency change builds a fresh one.
set -euo pipefail
cd "$(dirname "$0")"
repo=$(pwd)

venv_root=${LARDER_VENV_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/larder}
key=$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open("pyproject.toml","rb").read()).hexdigest()[:12])')
venv="$venv_root/venv-$key"

say() { printf '[dev.sh] %s\n' "$*" >&2; }

# Run a command with its output kept in a log that is shown only when it fails.
quiet() {
  local log
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    say "failed: $*"
    return 1
  fi
  rm -f "$log"
}

apt_packages() {
  # Qt's xcb plugin needs libxcb-cursor0 (Qt 6.5+), QtMultimedia needs libpulse0; xvfb for screenshots.
  local want=("$@") missing=()
  command -v dpkg >/dev/null || return 0
  for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} = 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing system packages: ${missing[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null 2>&1 \
      || say "could not install ${missing[*]} (continuing)"
  else
    say "missing system packages (install them with your package manager): ${missing[*]}"
  fi
}

setup() {
  if [ ! -f "$venv/.complete" ]; then
    say "creating $venv (first run: downloads and installs ~7 GB, several minutes)"
    rm -rf "$venv"
    mkdir -p "$venv_root"
    python3 -m venv "$venv"
    quiet "$venv/bin/python" -m pip install -q --upgrade pip
    quiet "$venv/bin/python" -m pip install -q -e "$repo[dev]"
    touch "$venv/.complete"
    # Keep the disk bounded: drop environments built for older pyproject.toml versions.
    find "$venv_root" -maxdepth 1 -name 'venv-????????????' ! -name "venv-$key" -exec rm -rf {} + 2>/dev/null || true
  else
    # Point the shared environment's editable install at this clone (cheap, no dependency changes).
    quiet "$venv/bin/python" -m pip install -q --no-deps --no-build-isolation -e "$repo"
  fi
  export PATH="$venv/bin:$PATH"
}

case "${1:-}" in
  app)
    apt_packages libxcb-cursor0 libpulse0 libxkbcommon-x11-0 libegl1
    setup
    shift
    exec "$venv/bin/larder" "$@"
    ;;
  test)
    setup
    shift
    say "ruff"
    ruff check .
    ruff format --check .
    say "mypy"
    mypy vision agents data
    say "pytest"
    export QT_QPA_PLATFORM=offscreen
    exec python -m pytest "$@"
    ;;
  env)
    setup
    echo "$venv"
    ;;
  *)
    echo "usage: ./dev.sh app|test|env   (see README.md)" >&2
    exit 2
    ;;
esac
