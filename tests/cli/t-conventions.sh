# Issue 12 item 9: one set of command-line rules for every subcommand:
# --help within 80 columns with defaults written one way.

# Every --help fits 80 columns, and writes a default as "(default: X)".
test_every_help_fits_80_columns() {
	local cmd
	for cmd in "" render job "job run" "job show" "job validate" "job export" merge; do
		# shellcheck disable=SC2086
		helios $cmd --help >help || fail "helios $cmd --help failed"
		awk -v c="helios $cmd" 'length > 80 { print c ": " length ": " $0; bad = 1 } END { exit bad }' help ||
			fail "helios $cmd --help has lines wider than 80 columns"
		if grep -E '\(default [^:]|; default ' help; then
			fail "helios $cmd --help writes a default another way than '(default: X)'"
		fi
	done
	helios-tui --help >help
	awk 'length > 80 { print; bad = 1 } END { exit bad }' help || fail "helios-tui --help is wider than 80"
	if grep -E '\(default [^:]|; default ' help; then fail "helios-tui --help: another way of writing a default"; fi
	helios render --help >help
	expect_contains help "(default: jpeg)"
	expect_contains help "(default: 30)"
}

test_man_pages_write_defaults_one_way() {
	local page
	for page in "$HELIOS_TESTS"/../man/*.[157] "$HELIOS_TESTS"/../man/helios-tui.1.in; do
		if grep -nE '\(default [^:]|; default |\(default$|, default ' "$page"; then
			fail "$(basename "$page"): a default not written as 'Default: X.' or '(default: X)'"
		fi
	done
}
