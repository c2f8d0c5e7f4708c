#!/bin/sh
# Run every benchmark under bench/ against the programs in BUILD_DIR.
build=${1:-build}
status=0
for b in "$(dirname "$0")"/*; do
	case $b in */run.sh|*/README*) continue ;; esac
	[ -x "$b" ] || continue
	echo "== $(basename "$b")"
	"$b" "$build" || status=1
done
exit $status
