#!/usr/bin/env bash
# Make sure the browser tests can run: Debian's Chromium and CJK fonts.
#
# Playwright cannot download its own browser builds on our machines (only Debian's archive is
# reachable), so the tests drive /usr/bin/chromium. Without fonts-noto-cjk every Chinese glyph
# renders as a box, which makes screenshots useless. Idempotent: when both packages are present
# it only asks dpkg and exits. Works unattended in CI (CI=true, no stdin).
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk)

is_installed() {
    # "install ok installed" is dpkg's wording for a fully configured package; a half-removed or
    # unpacked-only package must be installed again.
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

missing=()
for pkg in "${PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "浏览器环境已就绪 / browser ready: ${PACKAGES[*]} already installed"
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    # -n: never prompt; CI has no stdin and a hung password prompt is worse than a clear failure.
    as_root=(sudo -n)
else
    echo "缺少 ${missing[*]}，且无 root 权限 / missing ${missing[*]} and not root (no sudo)" >&2
    exit 1
fi

start=$SECONDS
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" </dev/null >/dev/null
echo "已安装 ${missing[*]}（$((SECONDS - start)) 秒）/ installed ${missing[*]} in $((SECONDS - start))s"
