#!/bin/sh
# Run the libFuzzer harnesses built by `make fuzz`.
#   tests/fuzz/run.sh --probe CC        true when CC can build a libFuzzer program
#   tests/fuzz/run.sh DIR SECONDS [NAME...]
# runs each harness DIR/fuzz_NAME (default: all) for SECONDS on its seed
# corpus tests/fuzz/corpus/NAME and its dictionary tests/fuzz/NAME.dict.
# New inputs go to DIR/corpus/NAME (kept between runs, so campaigns add
# up), crashes to DIR/artifacts/NAME/, the whole output to DIR/log/NAME.log.
# One line per harness, then "fuzz: N passed, N failed"; exit 1 on a failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)

if [ "${1:-}" = "--probe" ]; then
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/helios-fuzz-probe.XXXXXX") || exit 1
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
		>"$tmp/probe.c"
	"$2" -fsanitize=fuzzer,address,undefined -o "$tmp/probe" "$tmp/probe.c" >/dev/null 2>&1
	rc=$?
	rm -rf "$tmp"
	exit $rc
fi

dir=$1
seconds=$2
shift 2
if [ $# -eq 0 ]; then
	for bin in "$dir"/fuzz_*; do
		[ -x "$bin" ] && set -- "$@" "${bin##*/fuzz_}"
	done
fi
# Harness names are words; "$@" is reused below for each one's options.
names=$*
passed=0
failed=0
mkdir -p "$dir/log"
for name in $names; do
	bin=$dir/fuzz_$name
	corpus=$dir/corpus/$name
	art=$dir/artifacts/$name
	log=$dir/log/$name.log
	mkdir -p "$corpus" "$art"
	set -- -max_total_time="$seconds" -timeout=10 -max_len=4096 -print_final_stats=1 \
		-artifact_prefix="$art/"
	[ -f "$here/$name.dict" ] && set -- "$@" -dict="$here/$name.dict"
	"$bin" "$@" "$corpus" "$here/corpus/$name" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|INITED)' "$log" | tail -n 1)
	cov=$(printf '%s\n' "$done_line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	units=$(printf '%s\n' "$done_line" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok   fuzz: $name: ${seconds} s, ${runs:-?} runs, corpus ${units:-?}, coverage ${cov:-?}"
	else
		failed=$((failed + 1))
		echo "FAIL fuzz: $name: exit $rc after ${runs:-?} runs; input kept in $art/ (log $log)"
		grep -E 'ERROR|runtime error|SUMMARY|fuzz_[a-z0-9]*\.c:[0-9]+:' "$log" | head -n 15 | sed 's/^/     | /'
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
