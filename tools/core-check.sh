#!/bin/sh
# The pure core (src/core/, built as libhelios-core.a) may call memory and
# string functions only: no I/O, no curses, no exit(), no process or global
# state.  Every symbol the archive needs and does not define must be on the
# list below, so a stray fopen(), printf(), getenv() or curses call fails
# `make check` with the function's name and the object that calls it.
# Usage: tools/core-check.sh build/libhelios-core.a
set -eu
lib=$1
allowed='^(mem(chr|cmp|cpy|move|rchr|set)|str(casecmp|chr|cmp|cspn|dup|len|ncasecmp|ncmp|ndup|nlen|pbrk|rchr|spn|str)|v?snprintf|malloc|calloc|realloc|free|__(asan|ubsan|sanitizer|lsan)_[A-Za-z0-9_]*|__(div|mod|udiv|umod|divmod|udivmod)ti[34]|__stack_chk_fail)$'
defined=$(nm --defined-only "$lib" | awk 'NF == 3 {print $3}' | sort -u)
bad=$(nm -A -u "$lib" | awk '{print $NF, $1}' | sort -u |
	while read -r sym where; do
		printf '%s\n' "$defined" | grep -qx -- "$sym" && continue
		printf '%s\n' "$sym" | grep -Eq -- "$allowed" && continue
		echo "  $sym (${where%:})"
	done)
if [ -n "$bad" ]; then
	echo "helios: $lib: the pure core calls what it must not:" >&2
	echo "$bad" >&2
	exit 1
fi
echo "core: $(printf '%s\n' "$defined" | wc -l | tr -d ' ') symbols, only memory and string calls"
