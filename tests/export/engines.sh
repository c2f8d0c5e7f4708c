# The cluster engines of the scale-out tests, run for real on this machine
# (sourced by t-slurm.sh and t-parallel-ssh.sh): a one-node Slurm cluster
# with its own munge, an sshd on 127.0.0.1 that GNU parallel uses as a
# second host, and tiny jobs for them.  Every daemon is started by the test
# in its own directory and stopped when the test ends (at_exit).

# tiny_job DIR N [BAD_ID]: DIR/job.json with N chunks of 8 frames of 64x48
# ffmpeg testsrc, each run by `helios job run` into part_<id>.mp4 and merged
# into final.mp4; chunk BAD_ID asks for an encoder that does not exist.
# CHUNK_PREFIX, when set, is a shell command every chunk runs first (a
# chunk is then "sh -c 'PREFIX && exec ffmpeg …'").  A chunk command must
# be `helios render …`: each runs through ./helios, the stand-in that
# tests/run/stand-in-helios is, copied beside the job.
tiny_job() {
	mkdir -p "$1"
	python3 - "$1/job.json" "$2" "${3:--1}" "${CHUNK_PREFIX:-}" <<-'PY'
	import json, shlex, sys
	path, n, bad, prefix = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
	def command(i):
	    ffmpeg = ("ffmpeg -v error -y -f lavfi -i testsrc=size=64x48:rate=30 -frames:v 8 "
	              "-c:v %s -pix_fmt yuv420p part_%d.mp4" % ("no_such_encoder" if i == bad else "libx264", i))
	    if not prefix:
	        return "./helios render " + ffmpeg
	    return "./helios render sh -c " + shlex.quote(prefix.replace("{id}", str(i)) + " && exec " + ffmpeg)
	chunks = [{"id": i, "startFrame": 8 * i, "frameCount": 8, "outputFile": "part_%d.mp4" % i,
	           "command": command(i)} for i in range(n)]
	job = {
	    "metadata": {"input": "testsrc", "output": "final.mp4", "totalFrames": 8 * n, "startFrame": 0,
	                 "fps": 30, "width": 64, "height": 48, "duration": 8 * n / 30},
	    "chunks": chunks,
	    "mergeCommand": "helios merge final.mp4 " + " ".join(c["outputFile"] for c in chunks),
	}
	json.dump(job, open(path, "w"), indent=2)
	PY
	cp "$HELIOS_TESTS/run/stand-in-helios" "$1/helios"
	helios job validate "$1/job.json" >/dev/null
}

# Make chunk BAD_ID of DIR/job.json good again.
fix_tiny_job() {
	sed -i 's/no_such_encoder/libx264/' "$1/job.json"
}

frames() {
	ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames \
		-of csv=p=0 "$1"
}

# Name of a directory with blanks, quotes and '$'.
odd_dir() {
	printf '%s/my renders/it'\''s "$HOME"' "$PWD"
}

needs_runner() {
	command -v ffmpeg >/dev/null || skip "ffmpeg is not installed"
}

# stop_pid PIDFILE: end the daemon whose pid the file holds (ours), and
# wait for it to be gone.
stop_pid() {
	local pid i
	[ -s "$1" ] || return 0
	pid=$(cat "$1")
	kill "$pid" 2>/dev/null || return 0
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
}

# --- Slurm ---------------------------------------------------------------

# slurm_up: a Slurm cluster to submit to.  One that answers already (its
# slurm.conf in SLURM_CONF or /etc/slurm) is used as it is; otherwise a
# one-node cluster is started in ./slurm: munged on its own socket and key,
# slurmctld and slurmd on free ports, state, spool and logs in that
# directory, all stopped when the test ends.  Skips, saying why, when
# neither is possible.
slurm_up() {
	local d host cpus i
	for p in sbatch squeue scontrol; do
		command -v $p >/dev/null || skip "slurm-client is not installed ($p; sh tools/deps.sh --install)"
	done
	if timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP'; then
		return 0
	fi
	for p in slurmctld slurmd munged; do
		command -v $p >/dev/null || skip "no Slurm cluster is up and $p is not installed (sh tools/deps.sh --install)"
	done
	[ "$(id -u)" = 0 ] || skip "no Slurm cluster is up, and starting one needs root"
	d=$PWD/slurm
	host=$(hostname -s)
	cpus=$(nproc)
	mkdir -p "$d/state" "$d/spool"
	chmod 700 "$d"
	# munge: a key of our own; slurm finds the socket through AuthInfo.
	dd if=/dev/urandom of="$d/munge.key" bs=1024 count=1 2>/dev/null
	chmod 600 "$d/munge.key"
	at_exit "stop_pid '$d/munged.pid'"
	munged --force --socket="$d/munge.sock" --key-file="$d/munge.key" --log-file="$d/munged.log" \
		--pid-file="$d/munged.pid" --seed-file="$d/munged.seed" ||
		skip "munged does not start: $(tail -n 1 "$d/munged.log" 2>/dev/null)"
	cat >"$d/slurm.conf" <<-EOF
	ClusterName=helios-test
	SlurmctldHost=$host(127.0.0.1)
	SlurmctldPort=$(free_port)
	SlurmdPort=$(free_port)
	SlurmUser=root
	SlurmdUser=root
	AuthType=auth/munge
	AuthInfo=socket=$d/munge.sock
	CredType=cred/munge
	StateSaveLocation=$d/state
	SlurmdSpoolDir=$d/spool
	SlurmctldPidFile=$d/slurmctld.pid
	SlurmdPidFile=$d/slurmd.pid
	SlurmctldLogFile=$d/slurmctld.log
	SlurmdLogFile=$d/slurmd.log
	ProctrackType=proctrack/linuxproc
	TaskPlugin=task/none
	SelectType=select/cons_tres
	SelectTypeParameters=CR_Core
	JobAcctGatherType=jobacct_gather/none
	AccountingStorageType=accounting_storage/none
	JobCompType=jobcomp/none
	MpiDefault=none
	ReturnToService=2
	SchedulerParameters=sched_interval=1
	InactiveLimit=0
	KillWait=2
	MinJobAge=600
	NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
	PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
	EOF
	export SLURM_CONF=$d/slurm.conf
	at_exit "stop_pid '$d/slurmctld.pid'"
	slurmctld -f "$SLURM_CONF" -i || skip "slurmctld does not start: $(tail -n 1 "$d/slurmctld.log")"
	at_exit "stop_pid '$d/slurmd.pid'"
	slurmd -f "$SLURM_CONF" || skip "slurmd does not start: $(tail -n 1 "$d/slurmd.log")"
	for i in $(seq 600); do
		[ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && return 0
		sleep 0.1
	done
	tail -n 5 "$d/slurmctld.log" "$d/slurmd.log" >&2
	fail "the test's Slurm cluster is not idle after 10 s"
}

# slurm_wait JOBID...: wait until none of the jobs is pending, running or
# completing (at most 60 s).
slurm_wait() {
	local ids i
	ids=$(echo "$@" | tr ' ' ,)
	for i in $(seq 600); do
		[ -z "$(squeue -h -j "$ids" -t PD,R,CG,CF -o %i 2>/dev/null)" ] && return 0
		sleep 0.1
	done
	squeue -t all >&2
	fail "jobs $ids still queued or running after 60 s"
}

# slurm_states JOBID...: "id state reason" of each job, array tasks one by
# one, sorted (squeue keeps ended jobs for MinJobAge).
slurm_states() {
	squeue -h -t all -j "$(echo "$@" | tr ' ' ,)" -o '%i %T %r' | sort
}

# slurm_epoch JOBID FIELD: a job's StartTime or EndTime in seconds.
slurm_epoch() {
	date -d "$(scontrol show job "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1)" +%s
}

# --- sshd ------------------------------------------------------------------

# sshd_up: an sshd on 127.0.0.1 and a free port, with a host key and a
# client key made in ./ssh, that lets this user in with that key only.
# Exports PARALLEL_SSH, the ssh command GNU parallel then uses for every
# host ("ssh -F ./ssh/config"; the config names the port and the keys).
sshd_up() {
	local d port i sshd
	sshd=$(command -v sshd || echo /usr/sbin/sshd)
	[ -x "$sshd" ] || skip "sshd is not installed (openssh-server; sh tools/deps.sh --install)"
	command -v ssh >/dev/null || skip "ssh is not installed (openssh-client)"
	d=$PWD/ssh
	mkdir -p "$d"
	chmod 700 "$d"
	ssh-keygen -q -t ed25519 -N '' -C helios-test-host -f "$d/host_key"
	ssh-keygen -q -t ed25519 -N '' -C helios-test-client -f "$d/id"
	cp "$d/id.pub" "$d/authorized_keys"
	port=$(free_port)
	cat >"$d/sshd_config" <<-EOF
	ListenAddress 127.0.0.1
	Port $port
	HostKey $d/host_key
	PidFile $d/sshd.pid
	AuthorizedKeysFile $d/authorized_keys
	AllowUsers $(id -un)
	PermitRootLogin prohibit-password
	PubkeyAuthentication yes
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	UsePAM no
	StrictModes no
	MaxStartups 64
	MaxSessions 64
	EOF
	printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$d/host_key.pub")" >"$d/known_hosts"
	cat >"$d/config" <<-EOF
	Host 127.0.0.1
	  Port $port
	  IdentityFile $d/id
	  IdentitiesOnly yes
	  UserKnownHostsFile $d/known_hosts
	  StrictHostKeyChecking yes
	  BatchMode yes
	  LogLevel ERROR
	EOF
	# sshd's privilege separation directory (Debian's service makes it).
	if [ ! -d /run/sshd ]; then
		mkdir -m 755 /run/sshd 2>/dev/null || skip "cannot create /run/sshd for sshd"
		at_exit "rmdir /run/sshd 2>/dev/null || true"
	fi
	at_exit "stop_pid '$d/sshd.pid'"
	"$sshd" -f "$d/sshd_config" -E "$d/sshd.log" -D &
	echo $! >"$d/sshd.pid"
	for i in $(seq 600); do
		ssh -F "$d/config" 127.0.0.1 true 2>/dev/null && {
			export PARALLEL_SSH="ssh -F $d/config"
			return 0
		}
		kill -0 "$(cat "$d/sshd.pid")" 2>/dev/null || break
		sleep 0.1
	done
	cat "$d/sshd.log" >&2
	skip "sshd on 127.0.0.1:$port does not let us in: $(tail -n 1 "$d/sshd.log")"
}
