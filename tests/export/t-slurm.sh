# helios job export --to slurm, submitted to a real Slurm cluster: the one
# that is up, else a one-node cluster that the test starts on this machine
# and stops at the end (engines.sh).  The submit script prints the array's
# job id and the merge's.

# shellcheck source=tests/export/engines.sh
. "$HELIOS_TESTS/export/engines.sh"

# submit SCRIPT: run the submit script; sets array and merge to the job ids.
submit() {
	expect_exit 0 "$1"
	array=$(sed -n 1p out)
	merge=$(sed -n 2p out)
	[ -n "$array" ] && [ -n "$merge" ] || fail "the submit script printed no job ids: $(cat out err)"
	slurm_wait "$array" "$merge"
}

test_slurm_renders_every_chunk_then_merges() {
	command -v chromium >/dev/null || command -v chromium-headless-shell >/dev/null ||
		[ -x /usr/lib/chromium/chromium ] || skip "chromium is not installed"
	slurm_up
	local dir
	dir=$(odd_dir)
	mkdir -p "$dir"
	cp "$HELIOS_TESTS/../examples/canvas-clock.html" "$dir/clock.html"
	# Real frames through the real renderer: 9 frames of 64x48 in 3 chunks.
	(cd "$dir" && helios render clock.html -o clock.mp4 --width 64 --height 48 --frame-count 9 \
		--concurrency 3 --emit-job job.json 2>/dev/null)
	expect_exit 0 helios job export "$dir/job.json" --to slurm -o "$dir/submit.sh"
	# shellcheck disable=SC2154 # set by submit
	submit "$dir/submit.sh"
	slurm_states "$array" "$merge" >states
	cat states
	expect_eq "$(cat states)" "$(printf '%s COMPLETED None\n' "${array}_0" "${array}_1" "${array}_2" "$merge")"
	# Task i ran chunk i, and wrote its log beside the submit script.
	for i in 0 1 2; do
		expect_eq "$(frames "$dir/clock_part_$i.mp4")" 3 "chunk $i"
		[ -f "$dir/submit_${array}_$i.log" ] || fail "no log of array task $i"
		expect_contains "$dir/job.logs/chunk-$i.log" "clock_part_$i.mp4"
	done
	# afterok: the merge started only when every task had ended.
	local end=0 t
	for i in 0 1 2; do
		t=$(slurm_epoch "${array}_$i" EndTime)
		[ "$t" -gt "$end" ] && end=$t
	done
	[ "$(slurm_epoch "$merge" StartTime)" -ge "$end" ] || fail "the merge started before the last chunk ended"
	expect_eq "$(frames "$dir/clock.mp4")" 9
}

test_slurm_failed_chunk_cancels_merge_and_resubmit_runs_the_rest() {
	needs_runner
	slurm_up
	local dir
	dir=$(odd_dir)
	tiny_job "$dir" 3 1
	expect_exit 0 helios job export "$dir/job.json" --to slurm -o "$dir/submit.sh"
	submit "$dir/submit.sh"
	slurm_states "$array" "$merge" >states
	cat states
	# Chunk 1 failed: its task says so, and the merge was cancelled, not run.
	expect_eq "$(cat states)" "$(printf '%s\n' "${array}_0 COMPLETED None" "${array}_1 FAILED NonZeroExitCode" \
		"${array}_2 COMPLETED None" "$merge CANCELLED DependencyNeverSatisfied")"
	expect_contains "$dir/submit_${array}_1.log" "chunk 1"
	[ ! -e "$dir/final.mp4" ] || fail "merged although chunk 1 failed"
	ls -l --time-style=+%s.%N "$dir"/part_0.mp4 "$dir"/part_2.mp4 >before
	# Fixed and submitted again: only chunk 1 renders, then the merge.
	fix_tiny_job "$dir"
	submit "$dir/submit.sh"
	slurm_states "$array" "$merge" >states
	cat states
	expect_eq "$(cat states)" "$(printf '%s COMPLETED None\n' "${array}_0" "${array}_1" "${array}_2" "$merge")"
	ls -l --time-style=+%s.%N "$dir"/part_0.mp4 "$dir"/part_2.mp4 >after
	cmp -s before after || fail "chunks that had succeeded ran again"
	expect_contains "$dir/submit_${array}_0.log" "up to date: chunk 0 (nothing to do)"
	expect_eq "$(frames "$dir/part_1.mp4")" 8
	expect_eq "$(frames "$dir/final.mp4")" 24
}
