#!/usr/bin/env bash
# Go's standard-library tests: each package built for linux (the oracle,
# run natively) and for freebsd (run under franca through
# go_freebsd_amd64_exec), compared test by test.
set -u
cd "$(dirname "$0")/.."
root=$PWD
# The foundation's packages, then the runtime-heavy ones.  make
# conformance-full (FULL=1) runs them without -test.short.
DEFAULT="strconv strings bytes sort bufio unicode/utf8 encoding/json regexp math path/filepath io \
os os/exec os/signal io/fs time sync context net net/http syscall runtime archive/tar compress/gzip \
crypto/sha256 encoding/binary flag log"
PKGS=${PKGS:-$DEFAULT}
short=-test.short
[ -n "${FULL:-}" ] && short=
out=$root/build/std
mkdir -p "$out"
goroot=$(go env GOROOT)
export PATH=$root/tools:$PATH
args=()
for p in $PKGS; do
	n=${p//\//_}
	for os in linux freebsd; do
		GOOS=$os GOARCH=amd64 CGO_ENABLED=0 go test -c -o "$out/$n.$os.test" "$p" >"$out/$n.$os.build" 2>&1 ||
			{ echo "build of $p for $os failed:"; cat "$out/$n.$os.build"; }
	done
	(cd "$goroot/src/$p" && timeout 600 "$out/$n.linux.test" -test.v $short -test.timeout=300s >"$out/$n.linux.out" 2>&1)
	(cd "$goroot/src/$p" && timeout 600 go_freebsd_amd64_exec "$out/$n.freebsd.test" -test.v $short -test.timeout=300s >"$out/$n.franca.out" 2>&1)
	args+=("$p=$out/$n.linux.out,$out/$n.franca.out")
done
python3 tools/gotest_results.py conformance/go-stdlib.xfail "${REPORT:-docs/compat/go-stdlib.md}" "${args[@]}"
