# Assertions for the shell tests; each prints what differed and fails.

fail() {
	echo "FAILED: $*" >&2
	return 1
}

# expect_exit CODE command...: run command, compare its exit status.
# Its stdout and stderr are kept in ./out and ./err for later checks.
expect_exit() {
	local want=$1 got=0
	shift
	"$@" >out 2>err || got=$?
	if [ "$got" != "$want" ]; then
		echo "command: $*" >&2
		echo "stdout:" >&2; cat out >&2
		echo "stderr:" >&2; cat err >&2
		fail "exit status $got, expected $want"
	fi
}

# skip REASON: this test cannot run here; the runner prints the reason.
skip() {
	echo "$*"
	exit 77
}

expect_eq() {
	[ "$1" = "$2" ] || fail "got '$1', expected '$2'${3:+ ($3)}"
}

# expect_contains FILE TEXT: FILE holds TEXT (fixed string).
expect_contains() {
	grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$1' does not contain '$2'"; }
}

expect_not_contains() {
	! grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$1' contains '$2'"; }
}

# expect_lines FILE N: FILE has exactly N lines.
expect_lines() {
	local n
	n=$(wc -l <"$1")
	[ "$n" -eq "$2" ] || { cat "$1" >&2; fail "'$1' has $n lines, expected $2"; }
}

# json FILE EXPR: evaluate a Python expression on the parsed file, bound to j.
json() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# A composition to plan from.
make_comp() {
	echo '<!doctype html><canvas></canvas>' >"${1:-comp.html}"
}
