# helios job export, end to end: the exported script or makefile really runs
# a job of ffmpeg testsrc chunks with `helios job run --chunk ID --no-merge`
# and merges them with `helios merge`.

# tiny_job, fix_tiny_job, frames, odd_dir and needs_runner: the scale-out
# tests' own.
# shellcheck source=tests/export/engines.sh
. "$HELIOS_TESTS/export/engines.sh"

test_parallel_runs_merges_stops_and_resumes() {
	needs_runner
	local dir
	dir=$(odd_dir)
	tiny_job "$dir" 7 6
	expect_exit 0 helios job export "$dir/job.json" --to parallel --hosts : --parallelism 2 -o run.sh
	# Chunk 6 fails: the run stops with an error and nothing is merged.
	expect_exit 1 ./run.sh
	[ ! -e "$dir/final.mp4" ] || fail "merged although chunk 6 failed"
	for i in 0 1 2 3 4 5; do
		[ "$(frames "$dir/part_$i.mp4")" = 8 ] || fail "part_$i.mp4 was not rendered"
	done
	ls -l --time-style=+%s.%N "$dir"/part_[0-5].mp4 >before
	# Fixed: the second run runs chunk 6 only, then the merge.
	fix_tiny_job "$dir"
	expect_exit 0 ./run.sh
	ls -l --time-style=+%s.%N "$dir"/part_[0-5].mp4 >after
	cmp -s before after || fail "chunks that had succeeded ran again"
	expect_eq "$(awk -F'\t' 'NR > 1 && $7 == 0 {print $1}' "$dir/job.parallel.log" | sort -n | tr '\n' ' ')" \
		"1 2 3 4 5 6 7 " "every chunk succeeded once"
	expect_eq "$(frames "$dir/final.mp4")" 56
}

test_make_runs_then_does_nothing() {
	needs_runner
	local dir
	dir=$(odd_dir)
	tiny_job "$dir" 7
	expect_exit 0 helios job export "$dir/job.json" --to make -o jobs.mk
	expect_exit 0 make -j2 -f jobs.mk
	expect_eq "$(frames "$dir/final.mp4")" 56
	ls -l --time-style=+%s.%N "$dir"/part_*.mp4 "$dir/final.mp4" >before
	# Every recipe runs, and helios finds each output up to date.
	expect_exit 0 make -j2 -f jobs.mk
	ls -l --time-style=+%s.%N "$dir"/part_*.mp4 "$dir/final.mp4" >after
	cmp -s before after || fail "a second make wrote outputs again"
	expect_contains err "up to date: chunk 6 (nothing to do)"
	expect_contains err "up to date: 7 chunks -> "
}

# Issue 22: a job planned again (another size) is rendered again by make and
# GNU parallel: the old plan's chunk files are never merged.
replan_tiny_job() {
	sed -i 's/testsrc=size=64x48/testsrc=size=32x24/' "$1/job.json"
}

size_of() {
	ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 "$1"
}

test_make_renders_a_replanned_job_again() {
	needs_runner
	local dir
	dir=$(odd_dir)
	tiny_job "$dir" 3
	expect_exit 0 helios job export "$dir/job.json" --to make -o jobs.mk
	expect_exit 0 make -j2 -f jobs.mk
	expect_eq "$(size_of "$dir/final.mp4")" "64,48"
	replan_tiny_job "$dir"
	expect_exit 0 make -j2 -f jobs.mk
	expect_not_contains out "Nothing to be done"
	expect_eq "$(size_of "$dir/part_1.mp4")" "32,24"
	expect_eq "$(size_of "$dir/final.mp4")" "32,24"
	expect_eq "$(frames "$dir/final.mp4")" 24
}

test_parallel_renders_a_replanned_job_again() {
	needs_runner
	local dir
	dir=$(odd_dir)
	tiny_job "$dir" 3
	expect_exit 0 helios job export "$dir/job.json" --to parallel --hosts : --parallelism 2 -o run.sh
	expect_exit 0 ./run.sh
	expect_eq "$(size_of "$dir/final.mp4")" "64,48"
	replan_tiny_job "$dir"
	expect_exit 0 ./run.sh
	expect_eq "$(size_of "$dir/part_2.mp4")" "32,24"
	expect_eq "$(size_of "$dir/final.mp4")" "32,24"
	expect_eq "$(frames "$dir/final.mp4")" 24
}

test_make_failed_chunk_leaves_no_partial_output() {
	needs_runner
	tiny_job . 4
	# Chunk 2 writes part of its output, then fails.
	python3 - <<-'PY'
	import json
	j = json.load(open("job.json"))
	j["chunks"][2]["command"] = "./helios render sh -c 'printf partial >part_2.mp4; exit 1'"
	json.dump(j, open("job.json", "w"))
	PY
	expect_exit 0 helios job export job.json --to make -o jobs.mk
	expect_exit 2 make -f jobs.mk -k
	[ ! -e part_2.mp4 ] || fail "the failed chunk left part_2.mp4"
	[ ! -e final.mp4 ] || fail "merged although chunk 2 failed"
	[ "$(frames part_3.mp4)" = 8 ] || fail "make -k did not go on with chunk 3"
}

test_slurm_array_body_then_merge() {
	needs_runner
	local dir
	dir=$(odd_dir)
	tiny_job "$dir" 7
	expect_exit 0 helios job export "$dir/job.json" --to slurm --parallelism 3 -o "$dir/submit.sh"
	# As Slurm would: each array task in turn, from another directory, then the merge.
	for i in 0 1 2 3 4 5 6; do
		(cd / && SLURM_ARRAY_TASK_ID=$i sh "$dir/submit.array.sbatch") || fail "array task $i failed"
		expect_eq "$(frames "$dir/part_$i.mp4")" 8
	done
	[ ! -e "$dir/final.mp4" ] || fail "merged before the merge script"
	(cd / && sh "$dir/submit.merge.sbatch") || fail "the merge script failed"
	expect_eq "$(frames "$dir/final.mp4")" 56
}

# Issue 10 item 2: a mergeCommand holding shell code is run by helios, split
# as `helios job run` splits it, in every export: nothing reaches a shell.
test_merge_command_is_never_shell_code() {
	needs_runner
	tiny_job . 2
	python3 - <<-'PY'
	import json
	j = json.load(open("job.json"))
	j["mergeCommand"] += ' --preset "$(touch PWNED)"'
	json.dump(j, open("job.json", "w"))
	PY
	expect_exit 0 helios job validate job.json
	expect_exit 0 helios job export job.json --to make -o jobs.mk
	expect_exit 0 helios job export job.json --to slurm -o submit.sh
	expect_exit 0 helios job export job.json --to k8s --volume-claim c -o jobs.yaml
	# The merge fails (no such preset), which is not the point: no shell ran it.
	expect_exit 2 make -f jobs.mk
	expect_contains job.logs/merge.log "invalid preset '\$(touch PWNED)'"
	rm job.logs/merge.log
	expect_exit 1 sh submit.merge.sbatch
	expect_contains job.logs/merge.log '--- helios: merge:'
	if command -v parallel >/dev/null; then
		expect_exit 0 helios job export job.json --to parallel -o run.sh
		expect_exit 1 sh run.sh
	fi
	[ ! -e PWNED ] || fail "the export ran the merge command through a shell"
	expect_not_contains jobs.mk PWNED
	expect_not_contains submit.merge.sbatch PWNED
	expect_not_contains jobs.yaml PWNED
}
