#!/usr/bin/env bash
# Regenerate screenshots/*.png from the real helios-tui: tmux runs it in a
# 100x30 pane, capture-pane -e keeps the colours, tools/ansi2html.py turns the
# ANSI text into HTML and headless Chromium photographs it.  Debian packages:
# tmux, python3, chromium, fonts-dejavu-core.
# Usage: tools/screenshots.sh [BUILD_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
out=$root/screenshots
for tool in tmux python3 chromium; do
	command -v $tool >/dev/null || { echo "screenshots: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/helios-shots.XXXXXX")
sock=$work/tmux.sock
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
proj=$work/project
mkdir -p "$out" "$proj/scenes" "$work/shots"
cp "$root/examples/intro.html" "$proj/intro.html" 2>/dev/null || echo '<canvas></canvas>' >"$proj/intro.html"
echo '<canvas></canvas>' >"$proj/scenes/outro.html"
echo '<canvas></canvas>' >"$proj/scenes/title.htm"
echo 'notes' >"$proj/README.txt"

# shot NAME KEYS...: start the planner on the example, send KEYS, photograph.
shot() {
	local name=$1 i
	shift
	tmux -S "$sock" kill-server 2>/dev/null || true
	sock=$work/tmux-$name.sock
	tmux -S "$sock" -f /dev/null new-session -d -x 100 -y 30 -s s -c "$proj" \; \
		set-option -g default-terminal screen-256color \; set-option -g status off
	tmux -S "$sock" respawn-pane -k -t s "env LANG=C.UTF-8 $build/helios-tui intro.html -o final.mp4 \
		--duration 10 --width 1280 --height 720 --concurrency 4 --emit-job job.json"
	for i in $(seq 100); do
		tmux -S "$sock" capture-pane -p -t s | grep -q final_part_3 && break
		sleep 0.05
	done
	for k in "$@"; do
		case $k in
		wait:*)	# until the screen shows the text (a probe takes seconds)
			for i in $(seq 600); do
				tmux -S "$sock" capture-pane -p -t s | grep -qF -- "${k#wait:}" && break
				sleep 0.1
			done ;;
		*)
			tmux -S "$sock" send-keys -t s "$k"
			sleep 0.1 ;;
		esac
	done
	sleep 0.3
	tmux -S "$sock" capture-pane -e -p -t s >"$work/shots/$name.ansi"
	python3 "$root/tools/ansi2html.py" "helios-tui: $name" <"$work/shots/$name.ansi" \
		>"$work/shots/$name.html"
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=940,560 \
		--screenshot="$out/$name.png" "file://$work/shots/$name.html" >/dev/null 2>&1
	echo "screenshots/$name.png"
}

shot main Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down ] ]
shot picker Enter Down
shot codecs Down Down Down Down Down Down Down Down Down Down Down Down Enter Down Down
shot error Down Down Down Down Down Enter C-u 29,97 Enter
shot help F1
shot probe p wait:"ETA " "}" "}" "}" "}"
