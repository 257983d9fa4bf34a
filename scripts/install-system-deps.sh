#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Villa Desk needs. Idempotent and quick when all
# packages are already present. Usage: install-system-deps.sh run|test
set -euo pipefail
profile=${1:-run}

# Qt on X11 / offscreen, a CJK font for the screen, poppler for previews.
pkgs=(libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfreetype6 libfontconfig1 libdbus-1-3
      libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
      libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1
      fonts-wqy-microhei cups-client)
if [ "$profile" = test ]; then
  # Real parts for tests: PDF checks, barcode decoding, a CUPS queue, a virtual screen,
  # and a PostgreSQL server that tests/postgres starts in a temporary directory.
  pkgs+=(poppler-utils zbar-tools cups cups-bsd printer-driver-cups-pdf xvfb xauth
         postgresql)
fi
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  pkgs+=(python3-venv)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
