# The documentation agrees with the code.

src=$HELIOS_TESTS/..

# Long flag names of the option table (positional input excluded).
table_flags() {
	sed -n 's/^[[:space:]]*X([A-Z_]*, "\([a-z-]*\)".*/\1/p' "$src/include/helios/options.h" | grep -vx input
}

test_option_table_is_read() {
	# Guards the extraction itself: a broken sed would make the checks below vacuous.
	expect_eq "$(table_flags | wc -l | tr -d ' ')" "$(grep -c '^[[:space:]]*X([A-Z_]*, "' "$src/include/helios/options.h" | awk '{print $1 - 1}')"
	table_flags | grep -qx fps
	table_flags | grep -qx keyframe-interval
}

test_every_flag_in_help() {
	helios render --help >help.txt
	for flag in $(table_flags); do
		grep -qE -- "--$flag([ ,=]|$)" help.txt || fail "--$flag missing from helios render --help"
	done
}

test_every_flag_in_man_page() {
	# The tag line after each .TP of the OPTIONS section documents a flag.
	sed 's/\\-/-/g' "$src/man/helios-render.1" |
		awk '/^\.SH/ {in_opts = ($2 == "OPTIONS")} in_opts && tag {print} {tag = /^\.TP/}' >tags.txt
	for flag in $(table_flags); do
		grep -qE -- "--$flag([^a-z-]|$)" tags.txt || fail "--$flag is not an entry of helios-render(1) OPTIONS"
	done
}

test_every_codec_in_man_page() {
	sed 's/\\-/-/g' "$src/man/helios-render.1" >page.txt
	for codec in libx264 libx265 libvpx libvpx-vp9 libaom-av1 prores_ks aac libopus libvorbis libmp3lame pcm_s16le; do
		grep -q "^$codec	" page.txt ||
			fail "$codec missing from the CODECS table of helios-render(1)"
	done
}

test_man_pages_lint_clean() {
	for page in "$src"/man/*.[1-9]; do
		out=$(LC_ALL=C.UTF-8 groff -ww -z -man -t -Tutf8 "$page" 2>&1)
		[ -z "$out" ] || fail "$page: $out"
	done
}

test_man_pages_installed() {
	bindir=$(dirname "$(command -v helios)")
	for page in helios.1 helios-render.1 helios-job.1 helios-job.5; do
		[ -f "$bindir/../share/man/man${page##*.}/$page" ] || fail "$page not installed"
	done
}

test_job_format_example_is_real_output() {
	make_comp
	helios render comp.html -o final.mp4 --concurrency 2 --emit-job job.json >/dev/null
	sed -n '/^{/,/^}/p' "$src/man/helios-job.5" | sed 's/\\-/-/g' >example.json
	cmp example.json job.json || { diff example.json job.json >&2; fail "helios-job(5) example differs from real output"; }
}

# The rows of one command's table in helios/flags.h (LIST is RUN, MERGE,
# EXPORT or PROBE), one per line: name, type, min, max and default
# (a quoted text, a macro's name or NULL), separated by tabs.
command_rows() {
	awk -v list="HELIOS_$1_FLAG_LIST" '/^#define/ {in_list = ($2 ~ "^" list)} in_list' "$src/include/helios/flags.h" |
		sed -n 's/^[[:space:]]*X([A-Z_]*, "\([a-z-]*\)", [^,]*, HELIOS_TYPE_\([A-Z]*\), \([^,]*\), \([^,]*\), [^,]*, \("[^"]*"\|[A-Z_]*\).*/\1	\2	\3	\4	\5/p'
}

# Long flag names of one command's table.
command_flags() {
	command_rows "$1" | cut -f1
}

# The tag lines of the .TP entries in one man page section (.SH or .SS).
man_tags() {
	sed 's/\\-/-/g' "$src/man/$1" |
		awk -v sec="$2" '/^\.S[HS]/ {sub(/^\.S[HS] /, ""); in_sec = ($0 == sec)} in_sec && tag {print} {tag = /^\.TP/}'
}

# The text of FLAG's .TP entry in one section of a man page, on one line,
# without roff's requests and quotes.
man_entry() {
	sed 's/\\-/-/g; s/\\e/\\/g' "$src/man/$1" |
		awk -v sec="$2" -v flag="--$3" '
			/^\.S[HS]/ {t = $0; sub(/^\.S[HS] /, "", t); in_sec = (t == sec); in_entry = 0}
			in_sec && /^\.(TP|PP)/ {in_entry = 0}
			in_sec && tag && (index($0, flag " ") || substr($0, length($0) - length(flag) + 1) == flag) {in_entry = 1}
			{tag = /^\.TP/}
			in_entry {sub(/^\.[A-Z]+ */, ""); gsub(/"/, ""); printf "%s ", $0}'
}

# Every table, its command and the man page section that documents it.
COMMAND_SPECS='RUN:job run:helios-job.1:RUN OPTIONS
MERGE:merge:helios-merge.1:OPTIONS
EXPORT:job export:helios-job.1:Options
PROBE:probe:helios-probe.1:OPTIONS'

test_command_tables_are_read() {
	expect_eq "$(command_flags RUN | wc -l | tr -d ' ')" 12
	expect_eq "$(command_flags MERGE | wc -l | tr -d ' ')" 7
	expect_eq "$(command_flags EXPORT | wc -l | tr -d ' ')" 12
	expect_eq "$(command_flags PROBE | wc -l | tr -d ' ')" 3
	command_flags EXPORT | grep -qx ttl-after-finished
	expect_eq "$(command_rows RUN | grep '^concurrency')" "concurrency	INT	1	4096	\"the number of CPUs\""
	man_entry helios-job.1 "RUN OPTIONS" retries | grep -q "0 to 100" || fail "man_entry reads no entry"
	# Every table of flags.h has its man page section here.
	for list in $(sed -n 's/^#define HELIOS_\([A-Z]*\)_FLAG_LIST.*/\1/p' "$src/include/helios/flags.h"); do
		grep -q "^$list:" <<<"$COMMAND_SPECS" || fail "HELIOS_${list}_FLAG_LIST has no man page section in t-docs.sh"
	done
}

test_command_flags_in_help_and_man_page() {
	while IFS=: read -r list cmd page sec; do
		# shellcheck disable=SC2086 # cmd is two words on purpose
		helios $cmd --help >help.txt
		man_tags "$page" "$sec" >tags.txt
		[ -s tags.txt ] || fail "$page: no entries in section $sec"
		for flag in $(command_flags "$list"); do
			grep -qE -- "--$flag([ ,=]|$)" help.txt || fail "--$flag missing from helios $cmd --help"
			grep -qE -- "--$flag([^a-z-]|$)" tags.txt || fail "--$flag is not an entry of $page $sec"
		done
	done <<<"$COMMAND_SPECS"
}

# Where a man page states a flag's range or default, it is the row's.
test_man_pages_ranges_and_defaults_are_the_rows() {
	local checked=0 list cmd page sec name type min max def entry stated
	while IFS=: read -r list cmd page sec; do
		while IFS='	' read -r name type min max def; do
			entry=$(man_entry "$page" "$sec" "$name")
			[ -n "$entry" ] || fail "$page $sec: no entry for --$name"
			stated=$(grep -oE '[0-9]+( to |-)[0-9]+' <<<"$entry" | head -n 1)
			if [ "$type" = INT ] && [ -n "$stated" ]; then
				[ "$stated" = "$min to $max" ] || [ "$stated" = "$min-$max" ] ||
					fail "$page: --$name: the page says $stated, the table $min..$max"
				checked=$((checked + 1))
			fi
			case $def in
			\"*\")
				def=${def#\"} def=${def%\"}
				if grep -qi 'default: ' <<<"$entry"; then
					grep -qiF "default: $def" <<<"$entry" ||
						fail "$page: --$name: the page's default is not the table's ($def): $entry"
					checked=$((checked + 1))
				fi ;;
			esac
		done < <(command_rows "$list")
	done <<<"$COMMAND_SPECS"
	# Guards the extraction: the ranges of --concurrency, both --retries,
	# --ttl-after-finished, --quality, --samples and the defaults stated.
	[ "$checked" -ge 10 ] || fail "only $checked ranges and defaults compared"
}
