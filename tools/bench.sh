#!/usr/bin/env bash
# make bench: franca/native wall-time ratios, side by side in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
B=build/bench
F=build/franca
mkdir -p "$B"
for p in hello statloop pingpong tcp; do
	(cd conformance/go && CGO_ENABLED=0 GOOS=linux go build -o "$root/$B/$p.linux" ./bench/$p &&
		CGO_ENABLED=0 GOOS=freebsd go build -o "$root/$B/$p.freebsd" ./bench/$p)
done
npm=third_party/npm/node_modules
ESB_L=$npm/@esbuild/linux-x64/bin/esbuild
ESB_F=$npm/@esbuild/freebsd-x64/bin/esbuild
# A real input of thousands of files: every ES module of three npm
# packages (rxjs, lodash-es, date-fns), imported by one generated entry.
big=$B/big
if [ ! -d "$big/node_modules/date-fns/esm" ] || [ ! -d "$big/node_modules/rxjs" ] || [ ! -d "$big/node_modules/lodash-es" ]; then
	mkdir -p "$big" && (cd "$big" && echo '{"private":true}' >package.json &&
		npm install --silent --no-audit --no-fund rxjs@7.8.1 lodash-es@4.17.21 date-fns@2.30.0 >/dev/null)
fi
entry=$big/entry.js
find "$root/$big/node_modules/rxjs/dist/esm5" "$root/$big/node_modules/lodash-es" "$root/$big/node_modules/date-fns/esm" \
	-name '*.js' | sort | sed 's|.*|import "&";|' >"$entry"
nfiles=$(wc -l <"$entry")
RUNS=${RUNS:-10}
python3 tools/bench.py docs/bench.md "$RUNS" \
	"esbuild --version|$ESB_L --version|$F $ESB_F --version" \
	"Go hello start-up|$B/hello.linux|$F $B/hello.freebsd" \
	"100,000 stats of one file|$B/statloop.linux|$F $B/statloop.freebsd" \
	"goroutine ping-pong, 200,000 round trips|$B/pingpong.linux|$F $B/pingpong.freebsd" \
	"TCP loopback, 256 MiB|$B/tcp.linux|$F $B/tcp.freebsd" \
	"esbuild bundling 3 npm packages ($nfiles files)|$ESB_L $entry --bundle --outfile=$B/out-l.js --log-level=error|$F $ESB_F $entry --bundle --outfile=$B/out-f.js --log-level=error"
cmp -s "$B/out-l.js" "$B/out-f.js" || { echo "bench: the two esbuild bundles differ" >&2; exit 1; }
echo "wrote docs/bench.md"
