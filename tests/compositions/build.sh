#!/bin/sh
# Bundle the test compositions with esbuild from the npm cache
# (tests/compositions/node_modules, installed by tools/deps.sh --install):
#   tests/compositions/build.sh OUTDIR
# writes OUTDIR/<page>.html and the script bundles they load, as classic
# scripts so that the pages also work from file://.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
esbuild=$here/node_modules/.bin/esbuild
if [ ! -x "$esbuild" ]; then
	echo "build.sh: $esbuild: not installed (run: sh tools/deps.sh --install)" >&2
	exit 1
fi
mkdir -p "$out"
for entry in "$here"/src/*.js "$here"/src/*.jsx; do
	name=$(basename "$entry")
	name=${name%.*}
	[ "$name" = marker ] && continue
	"$esbuild" "$entry" --bundle --format=iife --jsx=automatic --log-level=warning \
		--outfile="$out/$name.js"
done
cp "$here"/pages/*.html "$out/"
