#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs inside a fresh, minimal Debian root filesystem (see `./dev package`): installs the .deb
# with only the dependencies it declares, then starts what it installed. Usage: check-installed.sh DEB
set -eu
deb=$1
export DEBIAN_FRONTEND=noninteractive
# mmdebstrap has just fetched the package lists for this root filesystem.
started=$(date +%s)
# No recommends: what the package Depends on must be enough.
apt-get install -y -qq --no-install-recommends "$deb" >/tmp/apt.log 2>&1 || {
    cat /tmp/apt.log
    exit 1
}
echo "== installed: $(dpkg-query -W -f '${Package} ${Version}' juxta) with its dependencies in $(($(date +%s) - started)) s"
echo "== Depends: $(dpkg-query -W -f '${Depends}' juxta)"
dpkg -L juxta | while read -r path; do if [ -f "$path" ]; then echo "$path"; fi; done

export HOME=/tmp/home
mkdir -p "$HOME"
echo "== juxta --version"
juxta --version
echo "== juxta-cli --version"
juxta-cli --version
echo "== juxta-cli prompts list"
juxta-cli prompts list
echo "== juxta --offscreen --screenshot"
cd /tmp
juxta --offscreen --screenshot /tmp/screenshot.png
test -s /tmp/screenshot.png
