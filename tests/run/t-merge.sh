# helios merge: ffmpeg's concat demuxer, driven safely.

# part FILE FRAMES [RATE] [extra ffmpeg output options]: a small test video.
part() {
	local file=$1 n=$2 rate=${3:-30}
	shift 3 2>/dev/null || shift $#
	ffmpeg -v error -y -f lavfi -i "testsrc=size=64x48:rate=$rate" -frames:v "$n" -c:v libx264 \
		-pix_fmt yuv420p "$@" "$file"
}

frames() {
	ffprobe -v error -count_packets -select_streams v:0 -show_entries stream=nb_read_packets -of csv=p=0 "$1"
}

rates() {
	ffprobe -v error -select_streams v:0 -show_entries stream=r_frame_rate,avg_frame_rate -of csv=p=0 "$1"
}

test_merge_counts_and_rate_are_exact() {
	part a.mp4 8 30000/1001
	part b.mp4 7 30000/1001
	part c.mp4 9 30000/1001
	expect_exit 0 helios merge out.mp4 a.mp4 b.mp4 c.mp4
	expect_eq "$(frames out.mp4)" 24
	expect_eq "$(rates out.mp4)" "30000/1001,30000/1001"
	# 24 * 1001 / 30000 s, in the stream and in the movie header (whose
	# default millisecond timescale would say 0.801).
	expect_eq "$(ffprobe -v error -show_entries format=duration:stream=duration -of csv=p=0 out.mp4 | tr '\n' ' ')" \
		"0.800800 0.800800 "
	# Bare concat gets the rate wrong: the reason for the duration lines.
	printf "file '%s'\n" a.mp4 b.mp4 c.mp4 >list
	ffmpeg -v error -f concat -i list -c copy bare.mp4
	[ "$(rates bare.mp4)" != "30000/1001,30000/1001" ] || echo "note: bare concat was exact too"
	ls -a | grep -q helios- && fail "temporary file left behind" || true
}

test_merge_refuses_its_own_input() {
	part a.mp4 4
	part b.mp4 4
	expect_exit 2 helios merge a.mp4 a.mp4 b.mp4
	expect_contains err "helios: merge: output 'a.mp4' is also an input"
	expect_exit 2 helios merge ./b.mp4 a.mp4 "$PWD/b.mp4"
	ln b.mp4 c.mp4
	expect_exit 2 helios merge c.mp4 a.mp4 b.mp4
	expect_eq "$(frames a.mp4)" 4
}

test_merge_reports_a_missing_input() {
	part a.mp4 4
	expect_exit 2 helios merge out.mp4 a.mp4 "no such.mp4"
	expect_contains err "helios: merge: input 'no such.mp4': No such file or directory"
	[ ! -e out.mp4 ] || fail "output written"
	expect_exit 2 helios merge out.mp4
}

test_merge_pcm_into_mp4_becomes_aac() {
	for p in 0 1; do
		ffmpeg -v error -y -f lavfi -i testsrc=size=64x48:rate=30 -f lavfi -i sine=sample_rate=48000 \
			-t 0.3 -c:v libx264 -pix_fmt yuv420p -c:a pcm_s16le "p$p.mov"
	done
	expect_exit 0 helios merge out.mp4 p0.mov p1.mov
	expect_eq "$(ffprobe -v error -select_streams a:0 -show_entries stream=codec_name -of csv=p=0 out.mp4)" aac
	expect_eq "$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name -of csv=p=0 out.mp4)" h264
	expect_eq "$(frames out.mp4)" 18
	# MOV holds PCM: copied as it is.
	expect_exit 0 helios merge out.mov p0.mov p1.mov
	expect_eq "$(ffprobe -v error -select_streams a:0 -show_entries stream=codec_name -of csv=p=0 out.mov)" pcm_s16le
}

# tone_part FILE CHUNK: 15 frames at 30 fps and the matching 0.5 s slice of
# a 440 Hz tone (24000 samples at 48 kHz) in AAC, the way a renderer cuts
# the sound of chunk CHUNK.
tone_part() {
	local from=$(($2 * 24000))
	ffmpeg -v error -y -f lavfi -i "testsrc=size=64x48:rate=30:duration=0.5" \
		-f lavfi -i "sine=frequency=440:sample_rate=48000,atrim=start_sample=$from:end_sample=$((from + 24000)),asetpts=PTS-STARTPTS" \
		-c:v libx264 -pix_fmt yuv420p -c:a aac "$1"
}

audio_entries() {
	ffprobe -v error -select_streams a:0 -show_entries stream=codec_name,duration_ts,duration -of csv=p=0 "$1"
}

# tone_error FILE: how far FILE's sound is from the unbroken tone (see pcm_error).
tone_error() {
	ffmpeg -v error -y -i "$1" -map 0:a -ac 1 -f s16le out.pcm
	ffmpeg -v error -y -f lavfi -i sine=frequency=440:sample_rate=48000 -t 1.5 -f s16le tone.pcm
	pcm_error out.pcm tone.pcm
}

test_merge_aac_seams_keep_no_priming() {
	for p in 0 1 2; do tone_part "p$p.mp4" $p; done
	mkdir tmp
	TMPDIR=$PWD/tmp expect_exit 0 helios merge out.mp4 p0.mp4 p1.mp4 p2.mp4
	expect_eq "$(frames out.mp4)" 45
	# Exactly 72000 samples: no chunk's priming or padding stays in.
	expect_eq "$(audio_entries out.mp4)" "aac,72000,1.500000"
	err=$(tone_error out.mp4)
	[ "$err" -lt 2000 ] || fail "the merged tone is $err off at a seam"
	# Stream copy (what a bare concat does) keeps every chunk's priming.
	printf "file '%s'\n" p0.mp4 p1.mp4 p2.mp4 >list
	ffmpeg -v error -f concat -i list -c copy bare.mp4
	[ "$(audio_entries bare.mp4)" != "aac,72000,1.500000" ] || echo "note: bare concat was exact too"
	[ -z "$(ls tmp)" ] || fail "temporary files left: $(ls tmp)"
}

# More chunks than one audio command takes: the batches join exactly.
test_merge_aac_of_many_chunks() {
	ffmpeg -v error -y -f lavfi -i "testsrc=size=32x24:rate=30:duration=0.06" \
		-f lavfi -i "sine=sample_rate=48000:duration=0.06" -c:v libx264 -pix_fmt yuv420p -c:a aac one.mp4
	expect_eq "$(frames one.mp4)" 2
	set --
	for i in $(seq 70); do cp one.mp4 "c$i.mp4"; set -- "$@" "c$i.mp4"; done
	expect_exit 0 helios merge out.mp4 "$@"
	expect_eq "$(frames out.mp4)" 140
	expect_eq "$(audio_entries out.mp4)" "aac,224000,4.666667"
}

test_merge_reencodes_when_asked() {
	part a.mp4 5
	part b.mp4 5
	expect_exit 0 helios merge out.mkv a.mp4 b.mp4 --quality 40 --preset ultrafast --fps 30
	expect_eq "$(frames out.mkv)" 10
	expect_exit 2 helios merge out.mp4 a.mp4 b.mp4 --video-codec libvpx
	expect_contains err "--video-codec: libvpx cannot go into mp4"
	expect_exit 2 helios merge out.mp4 a.mp4 b.mp4 --quality 99
	expect_exit 2 helios merge out.mp4 a.mp4 b.mp4 --fps abc
	expect_contains err "--fps: 'abc'"
}

test_merge_names_with_quotes_and_colons() {
	part "it's a:b.mp4" 3
	part "\$x \"y\".mp4" 4
	expect_exit 0 helios merge "out 'q'.mp4" "it's a:b.mp4" "\$x \"y\".mp4"
	expect_eq "$(frames "out 'q'.mp4")" 7
}

test_merge_shows_ffmpeg_errors() {
	part a.mp4 3
	echo "not a video" >b.mp4
	expect_exit 1 helios merge out.mp4 a.mp4 b.mp4
	expect_contains err "ffprobe cannot read 'b.mp4'"
	# ffmpeg's own lines are shown when it fails.
	expect_exit 1 helios merge out.mp4 a.mp4 --video-codec no_such_encoder
	expect_contains err "helios: merge: ffmpeg failed (exit status 1)"
	expect_contains err "  ffmpeg: Unknown encoder 'no_such_encoder'"
	# A missing directory is made (a job planned here runs elsewhere); one
	# that cannot be made is ours to report, before ffmpeg runs.
	touch plain
	expect_exit 2 helios merge plain/out.mp4 a.mp4
	expect_contains err "helios: merge: cannot create the directory 'plain': a file of that name exists"
	[ ! -e out.mp4 ] || fail "output written"
	expect_exit 0 helios merge nodir/out.mp4 a.mp4
	expect_eq "$(frames nodir/out.mp4)" 3
	ls -a | grep -q helios- && fail "temporary file left behind" || true
}

test_merge_ffmpeg_is_chosen_by_env_and_flag() {
	part a.mp4 3
	HELIOS_FFMPEG=/nonexistent/ffmpeg expect_exit 2 helios merge out.mp4 a.mp4
	expect_contains err "ffmpeg '/nonexistent/ffmpeg': not an executable program"
	printf '#!/bin/sh\necho "$@" >ffmpeg-args\nexit 1\n' >fake-ffmpeg
	chmod +x fake-ffmpeg
	expect_exit 1 helios merge out.mp4 a.mp4 --ffmpeg ./fake-ffmpeg
	expect_contains ffmpeg-args "-f concat -safe 0 -i file:"
	expect_contains ffmpeg-args "-c:v copy -r 30/1 -c:a copy -video_track_timescale 90000 -movie_timescale 90000 -f mp4 file:/dev/fd/3"
}

test_merge_help_and_usage() {
	expect_exit 0 helios merge --help
	expect_contains out "usage: helios merge OUTPUT INPUT..."
	expect_exit 2 helios merge out.mp4 a.mp4 --bogus
	expect_exit 2 helios merge out.mp4 a.mp4 --quality
	expect_contains err "merge: --quality: missing value"
}

# Issue 10 item 10: an empty output name is bad usage, said by us.
test_empty_output_name_exits_2() {
	part a.mp4 2
	expect_exit 2 helios merge "" a.mp4
	expect_eq "$(cat err)" "helios: merge: the output name is empty"
}

# Issue 10 item 10: ffmpeg exits 0 when only its trailer could not be
# written; the cause leads, not ffprobe's "moov atom not found".
test_full_disk_is_reported_as_such() {
	full_disk full 1024
	ffmpeg -v error -y -f lavfi -i testsrc=size=320x240:rate=30 -frames:v 60 -c:v libx264 \
		-pix_fmt yuv420p p0.mp4
	for i in 1 2 3 4 5 6 7 8 9; do cp p0.mp4 p$i.mp4; done
	expect_exit 0 helios merge full/probe.mp4 p?.mp4
	size=$(($(stat -c %s full/probe.mp4) / 1024))
	rm full/probe.mp4
	# Room for most of the video, not for its index at the end.
	avail=$(df --output=avail -k full | tail -n 1)
	dd if=/dev/zero of=full/fill bs=1k count=$((avail - size * 3 / 4)) 2>/dev/null
	expect_exit 1 helios merge full/out.mp4 p?.mp4
	expect_eq "$(head -n 1 err)" "helios: merge: cannot write 'full/out.mp4': No space left on device"
	expect_not_contains err "moov atom"
	[ "$(ls -A full)" = fill ] || fail "left behind: $(ls -A full)"
}

# In a new PID namespace helios is PID 1, so the temporary name that
# `.<name>.helios-<pid><ext>` would use is known in advance: an attacker
# who can write to the directory plants it as a link to a victim file.
test_merge_temp_file_is_not_a_planted_link() {
	unshare --pid --fork true 2>/dev/null || skip "cannot start a PID namespace (unshare --pid)"
	part a.mp4 4
	part b.mp4 4
	echo precious >victim
	for pid in 1 2 3; do ln -s victim ".out.helios-$pid.mp4"; done
	expect_exit 0 unshare --pid --fork helios merge out.mp4 a.mp4 b.mp4
	echo precious | cmp -s - victim || fail "the victim was overwritten through the planted link"
	[ -f out.mp4 ] && [ ! -L out.mp4 ] || fail "out.mp4 is not a plain file"
	expect_eq "$(frames out.mp4)" 8
	# The output gets the usual mode, not mkstemp's 0600.
	expect_eq "$(stat -c %a out.mp4)" "$(umask 0022; touch plain; stat -c %a plain)"
}

# clip FILE SIZE RATE CODEC [ffmpeg output options]: 3 frames of testsrc.
clip() {
	local file=$1 size=$2 rate=$3 codec=$4
	shift 4
	ffmpeg -v error -y -f lavfi -i "testsrc=size=$size:rate=$rate" -frames:v 3 -c:v "$codec" "$@" "$file"
}

# refused OUT IN... -- MESSAGE: the merge is refused with MESSAGE, exit 2,
# before ffmpeg runs, and the earlier OUT is kept as it was.
refused() {
	local out=$1 message
	shift
	message=${*: -1}
	set -- "${@:1:$#-2}"
	echo earlier >"$out"
	expect_exit 2 helios merge "$out" "$@" --ffmpeg ./marking-ffmpeg
	expect_eq "$(cat err)" "helios: merge: $message"
	[ ! -e ffmpeg-ran ] || fail "ffmpeg ran"
	expect_eq "$(cat "$out")" earlier
}

# Issue 22 item 3: inputs that differ in what one video shares are refused
# before ffmpeg runs, naming the first that differs and how.
test_merge_refuses_inputs_that_cannot_be_one_video() {
	printf '#!/bin/sh\ntouch ffmpeg-ran\nexec ffmpeg "$@"\n' >marking-ffmpeg
	chmod +x marking-ffmpeg
	clip part0.mp4 320x180 30 libx264 -pix_fmt yuv420p
	clip clock.webm 1280x720 30 libvpx-vp9 -deadline realtime -cpu-used 8 -pix_fmt yuv420p
	refused m.mp4 part0.mp4 clock.webm -- "'clock.webm': vp9 1280x720, but 'part0.mp4' is h264 320x180"
	clip ts1.mp4 320x180 30 libx264 -pix_fmt yuv420p -video_track_timescale 10240
	clip ts2.mp4 320x180 30 libx264 -pix_fmt yuv420p -video_track_timescale 90000
	refused m.mp4 ts1.mp4 ts2.mp4 -- "'ts2.mp4': time base 1/90000, but 'ts1.mp4' is time base 1/10240"
	clip hevc.mp4 320x180 30 libx265 -pix_fmt yuv420p -x265-params log-level=none
	refused m.mp4 part0.mp4 part0.mp4 hevc.mp4 -- "'hevc.mp4': hevc, but 'part0.mp4' is h264"
	clip r10.mp4 64x48 10 libx264 -pix_fmt yuv420p
	clip r25.mp4 64x48 25 libx264 -pix_fmt yuv420p
	refused m.mp4 r10.mp4 r25.mp4 -- "'r25.mp4': 25 fps, but 'r10.mp4' is 10 fps"
	clip s128.mp4 128x96 25 libx264 -pix_fmt yuv420p
	refused m.mp4 r25.mp4 s128.mp4 -- "'s128.mp4': 128x96, but 'r25.mp4' is 64x48"
	clip p444.mp4 64x48 25 libx264 -pix_fmt yuv444p
	refused m.mp4 r25.mp4 p444.mp4 -- "'p444.mp4': yuv444p, but 'r25.mp4' is yuv420p"
	# Re-encoding converts the pixel format on purpose: that still merges.
	expect_exit 0 helios merge m.mp4 r25.mp4 p444.mp4 --video-codec libx264
	expect_eq "$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames,pix_fmt -of csv=p=0 m.mp4)" \
		"yuv420p,6"
	# Audio copied as it is (PCM into MOV) must agree; rebuilt (into MP4) it need not.
	ffmpeg -v error -y -f lavfi -i testsrc=size=64x48:rate=25 -f lavfi -i sine=sample_rate=48000 \
		-frames:v 3 -c:v libx264 -pix_fmt yuv420p -c:a pcm_s16le -ac 2 -shortest stereo.mov
	ffmpeg -v error -y -i stereo.mov -c:v copy -c:a pcm_s16le -ac 1 mono.mov
	ffmpeg -v error -y -i stereo.mov -c:v copy -an silent.mov
	refused m.mov stereo.mov mono.mov -- "'mono.mov': audio mono, but 'stereo.mov' is audio stereo"
	refused m.mov stereo.mov silent.mov -- "'silent.mov': without audio, but 'stereo.mov' is with audio"
	expect_exit 0 helios merge m.mp4 stereo.mov mono.mov silent.mov
	expect_eq "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 m.mp4 | tr '\n' ' ')" "h264 aac "
	expect_eq "$(frames m.mp4)" 9
}

# The check after the merge decodes: a merged file whose packets are all
# indexed but do not decode is an error, removed, and the earlier output kept.
test_merge_checks_the_merged_file_by_decoding() {
	part a.mp4 10
	part b.mp4 10
	# ffmpeg, then zeros over the second half of the frames it wrote (into
	# its last argument), leaving the index whole.
	cat >spoiling-ffmpeg <<-'EOS'
	#!/bin/sh
	ffmpeg "$@" || exit
	for out; do :; done
	exec python3 - "${out#file:}" <<'EOP'
	import struct, sys
	f = open(sys.argv[1], "r+b")
	data = f.read()
	at = data.index(b"mdat") - 4
	size = struct.unpack(">I", data[at:at + 4])[0]
	f.seek(at + size // 2)
	f.write(bytes(size // 2 - 8))
	EOP
	EOS
	chmod +x spoiling-ffmpeg
	echo earlier >out.mp4
	expect_exit 1 helios merge out.mp4 a.mp4 b.mp4 --ffmpeg ./spoiling-ffmpeg
	expect_contains err "helios: merge: the merged video does not decode: "
	expect_eq "$(cat out.mp4)" earlier
	ls -a | grep -q helios- && fail "temporary file left behind" || true
	expect_exit 0 helios merge out.mp4 a.mp4 b.mp4
	expect_eq "$(frames out.mp4)" 20
}

# Issue 22 item 6: ffmpeg writes the temporary file through the descriptor
# helios created it on, never opening it again by name (O_TRUNC would write
# through whatever the name points to by then).
test_merge_ffmpeg_writes_through_our_descriptor() {
	command -v strace >/dev/null || skip "strace is not installed"
	strace -f -o probe.trace -e trace=openat true 2>/dev/null || skip "strace cannot trace here"
	part a.mp4 4
	part b.mp4 4
	for out in out.mp4 out.mov out.mkv; do
		# LeakSanitizer cannot run under ptrace: off for the traced run.
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			expect_exit 0 strace -f -o trace -e trace=openat helios merge "$out" a.mp4 b.mp4
		expect_eq "$(frames "$out")" 8
		grep -q 'helios-.*O_CREAT|O_EXCL' trace || fail "helios did not create the temporary file"
		! grep 'helios-' trace | grep -E 'O_TRUNC|O_WRONLY|O_RDWR' | grep -v O_EXCL ||
			fail "the temporary file was opened again for writing by name"
		grep -q '"/dev/fd/3", O_WRONLY' trace || fail "ffmpeg did not write through /dev/fd/3"
	done
}
