#!/bin/sh
# Dependencies on Debian.
#   tools/deps.sh --install        install every package in tools/debian-packages
#                                  that is missing (as root, with apt-get), and
#                                  the test compositions' npm packages
#   tools/deps.sh module=package…  used by the Makefile: check pkg-config modules;
#                                  when one is missing and we are root on Debian,
#                                  install its package, otherwise name it
here=$(dirname "$0")

install_packages() {
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
		echo "helios: missing Debian packages:$*; install them with: apt-get install$*" >&2
		exit 1
	fi
	echo "helios: installing Debian packages:$*" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
		{ echo "helios: apt-get could not install:$*" >&2; exit 1; }
}

# Test-only JavaScript: the packages the test compositions use (the Helios
# core library, GSAP, three.js, React, esbuild, Vite), pinned by
# tests/compositions/package-lock.json, into its ignored node_modules.
install_npm_packages() {
	dir=$here/../tests/compositions
	# npm ci writes node_modules/.package-lock.json last: newer than the
	# lock file means this lock file is installed.
	[ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ] && return 0
	command -v npm >/dev/null 2>&1 || install_packages nodejs npm
	echo "helios: installing the test compositions' npm packages (tests/compositions)" >&2
	npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2 ||
		{ echo "helios: npm ci failed in tests/compositions" >&2; exit 1; }
}

if [ "${1:-}" = "--install" ]; then
	missing=
	for p in $(grep -v '^#' "$here/debian-packages"); do
		dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] || install_packages $missing
	install_npm_packages
	exit 0
fi

missing=
command -v pkg-config >/dev/null 2>&1 || missing=" pkg-config"
for pair in "$@"; do
	module=${pair%%=*}
	package=${pair#*=}
	command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$module" && continue
	missing="$missing $package"
done
[ -z "$missing" ] || install_packages $missing
