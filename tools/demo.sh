#!/usr/bin/env bash
# make demo: the real FreeBSD esbuild from npm, run by franca, against the
# Linux esbuild of the same version.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/versions.sh
F=build/franca
BSD=third_party/npm/node_modules/@esbuild/freebsd-x64/bin/esbuild
LNX=third_party/npm/node_modules/@esbuild/linux-x64/bin/esbuild
echo "\$ franca $BSD --version      # a FreeBSD amd64 ELF (OSABI $(od -An -tu1 -j7 -N1 "$BSD" | tr -d ' '))"
$F "$BSD" --version
echo "\$ franca $BSD conformance/esbuild/project/src/index.ts --bundle --minify"
out_bsd=$($F "$BSD" conformance/esbuild/project/src/index.ts --bundle --minify --log-level=warning)
out_lnx=$("$LNX" conformance/esbuild/project/src/index.ts --bundle --minify --log-level=warning)
printf '%s\n' "$out_bsd"
if [ "$out_bsd" = "$out_lnx" ]; then
	echo "demo: the FreeBSD esbuild under franca printed the same $(printf %s "$out_bsd" | wc -c) bytes as the Linux esbuild $ESBUILD_VERSION"
else
	echo "demo: MISMATCH between the FreeBSD esbuild under franca and the Linux esbuild" >&2
	diff <(printf '%s\n' "$out_lnx") <(printf '%s\n' "$out_bsd") >&2 || true
	exit 1
fi
