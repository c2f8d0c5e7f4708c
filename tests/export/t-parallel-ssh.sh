# helios job export --to parallel with a second host: an sshd on 127.0.0.1
# that the test starts with its own host and client keys on a free port
# (engines.sh).  GNU parallel reaches it through PARALLEL_SSH ("ssh -F
# config", which names the port and the keys), and PARALLEL="--env PATH"
# gives the remote shell this PATH, so that it finds the helios under test.
# Both hosts see the job directory at the same path, as on a shared
# filesystem.

# shellcheck source=tests/export/engines.sh
. "$HELIOS_TESTS/export/engines.sh"

# run_script SCRIPT: the exported script with the remote PATH passed on.
run_script() {
	PARALLEL="--env PATH" "$@"
}

# joblog_field DIR FIELD: one field of every job log line, sorted, one line.
joblog_field() {
	awk -F'\t' -v f="$2" 'NR > 1 {print $f}' "$1/job.parallel.log" | LC_ALL=C sort -u | tr '\n' ' '
}

test_parallel_over_ssh_runs_chunks_on_both_hosts_and_merges() {
	needs_runner
	sshd_up
	local dir
	dir=$(odd_dir)
	tiny_job "$dir" 6
	# One chunk at a time on each host, so that both get some.
	expect_exit 0 helios job export "$dir/job.json" --to parallel --hosts :,127.0.0.1 --parallelism 1 -o run.sh
	expect_exit 0 run_script ./run.sh
	cat "$dir/job.parallel.log"
	expect_eq "$(joblog_field "$dir" 2)" "127.0.0.1 : " "hosts that ran chunks"
	expect_eq "$(joblog_field "$dir" 7)" "0 " "exit statuses"
	expect_lines "$dir/job.parallel.log" 7
	for i in 0 1 2 3 4 5; do
		expect_eq "$(frames "$dir/part_$i.mp4")" 8 "chunk $i"
	done
	expect_eq "$(frames "$dir/final.mp4")" 48
	[ ! -s "$dir/job.parallel.failed.log" ] || fail "failed attempts: $(cat "$dir/job.parallel.failed.log")"
	expect_not_contains err "failed"
}

test_parallel_over_ssh_retries_on_the_other_host_and_reports_it() {
	needs_runner
	sshd_up
	local dir
	dir=$(odd_dir)
	# A broken node: every chunk fails when it runs over ssh.
	CHUNK_PREFIX='[ -z "${SSH_CONNECTION:-}" ]' tiny_job "$dir" 6
	expect_exit 0 helios job export "$dir/job.json" --to parallel --hosts :,127.0.0.1 --parallelism 1 \
		--retries 1 -o run.sh
	expect_exit 0 run_script ./run.sh
	cat err "$dir/job.parallel.log"
	# Each chunk that failed on 127.0.0.1 ran again on this machine, and
	# every failed attempt is reported, though parallel forgets it.
	expect_eq "$(joblog_field "$dir" 2)" ": " "hosts of the attempts that counted"
	expect_eq "$(joblog_field "$dir" 7)" "0 " "exit statuses"
	[ -s "$dir/job.parallel.failed.log" ] || fail "no failed attempt on 127.0.0.1 reported"
	expect_eq "$(sed 's/^chunk [0-5]: //' "$dir/job.parallel.failed.log" | sort -u)" \
		"failed on 127.0.0.1 with exit status 1"
	expect_contains err "helios: failed attempts (in $dir/job.parallel.failed.log):"
	expect_contains err "$(head -n 1 "$dir/job.parallel.failed.log")"
	expect_eq "$(frames "$dir/final.mp4")" 48
}

test_parallel_over_ssh_chunk_failing_for_good_stops_then_resumes() {
	needs_runner
	sshd_up
	local dir
	dir=$(odd_dir)
	tiny_job "$dir" 4 2
	expect_exit 0 helios job export "$dir/job.json" --to parallel --hosts 127.0.0.1 --retries 1 -o run.sh
	expect_exit 1 run_script ./run.sh
	cat err "$dir/job.parallel.log"
	[ ! -e "$dir/final.mp4" ] || fail "merged although chunk 2 failed"
	# Both attempts are reported; the job log has the last one.
	expect_eq "$(cat "$dir/job.parallel.failed.log")" \
		"$(printf 'chunk 2: failed on 127.0.0.1 with exit status 1\n%.0s' 1 2)"
	expect_contains err "chunk 2: failed on 127.0.0.1 with exit status 1"
	expect_eq "$(awk -F'\t' 'NR > 1 && $7 != 0 {print $2, $7}' "$dir/job.parallel.log")" "127.0.0.1 1"
	# Fixed: the second run runs chunk 2 and what never ran, then merges.
	fix_tiny_job "$dir"
	expect_exit 0 run_script ./run.sh
	expect_eq "$(frames "$dir/final.mp4")" 32
	[ ! -s "$dir/job.parallel.failed.log" ] || fail "failed attempts reported again"
}
