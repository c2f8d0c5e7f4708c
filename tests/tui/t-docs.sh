# helios-tui(1) agrees with the program: flags, keys, lint.

src=$HELIOS_TESTS/..
page=$src/man/helios-tui.1

test_man_keys_are_the_key_table() {
	helios-tui --print-keys >keys.txt
	sed -n '/^\.\\" KEYS BEGIN/,/^\.\\" KEYS END/p' "$page" | sed '1d;$d' >man-keys.txt
	[ -s keys.txt ] || fail "--print-keys printed nothing"
	cmp keys.txt man-keys.txt || { diff keys.txt man-keys.txt >&2; fail "run tools/man-keys.sh"; }
	expect_contains keys.txt "F2, Ctrl\-S"
}

test_every_flag_of_help_is_in_the_man_page() {
	helios-tui --help >help.txt
	sed 's/\\-/-/g' "$page" |
		awk '/^\.SH/ {in_opts = ($2 == "OPTIONS")} in_opts && tag {print} {tag = /^\.TP/}' >tags.txt
	flags=$(grep -oE -- '--[a-z][a-z-]*' help.txt | sort -u)
	[ "$(echo "$flags" | wc -l)" -gt 20 ] || fail "too few flags found in --help"
	for flag in $flags; do
		grep -qE -- "$flag([^a-z-]|$)" tags.txt || fail "$flag is not an entry of helios-tui(1) OPTIONS"
	done
}

# Issue 26: every render flag the planner uses, and not those it accepts
# and ignores (a run's reporting); --emit-job in the planner's own words.
test_help_lists_every_render_flag_it_uses() {
	helios render --help | grep -oE -- '--[a-z][a-z-]*' | grep -vx -- --help | sort -u >render.txt
	helios-tui --help | grep -oE -- '--[a-z][a-z-]*' | sort -u >tui.txt
	missing=$(comm -23 render.txt tui.txt | grep -vx -e --progress-file -e --verbose || true)
	[ -z "$missing" ] || fail "helios-tui --help lacks: $missing"
	helios-tui --help >help.txt
	expect_not_contains help.txt "--progress-file"
	expect_not_contains help.txt "--verbose"
	expect_not_contains help.txt "exit without rendering"
	expect_contains help.txt "--emit-job PATH         the job file that saving (F2) writes"
	expect_exit 0 helios-tui comp.html --verbose --progress-file p.txt --print-keys
}

test_man_page_lints_clean_and_is_installed() {
	out=$(LC_ALL=C.UTF-8 groff -ww -z -man -Tutf8 "$page" 2>&1)
	[ -z "$out" ] || fail "$out"
	bindir=$(dirname "$(command -v helios-tui)")
	[ -f "$bindir/../share/man/man1/helios-tui.1" ] || fail "helios-tui.1 not installed"
}

test_version() {
	expect_exit 0 helios-tui --version
	expect_contains out "helios-tui "
}
