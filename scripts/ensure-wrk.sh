#!/usr/bin/env bash
# Make sure the intake benchmark has its HTTP load generator: Debian's `wrk`.
#
# bench/bench_appeals.py drives gunicorn with wrk when it is on PATH: a C client costs the
# 2-core machine far less CPU than Python threads, so more of it is left to the server being
# measured. Without wrk the benchmark falls back to its Python client and says so. Idempotent:
# when the package is present it only asks dpkg and exits. Works unattended (no stdin).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/apt-packages.sh"

PACKAGE=wrk

if is_installed "$PACKAGE"; then
    exit 0
fi

apt_install "缺少 ${PACKAGE}，且无 root 权限：基准改用 Python 客户端 / missing ${PACKAGE}, not root" \
    "$PACKAGE"
