#!/usr/bin/env python3
"""Pseudo-terminal helper for the tty conformance program (stdlib only).

  drive.py --send-pty FD   open a pty pair and send both descriptors
                           (master, then slave) over the unix socket FD with
                           SCM_RIGHTS, then exit.  `tty -drive` embeds this
                           file and runs it this way, so the program under
                           test (for the FreeBSD build: under franca) is
                           started by the tty program itself, not by Python.
  drive.py CMD [ARG...]    run CMD on a new pty (24 rows, 80 columns) as a
                           session leader with the pty as its controlling
                           terminal, answer its prompts the way `tty -drive`
                           does, and print everything it wrote to the pty
                           followed by its exit status.  For running by hand:
                             drive.py build/conformance/linux/tty
                             drive.py build/franca build/conformance/freebsd/tty
"""
import errno
import fcntl
import os
import select
import socket
import struct
import sys
import termios
import time

# What the program prints, and what to type when it does (the same script
# as in main.go).
SCRIPT = [(b"canon>", b"line one\n"), (b"raw>", b"hello"), (b"isig>", b"\x03")]


def send_pty(fd):
    m, s = os.openpty()
    sock = socket.socket(fileno=fd)
    socket.send_fds(sock, [b"pty"], [m, s])
    sock.close()
    return 0


def drive(argv):
    m, s = os.openpty()
    fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    pid = os.fork()
    if pid == 0:
        os.close(m)
        os.setsid()
        fcntl.ioctl(s, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(s, fd)
        if s > 2:
            os.close(s)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    os.close(s)
    out = b""
    step = 0
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if step < len(SCRIPT) and SCRIPT[step][0] in out:
            os.write(m, SCRIPT[step][1])
            step += 1
        r, _, _ = select.select([m], [], [], 0.1)
        if not r:
            continue
        try:
            b = os.read(m, 4096)
        except OSError as e:
            if e.errno == errno.EIO:
                break
            raise
        if not b:
            break
        out += b
    _, st = os.waitpid(pid, 0)
    os.close(m)
    sys.stdout.buffer.write(out)
    sys.stdout.write("\nexit status: %d\n" % os.waitstatus_to_exitcode(st))
    return 0


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--send-pty":
        return send_pty(int(args[1]))
    if not args:
        sys.stderr.write(__doc__)
        return 2
    return drive(args)


if __name__ == "__main__":
    sys.exit(main())
