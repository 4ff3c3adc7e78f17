#!/usr/bin/env bash
# `make run`: migrate, load regions and the demo city, start the task worker, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
export SHEGONG_DEBUG="${SHEGONG_DEBUG:-1}"
port="${PORT:-8000}"
sg=.venv/bin/shegong

$sg migrate --noinput
# National provinces, cities, counties and townships, plus every village of the demo city 揭阳市.
$sg regions load --all --levels 1-4
$sg regions load --city 4452
$sg demo --quiet

$sg worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

$sg demo
echo
echo "社工 已启动：http://127.0.0.1:${port}/   （Ctrl+C 停止）"
$sg runserver "127.0.0.1:${port}"
