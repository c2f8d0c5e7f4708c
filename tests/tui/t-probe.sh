# helios-tui's background probe on a real terminal: p starts `helios probe`
# (real Chromium and ffmpeg, a page built with the Helios core library),
# the form stays live meanwhile, Esc cancels it, a adopts the page's own
# duration and fps, and the ETA follows every change.
source "$HELIOS_TESTS/tui/tmux.sh"

# A page whose load does not end while the test runs (a busy script; the
# probe's --timeout is longer still), so that the probe is running when
# the test presses keys however slow the machine: Esc ends it.
make_slow_page() {
	printf '%s\n' '<!doctype html><canvas></canvas><script>' \
		'const end = Date.now() + 900000; while (Date.now() < end) {}' '</script>' >slow.html
}

test_probe_then_adopt_the_page_duration_and_fps() {
	[ -n "${HELIOS_COMPOSITIONS:-}" ] ||
		skip "the test compositions are not built: ${HELIOS_COMPOSITIONS_MISSING:-run sh tools/deps.sh --install}"
	setup_tmp
	cp "$HELIOS_COMPOSITIONS"/helios-canvas* .
	tui_start helios-canvas-60.html --width 192 --height 108 --concurrency 4
	tui_wait "Cost unknown: p probes the page"
	tui_keys p
	# new Helios({ duration: 20, fps: 60 })
	tui_wait "Page: 20 s at 60 fps (a adopts)"
	expect_contains screen "ETA "
	expect_contains screen "on 4 workers ({ }), here "
	expect_contains screen "30 frames, 1.000 s at 30 fps"
	tui_keys a
	tui_wait "1200 frames, 20.000 s at 60 fps"
	expect_contains screen "from the page: duration 20, fps 60"
	expect_row Duration 20
	expect_row FPS 60
	# The ETA follows the plan and the worker count on every key.
	grep -o 'ETA .* a chunk' screen >eta.before
	tui_keys '}'
	tui_wait "on 5 workers"
	tui_focus Chunks
	tui_keys Right
	tui_wait "5 chunks of 240 frames"
	grep -o 'ETA .* a chunk' screen >eta.after
	! cmp -s eta.before eta.after || fail "the ETA did not change: $(cat eta.after)"
	tui_keys q n
	tui_exited 0
	[ -z "$(ls -A tmp)" ] || { ls -la tmp >&2; fail "temporary files left in \$TMPDIR"; }
}

test_probe_runs_in_the_background_and_esc_cancels_it() {
	setup_tmp
	make_slow_page
	tui_start "$PWD/slow.html" --width 192 --height 108 --timeout 1200
	tui_wait "Cost unknown: p probes the page"
	tui_keys p
	tui_wait "Probing the page"
	pgrep -f -- "probe .*$PWD/slow.html" >/dev/null || fail "no helios probe is running"
	# The form answers while the probe runs, and the spinner turns.
	tui_keys Down
	tui_wait "> Output"
	expect_contains screen "Probing the page"
	# Until two states of the spinner were seen (up to 60 s: a loaded
	# machine draws less often, and the test waits for it, not a time).
	: >spin
	for i in $(seq 600); do
		tui_capture
		grep -o 'Probing the page .' screen >>spin || true
		[ "$(sort -u spin | wc -l)" -ge 2 ] && break
		sleep 0.1
	done
	[ "$(sort -u spin | wc -l)" -ge 2 ] || fail "the spinner does not turn: $(cat spin)"
	tui_keys Escape
	tui_wait "probe cancelled"
	expect_contains screen "Cost unknown: p probes the page"
	for i in $(seq 600); do
		pgrep -f -- "probe .*$PWD/slow.html|$PWD/tmp/" >/dev/null || break
		sleep 0.1
	done
	! pgrep -f -- "probe .*$PWD/slow.html|$PWD/tmp/" >/dev/null ||
		{ pgrep -af -- "$PWD" >&2; fail "the probe or its browser is still running"; }
	[ -z "$(ls -A tmp)" ] || { ls -la tmp >&2; fail "temporary files left in \$TMPDIR"; }
	tui_keys q
	tui_exited 0
}

test_a_failed_probe_says_why() {
	setup_tmp
	printf '<!doctype html><canvas></canvas><script>throw new Error("boom")</script>\n' >bad.html
	tui_start bad.html --width 192 --height 108
	tui_keys p
	tui_wait "Probe failed: probe: "
	expect_contains screen "boom"
	tui_keys a
	tui_wait "no probe yet: press p to probe the page"
	tui_keys q
	tui_exited 0
}
