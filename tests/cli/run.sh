#!/usr/bin/env bash
# franca's command line as a user meets it: exit statuses, one-line errors
# that name the file, death by the guest's signal, native pass-through.
set -u
cd "$(dirname "$0")/../.."
F=$PWD/build/franca
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

check() { # name expected-status message-fragment command...
	local name=$1 want=$2 frag=$3
	shift 3
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	local ok=1
	[ "$got" = "$want" ] || ok=0
	if [ -n "$frag" ] && ! grep -qF -- "$frag" "$T/err" "$T/out"; then ok=0; fi
	if [ "$want" -ge 64 ] && [ "$want" != 138 ] && [ "$want" -lt 128 ] && [ "$(wc -l <"$T/err")" != 1 ]; then ok=0; fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name: status $got (want $want), stderr: $(head -c 300 "$T/err")"
	fi
}

img() { python3 tools/mkelf.py "$1" "$T/$1" && chmod +x "$T/$1"; }

for v in ok ok-note ok-pie selfkill nosys unimpl empty garbage truncated-header truncated-phdrs \
	truncated-segment bad-phentsize phoff-past-end overlap entry-outside absurd-size elf32 \
	arm64 netbsd openbsd-note unknown-os dynamic relocatable pe64 pe32 mz-dos; do
	img $v
done

check "runs a static FreeBSD program" 7 "hi from freebsd" "$F" "$T/ok"
check "FreeBSD ABI note without OSABI" 7 "hi from freebsd" "$F" "$T/ok-note"
check "static PIE (ET_DYN) loads anywhere" 7 "hi from freebsd" "$F" "$T/ok-pie"
check "unknown syscall is ENOSYS (78)" 78 "unimplemented FreeBSD syscall unknown (999)" "$F" "$T/nosys"
check "unimplemented syscall named" 78 "ktrace (45)" "$F" "$T/unimpl"
check "--strict makes it fatal" 69 "--strict: unimplemented FreeBSD syscall ktrace" "$F" --strict "$T/unimpl"
# A guest killed by FreeBSD SIGUSR1 (30) dies of Linux SIGUSR1 (10): status 138.
check "dies of the guest's signal" 138 "" "$F" "$T/selfkill"
check "missing file" 127 "$T/nope: No such file or directory" "$F" "$T/nope"
check "directory" 126 "$T: is a directory" "$F" "$T"
cp "$T/ok" "$T/noexec"; chmod -x "$T/noexec"
if [ "$(id -u)" = 0 ]; then
	check "no execute permission" 126 "not executable" "$F" "$T/noexec"
else
	check "no execute permission" 126 "" "$F" "$T/noexec"
fi
check "empty file" 126 "$T/empty: empty file" "$F" "$T/empty"
check "not a program" 126 "not an executable format" "$F" "$T/garbage"
check "truncated header" 65 "truncated ELF header" "$F" "$T/truncated-header"
check "truncated program headers" 65 "truncated: program headers" "$F" "$T/truncated-phdrs"
check "truncated segment" 65 "truncated: a segment" "$F" "$T/truncated-segment"
check "bad program headers" 65 "bad program header table" "$F" "$T/bad-phentsize"
check "program headers past the end" 65 "truncated" "$F" "$T/phoff-past-end"
check "overlapping segments" 65 "overlapping" "$F" "$T/overlap"
check "entry outside segments" 65 "entry point lies outside" "$F" "$T/entry-outside"
check "absurd sizes" 65 "absurd" "$F" "$T/absurd-size"
check "32-bit ELF" 69 "32-bit" "$F" "$T/elf32"
check "non-x86-64 ELF" 69 "ARM64" "$F" "$T/arm64"
check "NetBSD ELF" 69 "NetBSD" "$F" "$T/netbsd"
check "OpenBSD note" 69 "OpenBSD" "$F" "$T/openbsd-note"
check "unknown OS" 69 "unknown OS" "$F" "$T/unknown-os"
check "dynamic FreeBSD (not yet)" 69 "dynamically linked" "$F" "$T/dynamic"
check "relocatable object" 126 "relocatable" "$F" "$T/relocatable"
check "Windows x64 PE (not yet)" 69 "Windows x64" "$F" "$T/pe64"
check "32-bit PE" 69 "32-bit Windows" "$F" "$T/pe32"
check "MS-DOS MZ" 69 "MS-DOS" "$F" "$T/mz-dos"
check "bad option" 64 "unknown option '--bogus'" "$F" --bogus "$T/ok"
check "no program" 64 "no program given" "$F"
check "--help" 0 "usage: franca" "$F" --help
check "--version" 0 "franca 0." "$F" --version
check "native program runs natively" 3 "" "$F" /bin/sh -c 'echo native; exit 3'
printf '#!/bin/sh\necho script "$@"\n' >"$T/script"; chmod +x "$T/script"
check "script runs natively" 0 "script a b" "$F" "$T/script" a b
check "PATH lookup" 0 "franca-path-ok" "$F" sh -c 'echo franca-path-ok'
check "--argv0" 0 "" "$F" --argv0 custom "$T/script"
FRANCA_TRACE=syscall check "trace names syscalls" 7 "write(1, \"hi from freebsd\\n\", 16) = 16" "$F" "$T/ok"
FRANCA_TRACE=bogus check "bad trace word" 64 "unknown word 'bogus'" "$F" "$T/ok"
FRANCA_TRACE=syscall FRANCA_TRACE_FILE="$T/trace" "$F" "$T/ok" >/dev/null 2>&1
if grep -q '^\[[0-9]*\] exit(7)' "$T/trace" 2>/dev/null || grep -q 'write(1' "$T/trace"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL trace file: $(cat "$T/trace" 2>&1 | head -3)"
fi

echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
