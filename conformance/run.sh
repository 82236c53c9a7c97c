#!/usr/bin/env bash
# Conformance: the same source built for Linux (the oracle, run natively)
# and for FreeBSD (run under franca) must give identical stdout, stderr and
# exit status; real FreeBSD binaries from npm must match their Linux twins.
# Known gaps live in conformance/expected-failures, one reason per line.
set -u
cd "$(dirname "$0")/.."
root=$PWD
F=$root/build/franca
B=$root/build/conformance
mkdir -p "$B/linux" "$B/freebsd"
pass=0 fail=0 xfail=0
declare -A XF
while read -r name reason; do
	[ -n "$name" ] && [ "${name#\#}" = "$name" ] && XF[$name]=$reason
done <conformance/expected-failures

result() { # name ok detail
	if [ "$2" = 1 ]; then
		pass=$((pass + 1))
	elif [ -n "${XF[$1]:-}" ]; then
		xfail=$((xfail + 1))
		echo "xfail $1: ${XF[$1]}"
	else
		fail=$((fail + 1))
		echo "FAIL $1: $3"
	fi
}

# ---- the project's Go programs --------------------------------------------
(cd conformance/go && for d in cmd/*/; do
	n=$(basename "$d")
	CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o "$B/linux/$n" "./$d" &&
		CGO_ENABLED=0 GOOS=freebsd GOARCH=amd64 go build -o "$B/freebsd/$n" "./$d" ||
		echo "build of $n failed"
done)

# Each case: name, program, compare mode (all | stderr1: first stderr line only), env, args.
run_case() {
	local name=$1 prog=$2 mode=$3 envs=$4
	shift 4
	local s
	for side in linux freebsd; do
		s=$B/$side.$name
		rm -rf "$s.dir"
		mkdir -p "$s.dir"
		local cmd=("$B/$side/$prog")
		[ $side = freebsd ] && cmd=("$F" "$B/$side/$prog")
		(cd "$s.dir" && env $envs timeout 120 "${cmd[@]}" "$@" "$s.dir" >"$s.out" 2>"$s.err" </dev/null)
		echo $? >"$s.rc"
		sed -i "s#$s.dir#SCRATCH#g; s#$B/$side/#BIN/#g" "$s.out" "$s.err"
		if [ "$mode" = stderr1 ]; then head -n 1 "$s.err" >"$s.err1"; mv "$s.err1" "$s.err"; fi
	done
	local l=$B/linux.$name f=$B/freebsd.$name ok=1 why=""
	cmp -s "$l.rc" "$f.rc" || { ok=0; why="exit $(cat "$l.rc") vs $(cat "$f.rc")"; }
	cmp -s "$l.out" "$f.out" || { ok=0; why="$why stdout differs: $(diff "$l.out" "$f.out" | head -5 | tr '\n' ' ')"; }
	cmp -s "$l.err" "$f.err" || { ok=0; why="$why stderr differs: $(diff "$l.err" "$f.err" | head -5 | tr '\n' ' ')"; }
	result "go/$name" $ok "$why"
}

if [ -f conformance/go/cases ]; then
	while IFS='|' read -r name prog mode envs args; do
		[ -z "$name" ] || [ "${name#\#}" != "$name" ] && continue
		# shellcheck disable=SC2086
		run_case "$name" "$prog" "$mode" "$envs" $args
	done <conformance/go/cases
fi

# ---- real binaries from npm -------------------------------------------------
npm=third_party/npm/node_modules
if [ -x $npm/@esbuild/freebsd-x64/bin/esbuild ]; then
	a=$($F $npm/@esbuild/freebsd-x64/bin/esbuild --version 2>&1)
	b=$($npm/@esbuild/linux-x64/bin/esbuild --version 2>&1)
	result npm/esbuild-version "$([ "$a" = "$b" ] && echo 1)" "'$a' vs '$b'"
	for opts in "--bundle" "--bundle --minify" "--bundle --format=esm --sourcemap=inline" "--bundle --platform=node --target=es2015"; do
		a=$($F $npm/@esbuild/freebsd-x64/bin/esbuild conformance/esbuild/project/src/index.ts $opts 2>&1 | sha256sum)
		b=$($npm/@esbuild/linux-x64/bin/esbuild conformance/esbuild/project/src/index.ts $opts 2>&1 | sha256sum)
		result "npm/esbuild $opts" "$([ "$a" = "$b" ] && echo 1)" "bundles differ"
	done
	# A bundle of many files written to disk, compared byte for byte.
	rm -rf "$B/esb-bsd" "$B/esb-lnx"
	$F $npm/@esbuild/freebsd-x64/bin/esbuild conformance/esbuild/project/src/*.ts conformance/esbuild/project/src/math/*.ts \
		--outdir="$B/esb-bsd" --log-level=warning
	$npm/@esbuild/linux-x64/bin/esbuild conformance/esbuild/project/src/*.ts conformance/esbuild/project/src/math/*.ts \
		--outdir="$B/esb-lnx" --log-level=warning
	result "npm/esbuild --outdir" "$(diff -r "$B/esb-bsd" "$B/esb-lnx" >/dev/null && echo 1)" "output trees differ"
fi
if [ -x $npm/lefthook-freebsd-x64/bin/lefthook ]; then
	. tools/versions.sh
	a=$($F $npm/lefthook-freebsd-x64/bin/lefthook version 2>&1)
	result npm/lefthook-version "$([ "$a" = "$LEFTHOOK_VERSION" ] && echo 1)" "printed '$a'"
fi

# ---- Go standard-library tests --------------------------------------------
if bash conformance/stdlib.sh; then result go-stdlib 1 ""; else result go-stdlib 0 "see above"; fi

echo "conformance: $pass passed, $fail failed, $xfail expected failures"
[ $fail = 0 ]
