#!/usr/bin/env bash
# Shell test runner.  Each tests/<area>/t-*.sh defines functions named test_*;
# every such function runs in a fresh temporary directory, in a subshell
# with `set -e`, with the installed helios programs first on PATH.  A test
# that cannot run here calls skip (exit status 77) with the reason.
# Usage: tests/run.sh [FILE...]   (HELIOS_BIN_DIR: where the programs are;
# HELIOS_TEST=WORD: only the tests whose name holds WORD)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
export HELIOS_TESTS="$root/tests"
export HELIOS_FIXTURES="$root/tests/fixtures"
[ -n "${HELIOS_BIN_DIR:-}" ] && export PATH="$HELIOS_BIN_DIR:$PATH"
# Tests that run make must not inherit `make check`'s own make state.
unset MAKEFLAGS MAKELEVEL MFLAGS

# The test compositions (tests/compositions), bundled once per run from the
# npm packages that tools/deps.sh --install puts in its node_modules.
compositions=$(mktemp -d "${TMPDIR:-/tmp}/helios-compositions.XXXXXX")
trap 'rm -rf "$compositions"' EXIT
if [ ! -d "$root/tests/compositions/node_modules" ]; then
	export HELIOS_COMPOSITIONS_MISSING="tests/compositions/node_modules is missing (run sh tools/deps.sh --install)"
elif ! why=$("$root/tests/compositions/build.sh" "$compositions" 2>&1); then
	export HELIOS_COMPOSITIONS_MISSING="tests/compositions/build.sh failed: $why"
else
	export HELIOS_COMPOSITIONS=$compositions
fi

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
	files=("$root"/tests/*/t-*.sh)
fi

# The kernel logs a process that dies of a fault ("chromium[123]: segfault
# at ... in libfoo.so"): a failed test shows the lines logged while it ran.
kernel_faults() {
	dmesg 2>/dev/null | grep -E 'segfault at|traps:|general protection' || true
}
faults_before=$(kernel_faults | wc -l)

passed=0
failed=0
skipped=0
failures=()
times=()
run_began=$(date +%s%N)
for file in "${files[@]}"; do
	[ -f "$file" ] || continue
	file=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
	name=$(basename "$file" .sh)
	tests=$(bash -c "source '$root/tests/lib.sh'; source '$file'; declare -F" | awk '$3 ~ /^test_/ {print $3}')
	for t in $tests; do
		case $t in *"${HELIOS_TEST:-}"*) ;; *) continue ;; esac
		dir=$(mktemp -d "${TMPDIR:-/tmp}/helios-test.XXXXXX")
		began=$(date +%s%N)
		log="$dir.log"
		# Not the condition of an `if`: bash ignores set -e inside one.
		(
			cd "$dir" || exit 1
			source "$root/tests/lib.sh"
			source "$file"
			set -e
			"$t"
		) >"$log" 2>&1
		rc=$?
		ms=$((($(date +%s%N) - began) / 1000000))
		times+=("$ms $name: $t")
		if [ $rc -eq 0 ]; then
			passed=$((passed + 1))
			printf 'ok   %s: %s (%d.%d s)\n' "$name" "$t" $((ms / 1000)) $((ms % 1000 / 100))
		elif [ $rc -eq 77 ]; then
			skipped=$((skipped + 1))
			echo "skip $name: $t: $(tail -n 1 "$log")"
		else
			failed=$((failed + 1))
			failures+=("$name: $t")
			echo "FAIL $name: $t"
			sed 's/^/     | /' "$log" | tail -n 25
			kernel_faults | tail -n +$((faults_before + 1)) | tail -n 5 | sed 's/^/     | kernel: /'
		fi
		rm -rf "$dir" "$log"
		faults_before=$(kernel_faults | wc -l)
	done
done
# The slowest tests, for whoever keeps `make check` short.
echo
echo "slowest:"
printf '%s\n' "${times[@]}" | sort -rn | head -n 8 |
	awk '{ ms = $1; $1 = ""; printf "  %6.1f s %s\n", ms / 1000, $0 }'
echo "total: $((($(date +%s%N) - run_began) / 1000000000)) s"
if [ $failed -gt 0 ]; then
	echo
	printf 'failed: %s\n' "${failures[@]}"
fi
if [ $skipped -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]
