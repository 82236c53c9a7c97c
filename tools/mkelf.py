#!/usr/bin/env python3
"""Writes small ELF and PE files for franca's loader tests and fuzz seeds.

usage: mkelf.py VARIANT OUT

The base image is a complete static FreeBSD amd64 program of one segment
that writes "hi from freebsd\\n" with FreeBSD's write(2) (4) and exits 7
with exit(2) (1).  Each variant breaks or changes one thing.
"""
import struct
import sys

BASE = 0x400000
MSG = b"hi from freebsd\n"


def code(msg_addr):
    c = b""
    c += b"\xb8\x04\x00\x00\x00"                      # mov $4, %eax (write)
    c += b"\xbf\x01\x00\x00\x00"                      # mov $1, %edi
    c += b"\x48\xbe" + struct.pack("<Q", msg_addr)    # movabs $msg, %rsi
    c += b"\xba" + struct.pack("<I", len(MSG))        # mov $len, %edx
    c += b"\x0f\x05"                                  # syscall
    c += b"\xb8\x01\x00\x00\x00"                      # mov $1, %eax (exit)
    c += b"\xbf\x07\x00\x00\x00"                      # mov $7, %edi
    c += b"\x0f\x05"                                  # syscall
    c += b"\xf4"                                      # hlt
    return c


def code_pie(msg_addr):
    # As code(), but position-independent: the message is found rip-relative.
    c = b""
    c += b"\xb8\x04\x00\x00\x00"                      # mov $4, %eax (write)
    c += b"\xbf\x01\x00\x00\x00"                      # mov $1, %edi
    # lea msg(%rip), %rsi: msg is at body offset 64, this insn ends at offset 17
    c += b"\x48\x8d\x35" + struct.pack("<i", 64 - 17)
    c += b"\xba" + struct.pack("<I", len(MSG))        # mov $len, %edx
    c += b"\x0f\x05"                                  # syscall
    c += b"\xb8\x01\x00\x00\x00"                      # mov $1, %eax (exit)
    c += b"\xbf\x07\x00\x00\x00"                      # mov $7, %edi
    c += b"\x0f\x05"                                  # syscall
    c += b"\xf4"
    return c


def code_selfkill(msg_addr):
    # getpid(); kill(pid, SIGUSR1 = 30 on FreeBSD); hlt if it returns
    return (b"\xb8\x14\x00\x00\x00\x0f\x05"        # mov $20, %eax; syscall
            b"\x48\x89\xc7"                          # mov %rax, %rdi
            b"\xbe\x1e\x00\x00\x00"                  # mov $30, %esi
            b"\xb8\x25\x00\x00\x00\x0f\x05"        # mov $37, %eax; syscall
            b"\xf4")


def code_nosys(nr):
    # syscall nr; on error (CF set) exit with the errno FreeBSD put in %rax, else 0
    def c(msg_addr):
        return (b"\xb8" + struct.pack("<I", nr) + b"\x0f\x05"  # mov $nr, %eax; syscall
                b"\x73\x04"                                  # jae +4 (CF clear)
                b"\x89\xc7\xeb\x02"                          # mov %eax, %edi; jmp +2
                b"\x31\xff"                                  # xor %edi, %edi
                b"\xb8\x01\x00\x00\x00\x0f\x05\xf4")        # mov $1, %eax; syscall; hlt
    return c


def build(code_fn=None, osabi=9, machine=62, cls=2, etype=2, phoff=64, phnum=1, phentsize=56,
          entry_delta=0, extra_ph=(), filesz_delta=0, memsz=None, vaddr=BASE,
          note=None, interp=None, truncate=None):
    hdr_len = 64 + 56 * (1 + len(extra_ph) + (1 if note else 0) + (1 if interp else 0))
    body_off = (hdr_len + 15) & ~15
    text = (code_fn or code)(vaddr + body_off + 64)
    body = text.ljust(64, b"\x90") + MSG
    blobs = b""
    ph = []
    total = body_off + len(body)
    if note:
        name, ntype = note
        n = name.encode() + b"\0"
        nb = struct.pack("<III", len(n), 4, ntype) + n.ljust((len(n) + 3) & ~3, b"\0") + struct.pack("<I", 1400000)
        ph.append(struct.pack("<IIQQQQQQ", 4, 4, total + len(blobs), vaddr + total + len(blobs), 0, len(nb), len(nb), 4))
        blobs += nb
    if interp:
        ib = interp.encode() + b"\0"
        ph.append(struct.pack("<IIQQQQQQ", 3, 4, total + len(blobs), 0, 0, len(ib), len(ib), 1))
        blobs += ib
    filesz = total + len(blobs) + filesz_delta
    ms = memsz if memsz is not None else total + len(blobs)
    load = struct.pack("<IIQQQQQQ", 1, 5, 0, vaddr, vaddr, filesz, ms, 0x1000)
    ph = [load] + list(extra_ph) + ph
    entry = vaddr + body_off + entry_delta
    ident = b"\x7fELF" + bytes([cls, 1, 1, osabi]) + b"\0" * 8
    eh = ident + struct.pack("<HHIQQQIHHHHHH", etype, machine, 1, entry, phoff, 0, 0, 64,
                             phentsize, phnum if phnum is not None else len(ph), 0, 0, 0)
    if phnum == 1 and len(ph) > 1:
        eh = ident + struct.pack("<HHIQQQIHHHHHH", etype, machine, 1, entry, phoff, 0, 0, 64,
                                 phentsize, len(ph), 0, 0, 0)
    img = (eh + b"".join(ph)).ljust(body_off, b"\0") + body + blobs
    if truncate is not None:
        img = img[:truncate]
    return img


def seg(vaddr, memsz, off=0, filesz=0, flags=6):
    return struct.pack("<IIQQQQQQ", 1, flags, off, vaddr, vaddr, filesz, memsz, 0x1000)


VARIANTS = {
    "ok": lambda: build(),
    "ok-note": lambda: build(osabi=0, note=("FreeBSD", 1)),
    "ok-pie": lambda: build(code_fn=code_pie, etype=3, vaddr=0),
    "selfkill": lambda: build(code_fn=code_selfkill),
    "nosys": lambda: build(code_fn=code_nosys(999)),
    "unimpl": lambda: build(code_fn=code_nosys(45)),
    "empty": lambda: b"",
    "garbage": lambda: b"this is not a program\n" * 4,
    "truncated-header": lambda: build()[:40],
    "truncated-phdrs": lambda: build()[:80],
    "truncated-segment": lambda: build(filesz_delta=4096, memsz=0x3000),
    "bad-phentsize": lambda: build(phentsize=32),
    "phoff-past-end": lambda: build(phoff=1 << 40),
    "overlap": lambda: build(extra_ph=[seg(BASE + 0x10, 0x1000, off=0x10)]),
    "entry-outside": lambda: build(entry_delta=0x100000),
    "absurd-size": lambda: build(memsz=1 << 52),
    "elf32": lambda: build(cls=1),
    "arm64": lambda: build(machine=183),
    "netbsd": lambda: build(osabi=2),
    "openbsd-note": lambda: build(osabi=0, note=("OpenBSD", 1)),
    "unknown-os": lambda: build(osabi=97),
    "dynamic": lambda: build(interp="/libexec/ld-elf.so.1"),
    "relocatable": lambda: build(etype=1),
    "pe64": lambda: b"MZ" + b"\0" * 58 + struct.pack("<I", 64) + b"PE\0\0" + struct.pack("<H", 0x8664) + b"\0" * 200,
    "pe32": lambda: b"MZ" + b"\0" * 58 + struct.pack("<I", 64) + b"PE\0\0" + struct.pack("<H", 0x14c) + b"\0" * 200,
    "mz-dos": lambda: b"MZ" + b"\0" * 200,
}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in VARIANTS:
        sys.exit(__doc__ + "\nvariants: " + " ".join(VARIANTS))
    with open(sys.argv[2], "wb") as f:
        f.write(VARIANTS[sys.argv[1]]())


if __name__ == "__main__":
    main()
