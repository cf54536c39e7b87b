#!/usr/bin/env bash
# Set up Larder and run it:   ./dev.sh app   (sets up, then opens the window)
#                             ./dev.sh test  (sets up, then lint + types + the whole test suite)
#                             ./dev.sh env   (sets up, prints this clone's venv; `setup` says nothing)
# Two environments (see tools/devenv.py):
# - the heavy dependencies (~7 GB: ultralytics pulls torch) in one venv shared by every clone,
#   $LARDER_VENV_ROOT/deps-<key> (default ~/.cache/larder), keyed on the dependencies and the Python
#   version only, so editing tool configuration does not rebuild it;
# - this clone's own .venv/ (git-ignored, a few MB): sees the shared site-packages through a .pth file
#   and holds an editable install of this clone only, with its own bin/larder. Running this script in
#   one clone therefore never changes what `larder` runs in another.
# Both commands also install the system libraries Qt's plugins need (as root, with apt-get).
# LARDER_DEPS_VENV=/path/to/venv uses an existing environment as the shared one (never built or pruned).
set -euo pipefail
cd "$(dirname "$0")"
repo=$(pwd)

python=${LARDER_PYTHON:-python3}
venv_root=${LARDER_VENV_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/larder}
clone_venv="$repo/.venv"

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

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  say "Larder needs Python 3.11 or newer as '$python' (set LARDER_PYTHON=/path/to/python3.11)"
  exit 1
fi

if [ -n "${LARDER_DEPS_VENV:-}" ]; then
  shared=$LARDER_DEPS_VENV
  managed=0
else
  shared="$venv_root/deps-$("$python" tools/devenv.py key)"
  managed=1
fi

build_shared() {
  [ -f "$shared/.complete" ] && return 0
  if [ "$managed" = 0 ]; then
    say "LARDER_DEPS_VENV=$shared is not a finished environment (no .complete)"
    exit 1
  fi
  mkdir -p "$venv_root"
  # Two clones setting up at once must not build the same environment twice.
  if command -v flock >/dev/null; then
    exec 9>"$shared.lock"
    flock 9
    [ -f "$shared/.complete" ] && return 0
  fi
  say "creating $shared (first run: downloads and installs ~7 GB, several minutes)"
  rm -rf "$shared"
  "$python" -m venv "$shared"
  "$python" tools/devenv.py requirements >"$shared/requirements.txt"
  quiet "$shared/bin/python" -m pip install -q --upgrade pip
  quiet "$shared/bin/python" -m pip install -q -r "$shared/requirements.txt"
  touch "$shared/.complete"
}

site_packages() { "$1/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))'; }

setup_clone() {
  if [ "$(cat "$clone_venv/larder-deps" 2>/dev/null)" != "$shared" ] || [ ! -x "$clone_venv/bin/python" ]; then
    rm -rf "$clone_venv"
    "$shared/bin/python" -m venv --without-pip "$clone_venv"
    # addsitedir (not a bare path line) so the shared environment's own .pth files are honoured too.
    "$shared/bin/python" -c 'import sys; print(f"import site; site.addsitedir({sys.argv[1]!r})")' \
      "$(site_packages "$shared")" >"$(site_packages "$clone_venv")/_larder_shared_deps.pth"
    echo "$shared" >"$clone_venv/larder-deps"
  fi
  # Reinstall when pyproject.toml changes (entry points, package data); cheap: no dependencies.
  local project
  project=$("$python" -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml","rb").read()).hexdigest())')
  if [ "$(cat "$clone_venv/.project-hash" 2>/dev/null)" != "$project" ] || [ ! -x "$clone_venv/bin/larder" ]; then
    quiet "$clone_venv/bin/python" -m pip install -q --no-deps --no-build-isolation -e "$repo"
    echo "$project" >"$clone_venv/.project-hash"
  fi
}

setup() {
  build_shared
  setup_clone
  if [ "$managed" = 1 ]; then
    "$python" tools/devenv.py register "$shared" "$clone_venv"
    # Keep the disk bounded: environments no clone uses and nobody used for 7 days.
    "$python" tools/devenv.py prune "$venv_root" "$shared"
  fi
  export PATH="$clone_venv/bin:$PATH"
}

system_libraries() {
  # Every system library Qt's xcb, multimedia and image plugins need, found with ldd over the installed
  # PySide6 and mapped to Debian packages by tools/qt_system_libs.py (table: tools/qt-system-libs.tsv).
  command -v dpkg >/dev/null || return 0
  local missing
  missing=$("$clone_venv/bin/python" tools/qt_system_libs.py missing-packages) || return 0
  [ -z "$missing" ] && return 0
  # shellcheck disable=SC2086 # one package a word
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing system packages: $(echo $missing)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || say "apt-get update failed (trying the install anyway)"
    if ! apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; then
      # One unknown name (another release) must not stop the others.
      for p in $missing; do
        apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 || say "could not install $p"
      done
    fi
  else
    say "missing system packages; install them with: sudo apt-get install $(echo $missing)"
  fi
}

case "${1:-}" in
  app)
    setup
    system_libraries
    shift
    exec "$clone_venv/bin/larder" "$@"
    ;;
  test)
    setup
    system_libraries # the GUI tests run offscreen, but QtMultimedia still loads its plugin
    shift
    say "ruff"
    "$shared/bin/ruff" check .
    "$shared/bin/ruff" format --check .
    say "mypy"
    "$clone_venv/bin/python" -m mypy vision agents data desktop
    say "pytest"
    export QT_QPA_PLATFORM=offscreen
    exec "$clone_venv/bin/python" -m pytest "$@"
    ;;
  env)
    setup
    echo "$clone_venv"
    ;;
  setup)
    setup
    ;;
  *)
    echo "usage: ./dev.sh app|test|env|setup   (see README.md)" >&2
    exit 2
    ;;
esac
