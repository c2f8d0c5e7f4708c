#!/bin/sh
# Regenerate man/helios-tui.1 from man/helios-tui.1.in and the key table
# (helios-tui --print-keys).  Usage: tools/man-keys.sh [path/to/helios-tui]
set -eu
tui=${1:-build/helios-tui}
keys=$("$tui" --print-keys)
awk -v keys="$keys" '$0 == "@KEYS@" { print keys; next } { print }' man/helios-tui.1.in >man/helios-tui.1.tmp
mv man/helios-tui.1.tmp man/helios-tui.1
