#!/usr/bin/env bash
# Installs the Debian packages a task needs, and only those missing: `run`, `test` or `python`.
set -euo pipefail

case "${1:-}" in
  python) wanted=() ; python3 -c 'import ensurepip' 2>/dev/null || wanted=(python3-venv) ;;
  run)    wanted=(fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0) ;;
  test)   wanted=(chromium fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 poppler-utils zbar-tools postgresql redis-server caddy) ;;
  *) echo "usage: $0 python|run|test" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
