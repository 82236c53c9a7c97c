#!/usr/bin/env bash
# Installs everything franca's build and tests need, idempotently.
# Safe to run again: each step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/versions.sh

log() { printf 'setup: %s\n' "$*" >&2; }

debs="build-essential pkg-config libelf-dev libdwarf-dev libunwind-dev libcriterion-dev clang libclang-rt-14-dev python3 time strace"
missing=""
for p in $debs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	log "installing Debian packages:$missing"
	if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

if ! command -v go >/dev/null 2>&1 && [ ! -x /usr/local/go/bin/go ]; then
	log "installing Go from Debian"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go >/dev/null
fi

# Zig (FreeBSD cross C compiler) from PyPI, pinned.
if ! python3 -c "import ziglang" 2>/dev/null || \
   [ "$(python3 -c 'import importlib.metadata as m; print(m.version("ziglang"))')" != "$ZIG_VERSION" ]; then
	log "installing ziglang==$ZIG_VERSION"
	python3 -m pip install -q "ziglang==$ZIG_VERSION"
fi

# Real foreign binaries from npm, pinned, into third_party/npm (not committed).
npmdir=third_party/npm
mkdir -p "$npmdir"
want="@esbuild/freebsd-x64@$ESBUILD_VERSION @esbuild/linux-x64@$ESBUILD_VERSION lefthook-freebsd-x64@$LEFTHOOK_VERSION"
need=0
for spec in $want; do
	name=${spec%@*}; ver=${spec##*@}
	pj="$npmdir/node_modules/$name/package.json"
	if [ ! -f "$pj" ] || ! grep -q "\"version\": \"$ver\"" "$pj"; then need=1; fi
done
if [ $need = 1 ]; then
	log "installing npm packages: $want"
	[ -f "$npmdir/package.json" ] || echo '{"private":true}' > "$npmdir/package.json"
	(cd "$npmdir" && npm install --no-audit --no-fund --silent --force $want >/dev/null)
fi
log "ok"
