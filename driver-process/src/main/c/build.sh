#!/bin/sh
# Builds the monitor: static, so it needs no shared library at run time and
# costs the least memory per task. Without a C compiler the build goes on and
# the process drivers report themselves unhealthy, saying why.
src=$1 out=$2
cc=${CC:-cc}
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "drover-monitor: no C compiler ($cc); the process drivers will be unhealthy" >&2
    exit 0
fi
mkdir -p "$(dirname "$out")"
"$cc" -O2 -Wall -Wno-format-truncation -static -o "$out" "$src" \
    || "$cc" -O2 -Wall -Wno-format-truncation -o "$out" "$src"
