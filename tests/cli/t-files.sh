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
		expect_contains err "helios: --emit-job: '$job' is the input; the job file would replace it"
		expect_lines err 1
		cmp comp.html orig.html || fail "--emit-job $job replaced the composition"
	done
	[ "$(ls -a | grep -c tmp)" = 0 ] || fail "a temporary file was left"
}

test_emit_job_refuses_to_be_the_output() {
	make_comp
	expect_exit 2 helios render comp.html -o out.mp4 --emit-job ./out.mp4
	expect_contains err "helios: --emit-job: './out.mp4' is also the output; the merge would replace the job file"
	[ ! -e out.mp4 ] || fail "a job was written"
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
