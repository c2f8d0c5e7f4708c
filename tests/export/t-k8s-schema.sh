# helios job export --to k8s checked by Kubernetes' own schemas: every
# manifest is validated against the schema of the apiVersion and kind it
# declares (kubernetes-models from the npm registry, generated from
# Kubernetes' OpenAPI, plus a look-up of every field we write, as the API
# server's strict field validation does), and the containers' commands are
# run here, each index of the Indexed Job with JOB_COMPLETION_INDEX set, to
# prove that pod i renders chunk i and the merge Job merges them (k8s.mjs).

# shellcheck source=tests/export/engines.sh
. "$HELIOS_TESTS/export/engines.sh"

k8s=$HELIOS_TESTS/export/k8s.mjs

needs_validator() {
	command -v node >/dev/null || skip "node is not installed (sh tools/deps.sh --install)"
	[ -f "$HELIOS_TESTS/compositions/node_modules/kubernetes-models/package.json" ] ||
		skip "kubernetes-models is not installed in tests/compositions (sh tools/deps.sh --install)"
}

# A directory name with blanks, both quotes, '$', '$(', ';', a backquote, a
# newline and non-ASCII letters.
hostile_k8s_dir() {
	printf '%s/a b'\''c"d$e$(f);g`h\ni \303\251\346\227\245' "$PWD"
}

# The same without the newline, which ffmpeg's concat list (the merge)
# cannot hold.
hostile_run_dir() {
	printf '%s/a b'\''c"d$e$(f);g`h i \303\251\346\227\245' "$PWD"
}

# validate FILE N: every document valid, N of them.
validate() {
	expect_exit 0 node "$k8s" validate "$1"
	cat out
	expect_lines out "$2"
	[ "$(grep -c '^valid: batch/v1 Job ' out)" -eq "$2" ] || fail "not every document is a valid batch/v1 Job"
}

test_k8s_every_export_is_valid_by_the_kubernetes_schema() {
	needs_validator
	local dir
	dir=$(hostile_k8s_dir)
	# Planned in a plain directory (planning refuses a path with a line
	# break: the merge could not take it), then moved where it is hostile.
	mkdir plain
	make_comp plain/comp.html
	(cd plain && helios render comp.html -o "fin al'\$x \$(y) é.mp4" --frame-count 70 --concurrency 7 \
		--emit-job job.json >/dev/null)
	mkdir -p "$(dirname "$dir")"
	mv plain "$dir"
	local n=0
	while IFS= read -r args; do
		n=$((n + 1))
		# shellcheck disable=SC2086 # the words of the option set
		expect_exit 0 helios job export "$dir/job.json" --to k8s --volume-claim "claim-1" $args -o "jobs$n.yaml"
		validate "jobs$n.yaml" 2
	done <<-'EOF'

	--parallelism 3 --retries 2 --namespace video --image registry.example/helios:1
	--requests cpu=500m,memory=1.5Gi,ephemeral-storage=2G,nvidia.com/gpu=1 --limits cpu=2,memory=4Gi
	--ttl-after-finished 0 --retries 100 --parallelism 1000000
	--ttl-after-finished 2147483647 --workdir /mnt/a-b_c.d
	EOF
	# Hostile words where the options take text: the namespace, claim, image
	# and workdir are the user's to get right, but must stay YAML strings.
	expect_exit 0 helios job export "$dir/job.json" --to k8s --volume-claim "claim \"x\" \$(y)" \
		--image "reg.example/h:1 # not a comment" --workdir "$dir" -o hostile.yaml
	validate hostile.yaml 2
}

test_k8s_validator_refuses_what_kubernetes_refuses() {
	needs_validator
	make_comp
	helios render comp.html -o final.mp4 --frame-count 6 --concurrency 3 --emit-job job.json >/dev/null 2>&1
	expect_exit 0 helios job export job.json --to k8s --volume-claim c --ttl-after-finished 60 \
		--requests cpu=1 -o jobs.yaml
	validate jobs.yaml 2
	# A wrong type, a bad quantity, a misspelt field: each one is caught.
	sed 's/^  completions: 3$/  completions: "3"/' jobs.yaml >bad1.yaml
	sed 's/"cpu": "1"/"cpu": "1 core"/' jobs.yaml >bad2.yaml
	sed 's/ttlSecondsAfterFinished/ttlSecondAfterFinished/' jobs.yaml >bad3.yaml
	for i in 1 2 3; do
		! cmp -s jobs.yaml bad$i.yaml || fail "bad$i.yaml is not broken"
		expect_exit 1 node "$k8s" validate bad$i.yaml
		expect_contains out "invalid: batch/v1 Job final-chunks"
	done
	expect_exit 1 node "$k8s" validate bad1.yaml
	expect_contains out "data/spec/completions must be integer"
	expect_exit 1 node "$k8s" validate bad3.yaml
	expect_contains out "unknown field data/spec/ttlSecondAfterFinished"
}

test_k8s_pod_i_runs_chunk_i_then_the_merge_job_merges() {
	needs_validator
	needs_runner
	local dir
	dir=$(hostile_run_dir)
	tiny_job "$dir" 4
	# The workdir is the job directory itself, so the pods' commands can run here.
	expect_exit 0 helios job export "$dir/job.json" --to k8s --volume-claim c --workdir "$dir" \
		--parallelism 2 -o jobs.yaml
	validate jobs.yaml 2
	# The real runner: index i renders part_i.mp4, then the merge Job merges.
	expect_exit 0 node "$k8s" run jobs.yaml
	for i in 0 1 2 3; do
		expect_eq "$(frames "$dir/part_$i.mp4")" 8 "index $i"
		expect_eq "$(json "$dir/job.state.json" "[c['status'] for c in j['chunks'] if c['id'] == $i][0]")" done
	done
	expect_eq "$(frames "$dir/final.mp4")" 32
	# Each index ran its own chunk and no other: a stand-in helios records it.
	make_fake_helios_k8s
	rm -f "$dir"/part_*.mp4 "$dir/final.mp4"
	expect_exit 0 env PATH="$PWD/fake:$PATH" node "$k8s" run jobs.yaml
	# (How the merge Job merges is the job's business: it ran, last.)
	expect_eq "$(tr -d '\n' <runs)" \
		"chunk 0 --no-merge|chunk 1 --no-merge|chunk 2 --no-merge|chunk 3 --no-merge|merge|"
	for i in 0 1 2 3; do
		expect_eq "$(cat job-$i)" "$dir/job.json"
	done
}

# fake/helios: appends "chunk ID --no-merge|" to ./runs for a chunk, and the
# job file it got to ./job-ID; "merge|" for anything else.
make_fake_helios_k8s() {
	mkdir -p fake
	cat >fake/helios <<-FAKE
	#!/bin/sh
	if [ "\$1 \$2 \$4" = "job run --chunk" ]; then
		printf '%s' "\$3" >'$PWD/job-'"\$5"
		echo "chunk \$5 \$6|" >>'$PWD/runs'
	else
		echo "merge|" >>'$PWD/runs'
	fi
	FAKE
	chmod +x fake/helios
}
