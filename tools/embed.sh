#!/bin/sh
# tools/embed.sh FILE NAME HEADER: a C source defining `const char NAME[]`
# as the text of FILE, declared in HEADER; the binary carries the text
# while the file stays readable, lintable JavaScript (the page-time script).
set -eu
printf '/* Generated from %s by tools/embed.sh: edit that file. */\n' "$1"
printf '#include "%s"\n\n' "$3"
printf 'const char %s[] =\n' "$2"
# Backslashes and quotes escaped; '?' too, so that "??=" is no trigraph.
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' -e 's/$/\\n"/' "$1"
printf ';\n'
