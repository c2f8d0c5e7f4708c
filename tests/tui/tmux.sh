# Drive helios-tui in a detached tmux session: start it, send keys, read the
# screen.  Sourced by the tests/tui/t-*.sh files.

# tmux_pane SCRIPT COLS LINES: run SCRIPT in the one COLSxLINES pane of a
# private tmux server (TERM screen-256color), which stays on screen after
# SCRIPT ends; the tui_* helpers read it.
tmux_pane() {
	[ -z "${TUI_SOCK:-}" ] || tmux -S "$TUI_SOCK" kill-server 2>/dev/null || true
	# The socket lives in the test directory, which the runner removes.
	TUI_SOCK=$PWD/tmux-$RANDOM.sock
	at_exit "tmux -S '$TUI_SOCK' kill-server 2>/dev/null || true"
	tmux -S "$TUI_SOCK" -f /dev/null new-session -d -x "$2" -y "$3" \
		-s tui -c "$PWD" \; set-option -g default-terminal screen-256color \; \
		set-option -g remain-on-exit on \; set-option -g window-size manual
	tmux -S "$TUI_SOCK" respawn-pane -k -t tui "$1"
}

# tui_start ARGS...: run the installed helios-tui in a 100x30 pane of a
# private tmux server; its stderr goes to ./tui.err and, when it ends, its
# exit status to ./tui.status.  TUI_ENV adds environment assignments
# ("NO_COLOR=1").
tui_start() {
	local a
	rm -f tui.status
	printf '#!/bin/sh\nenv LANG=C.UTF-8 %s %s' "${TUI_ENV:-}" "$(command -v helios-tui)" >tui.sh
	for a in "$@"; do
		printf " '%s'" "$a" >>tui.sh
	done
	printf ' 2>tui.err\necho $? >tui.status\n' >>tui.sh
	chmod +x tui.sh
	tmux_pane "$PWD/tui.sh" "${TUI_COLS:-100}" "${TUI_LINES:-30}"
}

tui_keys() {
	tmux -S "$TUI_SOCK" send-keys -t tui "$@"
}

# The screen as text in ./screen (with colour escapes in ./screen.ansi).
tui_capture() {
	tmux -S "$TUI_SOCK" capture-pane -p -t tui >screen
	tmux -S "$TUI_SOCK" capture-pane -p -e -t tui >screen.ansi
}

# tui_wait TEXT: wait (up to 15 s) until the screen shows TEXT and has
# stopped changing (a capture can catch a screen half drawn).
tui_wait() {
	local i
	for i in $(seq 1200); do
		tui_capture
		if grep -qF -- "$1" screen; then
			cp screen screen.before
			sleep 0.05
			tui_capture
			cmp -s screen screen.before && grep -qF -- "$1" screen && return 0
		fi
		sleep 0.05
	done
	echo "--- screen:" >&2
	cat screen >&2
	echo "--- tui.err:" >&2
	cat tui.err >&2 2>/dev/null || true
	fail "the screen never showed '$1'"
}

# tui_wait_gone TEXT: wait until TEXT is no longer on the screen.  Every wait
# here polls for up to a minute: a loaded machine draws late, not wrongly.
tui_wait_gone() {
	local i
	for i in $(seq 1200); do
		tui_capture
		grep -qF -- "$1" screen || return 0
		sleep 0.05
	done
	cat screen >&2
	fail "the screen still shows '$1'"
}

# tui_exited STATUS: the program ended with STATUS and wrote nothing on stderr.
tui_exited() {
	local i
	for i in $(seq 1200); do
		if [ -s tui.status ]; then
			expect_eq "$(cat tui.status)" "$1" "exit status"
			if [ -s tui.err ]; then
				cat tui.err >&2
				fail "helios-tui wrote to stderr"
			fi
			return 0
		fi
		sleep 0.05
	done
	tui_capture
	cat screen >&2
	fail "helios-tui did not exit"
}

tui_running() {
	[ ! -e tui.status ] || { cat tui.err >&2; fail "helios-tui is not running"; }
}
# tui_focus LABEL: press Down until the form's focus mark ('>') is on the
# row labelled LABEL.
tui_focus() {
	local i j cur
	for i in $(seq 40); do
		tui_capture
		cur=$(grep -m1 '^.> ' screen || true)
		case "$cur" in *"> $1 "*) return 0 ;; esac
		tui_keys Down
		for j in $(seq 1200); do
			tui_capture
			[ "$(grep -m1 '^.> ' screen || true)" != "$cur" ] && break
			sleep 0.05
		done
	done
	cat screen >&2
	fail "no form row '$1'"
}

# expect_row LABEL VALUE: the form row LABEL shows VALUE (extended regexps).
expect_row() {
	grep -qE "^.[ >] $1 +$2( |\$)" screen || { cat screen >&2; fail "row '$1' does not show '$2'"; }
}
