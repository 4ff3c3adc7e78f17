#!/usr/bin/env bash
# Make sure the browser tests can run: Debian's Chromium and CJK fonts.
#
# Playwright cannot download its own browser builds on our machines (only Debian's archive is
# reachable), so the tests drive /usr/bin/chromium. Without fonts-noto-cjk every Chinese glyph
# renders as a box, which makes screenshots useless. Idempotent: when both packages are present
# it only asks dpkg and exits. Works unattended in CI (CI=true, no stdin).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/apt-packages.sh"

PACKAGES=(chromium fonts-noto-cjk)

missing=()
for pkg in "${PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "浏览器环境已就绪 / browser ready: ${PACKAGES[*]} already installed"
    exit 0
fi

apt_install "缺少 ${missing[*]}，且无 root 权限 / missing ${missing[*]} and not root (no sudo)" \
    "${missing[@]}"
