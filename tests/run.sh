#!/usr/bin/env bash
# Shell test runner.  Each tests/<area>/t-*.sh defines functions named test_*;
# every such function runs in a fresh temporary directory, in a subshell
# with `set -e`, with the installed helios programs first on PATH.  A test
# that cannot run here calls skip (exit status 77) with the reason.
# Usage: tests/run.sh [FILE...]   (HELIOS_BIN_DIR: where the programs are;
# HELIOS_TEST=WORD: only the tests whose name holds WORD;
# HELIOS_TEST_JOBS=N: how many tests run at once)
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
shims=$(mktemp -d "${TMPDIR:-/tmp}/helios-test-bin.XXXXXX")
trap 'rm -rf "$compositions" "$shims"' EXIT

# The tests call python3 hundreds of times.  A version manager's shim
# (pyenv's is a shell script running `pyenv exec`) costs about 0.4 s a
# call, ten times the interpreter's own start: the tests call the
# interpreter it resolves to.
if python=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) && [ -x "$python" ]; then
	ln -s "$python" "$shims/python3"
	export PATH="$shims:$PATH"
fi
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

passed=0
failed=0
skipped=0
failures=()
times=()

# Tests run side by side, HELIOS_TEST_JOBS at once (default: the number
# of CPUs).  Each has its own directory, ports and processes, so they do
# not meet; a job is one test function, its result printed as it ends.
jobs=${HELIOS_TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
case $jobs in '' | *[!0-9]* | 0) jobs=1 ;; esac
declare -A running_name running_dir running_began running_faults
nrunning=0

start_test() {	# FILE NAME TEST
	local dir
	dir=$(mktemp -d "${TMPDIR:-/tmp}/helios-test.XXXXXX")
	# As root the browser runs as nobody, whose profile is made in a
	# test's $TMPDIR: it must be let through (not read) on its way.
	chmod 711 "$dir"
	(
		cd "$dir" || exit 1
		source "$root/tests/lib.sh"
		source "$1"
		set -e
		"$3"
	) >"$dir.log" 2>&1 &
	running_name[$!]="$2: $3"
	running_dir[$!]=$dir
	running_began[$!]=$(date +%s%N)
	running_faults[$!]=$(kernel_faults | wc -l)
	nrunning=$((nrunning + 1))
}

# Wait for one running test to end and report it.
finish_test() {
	local pid rc ms name dir
	wait -n -p pid
	rc=$?
	name=${running_name[$pid]}
	dir=${running_dir[$pid]}
	ms=$((($(date +%s%N) - ${running_began[$pid]}) / 1000000))
	times+=("$ms $name")
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		printf 'ok   %s (%d.%d s)\n' "$name" $((ms / 1000)) $((ms % 1000 / 100))
	elif [ $rc -eq 77 ]; then
		skipped=$((skipped + 1))
		echo "skip $name: $(tail -n 1 "$dir.log")"
	else
		failed=$((failed + 1))
		failures+=("$name")
		echo "FAIL $name"
		sed 's/^/     | /' "$dir.log" | tail -n 25
		kernel_faults | tail -n +$((${running_faults[$pid]} + 1)) | tail -n 5 | sed 's/^/     | kernel: /'
	fi
	rm -rf "$dir" "$dir.log"
	unset "running_name[$pid]" "running_dir[$pid]" "running_began[$pid]" "running_faults[$pid]"
	nrunning=$((nrunning - 1))
}

run_began=$(date +%s%N)
for file in "${files[@]}"; do
	[ -f "$file" ] || continue
	file=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
	name=$(basename "$file" .sh)
	tests=$(bash -c "source '$root/tests/lib.sh'; source '$file'; declare -F" | awk '$3 ~ /^test_/ {print $3}')
	for t in $tests; do
		case $t in *"${HELIOS_TEST:-}"*) ;; *) continue ;; esac
		while [ $nrunning -ge "$jobs" ]; do
			finish_test
		done
		start_test "$file" "$name" "$t"
	done
done
while [ $nrunning -gt 0 ]; do
	finish_test
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
