#!/bin/sh
# The layers of src/, each including only its own headers and those of the
# layers below it:
#   core (include/helios/) < job, proc < run, render, export < cli, tui
# A header names its module in its path ("run/merge.h"); a file's own
# module's headers are included by name alone ("log.h").  This fails, naming
# the file and the line, when an include runs back up or sideways, so the
# graph stays free of circles without anyone having to draw it.
# Usage: tools/layers.sh [ROOT]
set -eu
cd "${1:-.}"
level() {
	case $1 in
	helios) echo 0 ;;
	job | proc) echo 1 ;;
	run | render | export) echo 2 ;;
	cli | tui) echo 3 ;;
	*) echo unknown ;;
	esac
}
bad=0
for file in include/helios/*.h src/*/*.c src/*/*.h; do
	case $file in
	include/*) mod=helios ;;
	*) mod=${file#src/}; mod=${mod%%/*} ;;
	esac
	[ "$mod" = core ] && mod=helios
	own=$(level "$mod")
	if [ "$own" = unknown ]; then
		echo "helios: layers: $file: module '$mod' is not in tools/layers.sh" >&2
		bad=1
		continue
	fi
	grep -n '^#[[:space:]]*include[[:space:]]*"' "$file" | while IFS= read -r line; do
		header=$(printf '%s\n' "$line" | sed 's/^[0-9]*:[^"]*"\([^"]*\)".*/\1/')
		case $header in
		*/*) to=${header%%/*} ;;
		*) continue ;;	# a header of the file's own module
		esac
		want=$(level "$to")
		if [ "$want" = unknown ] || [ "$want" -gt "$own" ] ||
			{ [ "$want" -eq "$own" ] && [ "$to" != "$mod" ]; }; then
			echo "helios: layers: $file:${line%%:*}: $mod includes \"$header\"," \
				"which is not below it" >&2
			echo x
		fi
	done | grep -q x && bad=1
done
# Inside a module, no two files call each other either (x.c including
# y.h while y.c includes x.h; a header including another for its types
# is no call): tsort names the files of a loop.
for dir in src/*/; do
	mod=$(basename "$dir")
	for file in "$dir"*.c; do
		[ -f "$file" ] || continue
		from=$(basename "$file"); from=${from%.*}
		grep '^#[[:space:]]*include[[:space:]]*"' "$file" |
			sed 's/^[^"]*"\([^"]*\)".*/\1/' | while IFS= read -r header; do
			case $header in
			"$mod"/*) to=${header#"$mod"/} ;;
			*/*) continue ;;
			*) to=$header ;;
			esac
			to=${to%.h}
			[ "$to" = "$from" ] || echo "$from $to"
		done
	done >"${TMPDIR:-/tmp}/layers.$$"
	if ! tsort "${TMPDIR:-/tmp}/layers.$$" >/dev/null 2>"${TMPDIR:-/tmp}/layers.$$.err"; then
		echo "helios: layers: src/$mod: files that include each other's headers (a circle):" \
			"$(grep -v 'input contains a loop' "${TMPDIR:-/tmp}/layers.$$.err" | sed 's/^tsort: //' | tr '\n' ' ')" >&2
		bad=1
	fi
	rm -f "${TMPDIR:-/tmp}/layers.$$" "${TMPDIR:-/tmp}/layers.$$.err"
done
[ "$bad" -eq 0 ] || exit 1
echo "layers: $(ls src/*/*.c | wc -l | tr -d ' ') files, every include points down, no circles"
