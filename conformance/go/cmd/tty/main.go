// tty exercises a terminal through the raw ioctls (no dependencies): the
// termios get/set requests, window size, raw mode, the foreground process
// group, SIGINT from the line discipline and SIGWINCH from a resize.  The
// OS-specific requests and struct termios layouts are in tty_linux.go and
// tty_freebsd.go.
//
// Usage:
//
//	tty [SCRATCHDIR]         the terminal program, on its own stdin; prints
//	                         "not a tty" and exits 0 when stdin is not a terminal
//	tty -drive [SCRATCHDIR]  runs the terminal program on a new pseudo-terminal,
//	                         types into it, and prints its transcript
//
// For -drive the pty pair comes from the host's python3 (os.openpty, via the
// embedded drive.py, descriptors passed back with SCM_RIGHTS): a FreeBSD
// program cannot open one under franca (posix_openpt is not implemented),
// and the same host helper on both sides keeps the pty's initial state the
// same.  The program under test is started by tty itself, with the pty
// slave as stdin, stdout and stderr, in a new session whose controlling
// terminal it is.
//
// Exit: 0 when it got to the end; 1 if a step failed or timed out.
package main

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

//go:embed drive.py
var drivePy string

func say(format string, args ...interface{}) {
	fmt.Printf(format+"\n", args...)
}

func ioctl(fd int, req uintptr, arg unsafe.Pointer) error {
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), req, uintptr(arg))
	if e != 0 {
		return e
	}
	return nil
}

func getAttr(fd int) (*termios, error) {
	var t termios
	return &t, ioctl(fd, reqGetAttr, unsafe.Pointer(&t))
}

func setAttr(fd int, t *termios) error {
	return ioctl(fd, reqSetAttr, unsafe.Pointer(t))
}

type winsize struct {
	Row, Col, Xpixel, Ypixel uint16
}

func getWinsize(fd int) (winsize, error) {
	var w winsize
	return w, ioctl(fd, reqGetWinsz, unsafe.Pointer(&w))
}

func setWinsize(fd int, w winsize) error {
	return ioctl(fd, reqSetWinsz, unsafe.Pointer(&w))
}

func isatty(fd int) bool {
	_, err := getAttr(fd)
	return err == nil
}

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "-drive" {
		os.Exit(drive())
	}
	os.Exit(terminal())
}

// ---- the terminal program ---------------------------------------------------

func fatal(what string, err error) int {
	say("FATAL %s: ENOTTY=%v EINVAL=%v", what, errors.Is(err, syscall.ENOTTY), errors.Is(err, syscall.EINVAL))
	return 1
}

func flags(t *termios) string {
	return fmt.Sprintf("icanon=%v echo=%v isig=%v icrnl=%v opost=%v onlcr=%v cs8=%v cread=%v",
		t.lflag()&flagICANON != 0, t.lflag()&flagECHO != 0, t.lflag()&flagISIG != 0,
		t.iflag()&flagICRNL != 0, t.oflag()&flagOPOST != 0, t.oflag()&flagONLCR != 0,
		t.cflag()&flagCS8 == flagCS8, t.cflag()&flagCREAD != 0)
}

func terminal() int {
	if !isatty(0) {
		say("not a tty")
		say("stdout isatty=%v", isatty(1))
		return 0
	}
	say("stdin isatty=%v stdout isatty=%v stderr isatty=%v", isatty(0), isatty(1), isatty(2))
	ws, err := getWinsize(0)
	if err != nil {
		return fatal("TIOCGWINSZ", err)
	}
	say("window rows=%d cols=%d", ws.Row, ws.Col)

	var pgrp int32
	err = ioctl(0, reqGetPgrp, unsafe.Pointer(&pgrp))
	sid, _, _ := syscall.RawSyscall(syscall.SYS_GETSID, 0, 0, 0)
	say("foreground pgrp is mine=%v session leader=%v err-nil=%v", int(pgrp) == syscall.Getpgrp(), int(sid) == os.Getpid(), err == nil)

	saved, err := getAttr(0)
	if err != nil {
		return fatal("get termios", err)
	}
	say("initial %s", flags(saved))
	say("initial VINTR=%#x VERASE=%#x VEOF=%#x speed=%d", saved.cc(ccVINTR), saved.cc(ccVERASE), saved.cc(ccVEOF), saved.speed())

	// Canonical mode: a whole line, echoed by the terminal.
	say("canon>")
	line := make([]byte, 100)
	n, err := os.Stdin.Read(line)
	say("canonical read %q err-nil=%v", line[:n], err == nil)

	// Raw mode.
	raw := *saved
	raw.setLflag(raw.lflag() &^ (flagICANON | flagECHO))
	raw.setCc(ccVMIN, 1)
	raw.setCc(ccVTIME, 0)
	if err := setAttr(0, &raw); err != nil {
		return fatal("set raw", err)
	}
	now, err := getAttr(0)
	if err != nil {
		return fatal("get termios", err)
	}
	say("raw mode %s vmin=%d vtime=%d", flags(now), now.cc(ccVMIN), now.cc(ccVTIME))
	say("raw>")
	var got []string
	for i := 0; i < 5; i++ {
		b := make([]byte, 1)
		n, err := os.Stdin.Read(b)
		if err != nil || n != 1 {
			say("read %d: n=%d err-nil=%v", i, n, err == nil)
			break
		}
		got = append(got, fmt.Sprintf("%02x", b[0]))
	}
	say("raw bytes %s", strings.Join(got, " "))

	// ISIG is still on: the interrupt character raises SIGINT in the
	// foreground process group, that is, here.
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT, syscall.SIGWINCH)
	say("isig>")
	select {
	case s := <-c:
		say("signal from ^C: SIGINT=%v", s == syscall.SIGINT)
	case <-time.After(10 * time.Second):
		say("no SIGINT")
	}

	// VMIN=0, VTIME=1: a read with nothing typed returns 0 after 0.1s.
	poll := raw
	poll.setCc(ccVMIN, 0)
	poll.setCc(ccVTIME, 1)
	if err := setAttr(0, &poll); err != nil {
		return fatal("set vmin 0", err)
	}
	t0 := time.Now()
	n, err = os.Stdin.Read(make([]byte, 10))
	say("vmin=0 vtime=1 read n=%d waited>=50ms=%v", n, time.Since(t0) >= 50*time.Millisecond)

	// A resize raises SIGWINCH.
	if err := setWinsize(0, winsize{Row: 30, Col: 100}); err != nil {
		return fatal("TIOCSWINSZ", err)
	}
	select {
	case s := <-c:
		say("after resize: SIGWINCH=%v", s == syscall.SIGWINCH)
	case <-time.After(10 * time.Second):
		say("no SIGWINCH")
	}
	ws, _ = getWinsize(0)
	say("window now rows=%d cols=%d", ws.Row, ws.Col)
	setWinsize(0, winsize{Row: 24, Col: 80})
	select {
	case <-c:
	case <-time.After(10 * time.Second):
		say("no second SIGWINCH")
	}
	signal.Stop(c)
	ws, _ = getWinsize(0)
	say("window restored rows=%d cols=%d", ws.Row, ws.Col)

	if err := setAttr(0, saved); err != nil {
		return fatal("restore", err)
	}
	back, err := getAttr(0)
	if err != nil {
		return fatal("get termios", err)
	}
	say("restored icanon=%v echo=%v equal-to-saved=%v", back.lflag()&flagICANON != 0, back.lflag()&flagECHO != 0, back.same(saved))
	say("bye")
	return 0
}

// ---- the driver --------------------------------------------------------------

// What the terminal program prints, and what to type when it does (the same
// script as in drive.py).
var script = []struct{ prompt, reply string }{
	{"canon>", "line one\n"},
	{"raw>", "hello"},
	{"isig>", "\x03"},
}

// openPty gets a master and slave pair from python3 over a socketpair.
func openPty() (master, slave *os.File, err error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return nil, nil, err
	}
	sp, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, nil, err
	}
	syscall.CloseOnExec(sp[0])
	theirs := os.NewFile(uintptr(sp[1]), "socket")
	cmd := exec.Command(py, "-c", drivePy, "--send-pty", "3")
	cmd.ExtraFiles = []*os.File{theirs}
	cmd.Stderr = os.Stderr
	err = cmd.Run()
	theirs.Close()
	if err != nil {
		syscall.Close(sp[0])
		return nil, nil, err
	}
	buf := make([]byte, 16)
	oob := make([]byte, syscall.CmsgSpace(2*4))
	n, oobn, _, _, err := syscall.Recvmsg(sp[0], buf, oob, 0)
	syscall.Close(sp[0])
	if err != nil {
		return nil, nil, err
	}
	msgs, err := syscall.ParseSocketControlMessage(oob[:oobn])
	if err != nil || len(msgs) != 1 {
		return nil, nil, fmt.Errorf("control messages: %d", len(msgs))
	}
	fds, err := syscall.ParseUnixRights(&msgs[0])
	if err != nil || len(fds) != 2 || string(buf[:n]) != "pty" {
		return nil, nil, fmt.Errorf("bad message")
	}
	syscall.CloseOnExec(fds[0])
	syscall.CloseOnExec(fds[1])
	return os.NewFile(uintptr(fds[0]), "ptm"), os.NewFile(uintptr(fds[1]), "pts"), nil
}

type transcript struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	done bool
	eio  bool
}

func (t *transcript) has(s string, from int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return from <= t.buf.Len() && bytes.Contains(t.buf.Bytes()[from:], []byte(s))
}

func (t *transcript) finished() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.done
}

func drive() int {
	master, slave, err := openPty()
	if err != nil {
		say("drive: no pty from python3: %v", errors.Is(err, exec.ErrNotFound))
		return 1
	}
	say("drive: got a pty pair, master isatty=%v slave isatty=%v", isatty(int(master.Fd())), isatty(int(slave.Fd())))
	if err := setWinsize(int(master.Fd()), winsize{Row: 24, Col: 80}); err != nil {
		return fatal("TIOCSWINSZ on master", err)
	}
	exe, err := os.Executable()
	if err != nil {
		say("os.Executable failed")
		return 1
	}
	cmd := exec.Command(exe)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		say("start failed: %v", err)
		return 1
	}
	slave.Close()

	var t transcript
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := master.Read(b)
			t.mu.Lock()
			t.buf.Write(b[:n])
			if err != nil {
				// Linux's pty master reports EIO once the slave side is
				// closed and everything written to it has been read.
				t.done, t.eio = true, errors.Is(err, syscall.EIO)
				t.mu.Unlock()
				return
			}
			t.mu.Unlock()
		}
	}()
	status := 0
	from := 0
	for _, step := range script {
		deadline := time.Now().Add(20 * time.Second)
		for !t.has(step.prompt, from) && !t.finished() && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
		if !t.has(step.prompt, from) {
			say("drive: TIMEOUT waiting for %q", step.prompt)
			cmd.Process.Kill()
			status = 1
			break
		}
		t.mu.Lock()
		from = t.buf.Len()
		t.mu.Unlock()
		if _, err := master.Write([]byte(step.reply)); err != nil {
			say("drive: write to master failed")
		}
	}
	err = cmd.Wait()
	deadline := time.Now().Add(20 * time.Second)
	for !t.finished() && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	t.mu.Lock()
	out := t.buf.String()
	done, eio := t.done, t.eio
	t.mu.Unlock()
	ws, werr := getWinsize(int(master.Fd()))
	master.Close()
	say("drive: transcript:")
	for _, l := range strings.SplitAfter(out, "\n") {
		if l != "" {
			say("  %q", l)
		}
	}
	say("drive: master read ended=%v with EIO=%v", done, eio)
	say("drive: child exit code=%d err-nil=%v", cmd.ProcessState.ExitCode(), err == nil)
	say("drive: window after child rows=%d cols=%d err-nil=%v", ws.Row, ws.Col, werr == nil)
	return status
}
