# Files and trust (DESIGN.md): an output never replaces one of its own
# inputs, compared by what the paths name, not how they are spelled.

test_emit_job_refuses_to_replace_its_input() {
	make_comp
	cp comp.html orig.html
	mkdir sub
	ln -s .. sub/up
	ln comp.html hard.html
	for job in comp.html ./comp.html "$PWD/comp.html" sub/../comp.html sub/up/comp.html hard.html; do
		expect_exit 2 helios render comp.html --emit-job "$job"
		expect_contains err "helios: render: --emit-job: '$job' is the input; the job file would replace it"
		expect_lines err 1
		cmp comp.html orig.html || fail "--emit-job $job replaced the composition"
	done
	[ "$(ls -a | grep -c tmp)" = 0 ] || fail "a temporary file was left"
}

test_emit_job_refuses_to_be_the_output() {
	make_comp
	expect_exit 2 helios render comp.html -o out.mp4 --emit-job ./out.mp4
	expect_contains err "helios: render: --emit-job: './out.mp4' is also the output; the merge would replace the job file"
	[ ! -e out.mp4 ] || fail "a job was written"
}

test_outputs_never_replace_a_link_or_a_device() {
	make_comp
	echo keep >victim.json
	ln -s victim.json link.json
	mkfifo fifo.json
	for job in link.json fifo.json /dev/stdout; do
		expect_exit 2 helios render comp.html --emit-job "$job"
		expect_contains err "helios: render: --emit-job: cannot write '$job': "
		expect_lines err 1
	done
	[ -L link.json ] && [ -p fifo.json ] && [ -L /dev/stdout ] || fail "a link or FIFO was replaced"
	expect_eq "$(cat victim.json)" keep
	helios render comp.html --emit-job job.json >/dev/null || fail "cannot plan a job"
	expect_exit 2 helios job export job.json --to make -o link.json
	expect_contains err "link.json': a symbolic link; name the file itself"
	[ -L link.json ] || fail "job export replaced the link"
	ln -s victim.json out.mp4
	expect_exit 2 helios render comp.html -o out.mp4 --duration 0.1
	expect_contains err "helios: render: cannot write 'out.mp4': a symbolic link; name the file itself"
	[ -L out.mp4 ] || fail "render replaced the link"
	[ "$(ls -a | grep -c tmp)" = 0 ] || fail "a temporary file was left"
}

test_render_refuses_output_equal_to_input() {
	make_comp
	cp comp.html page.mp4
	ln -s page.mp4 link.mp4
	for args in "-o page.mp4" "-o ./page.mp4" "-o link.mp4" "-o page.mp4 --concurrency 2"; do
		# shellcheck disable=SC2086
		expect_exit 2 helios render page.mp4 $args --frame-count 2
		expect_contains err "helios: render: -o: '"
		expect_contains err "' is the input; the render would replace it"
		cmp comp.html page.mp4 || fail "helios render page.mp4 $args replaced its input"
	done
	[ ! -e .page.mp4.helios ] || fail "a work directory was made"
}

test_export_refuses_to_replace_its_job() {
	make_comp
	helios render comp.html --concurrency 2 --emit-job job.json >/dev/null
	cp job.json orig.json
	for to in make parallel k8s; do
		extra=
		[ $to = k8s ] && extra="--volume-claim c"
		# shellcheck disable=SC2086
		expect_exit 2 helios job export job.json --to $to -o ./job.json $extra
		expect_contains err "helios: job export: -o: './job.json' is the job file; the export would replace it"
		cmp job.json orig.json || fail "export --to $to replaced the job"
	done
	# Slurm's second file is <stem>.array.sbatch: that is the job here.
	cp job.json s.array.sbatch
	expect_exit 2 helios job export s.array.sbatch --to slurm -o s.sh
	expect_contains err "helios: job export: -o: '"
	cmp s.array.sbatch orig.json || fail "export --to slurm replaced the job"
	[ ! -e s.sh ] && [ ! -e s.merge.sbatch ] || fail "slurm files were written"
}

# Another user's files: we are root in the tests, so "another user" is
# uid 65534 (nobody), made the owner with chown.
as_other() {
	[ "$(id -u)" = 0 ] || skip "needs root to make files owned by another uid"
	chown -h -R 65534 "$@"
}

# The attack: in a directory everybody may write to, another user
# plants the work directory of a parallel render, with a chunk log that is
# a link to a file of ours.
test_render_refuses_a_planted_work_directory() {
	make_comp
	echo precious >victim
	mkdir -m 1777 shared
	mkdir -p shared/.out.mp4.helios/job.logs
	ln -s "$PWD/victim" shared/.out.mp4.helios/job.logs/chunk-0.log
	ln -s "$PWD/victim" shared/.out.mp4.helios/job.logs/chunk-1.log
	as_other shared/.out.mp4.helios
	expect_exit 1 helios render comp.html --concurrency 2 --frame-count 2 -o shared/out.mp4
	expect_contains err "helios: render: work directory: 'shared/.out.mp4.helios': owned by uid 65534, not by us (uid 0); refusing to use it"
	expect_lines err 1
	echo precious | cmp -s - victim || fail "the victim was written through the planted log"
	[ ! -e shared/out.mp4 ] || fail "an output was written"
}

test_render_refuses_a_work_directory_link_or_open_to_others() {
	make_comp
	mkdir elsewhere
	ln -s elsewhere .out.mp4.helios
	expect_exit 1 helios render comp.html --concurrency 2 --frame-count 2 -o out.mp4
	expect_contains err "helios: render: work directory: '.out.mp4.helios': a symbolic link, not a directory of ours; refusing to use it"
	[ -z "$(ls elsewhere)" ] || fail "something was written through the link"
	rm .out.mp4.helios
	mkdir -m 0777 .out.mp4.helios
	chmod 0777 .out.mp4.helios
	expect_exit 1 helios render comp.html --concurrency 2 --frame-count 2 -o out.mp4
	expect_contains err "helios: render: work directory: '.out.mp4.helios': writable by others (mode 0777); refusing to use it"
}

test_job_run_refuses_a_planted_log_directory() {
	python3 "$HELIOS_TESTS/run/make_job.py" --chunks 2 --cmd "true"
	echo precious >victim
	mkdir job.logs
	ln -s ../victim job.logs/chunk-0.log
	as_other job.logs
	expect_exit 1 helios job run job.json
	expect_contains err "helios: job run: log directory: 'job.logs': owned by uid 65534, not by us (uid 0); refusing to use it"
	echo precious | cmp -s - victim || fail "the victim was written through the planted log"
	[ ! -e job.state.json ] || fail "the job ran"
}

# A link left inside a directory of ours is replaced, never written through.
test_job_run_never_writes_a_log_through_a_link() {
	python3 "$HELIOS_TESTS/run/make_job.py" --chunks 1 --cmd "sh -c 'echo chunk says hi; exit 1'"
	echo precious >victim
	mkdir job.logs
	ln -s ../victim job.logs/chunk-0.log
	ln -s ../victim job.logs/merge.log
	expect_exit 1 helios job run job.json
	echo precious | cmp -s - victim || fail "the victim was written through the planted log"
	[ -f job.logs/chunk-0.log ] && [ ! -L job.logs/chunk-0.log ] || fail "the chunk log is not a file of its own"
	expect_contains job.logs/chunk-0.log "chunk says hi"
}
