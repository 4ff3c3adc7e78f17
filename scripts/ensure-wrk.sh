#!/usr/bin/env bash
# Make sure the intake benchmark has its HTTP load generator: Debian's `wrk`.
#
# bench/bench_appeals.py drives gunicorn with wrk when it is on PATH: a C client costs the
# 2-core machine far less CPU than Python threads, so more of it is left to the server being
# measured. Without wrk the benchmark falls back to its Python client and says so. Idempotent:
# when the package is present it only asks dpkg and exits. Works unattended (no stdin).
set -euo pipefail

PACKAGE=wrk

if [[ "$(dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null || true)" == "install ok installed" ]]; then
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo -n)  # never prompt: a hung password prompt is worse than a clear failure
else
    echo "缺少 ${PACKAGE}，且无 root 权限：基准改用 Python 客户端 / missing ${PACKAGE}, not root" >&2
    exit 1
fi

start=$SECONDS
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "$PACKAGE" </dev/null >/dev/null
echo "已安装 ${PACKAGE}（$((SECONDS - start)) 秒）/ installed ${PACKAGE} in $((SECONDS - start))s"
