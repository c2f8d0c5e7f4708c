#!/bin/sh
# Check the pkg-config modules the build needs.  When one is missing and we
# are root on Debian, install its package; otherwise name the package.
# Usage: tools/deps.sh module=debian-package ...
missing_pkgs=
for pair in "$@"; do
	module=${pair%%=*}
	package=${pair#*=}
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$module"; then
		missing_pkgs="$missing_pkgs $package"
	fi
done
command -v pkg-config >/dev/null 2>&1 || missing_pkgs="pkg-config $missing_pkgs"
[ -z "$missing_pkgs" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "helios: installing missing build dependencies:$missing_pkgs" >&2
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing_pkgs >&2 && exit 0
	echo "helios: apt-get could not install:$missing_pkgs" >&2
	exit 1
fi
echo "helios: missing build dependencies; install the Debian packages:$missing_pkgs" >&2
exit 1
