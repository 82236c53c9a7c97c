// pty opens a pseudo-terminal pair the way each OS's libc does
// (posix_openpt + ptsname on FreeBSD, /dev/ptmx + TIOCGPTN on Linux; see
// pty_*.go), and checks what a terminal program relies on: the slave is a
// tty, the master is not; canonical input with echo; the window size set on
// one side is read on the other; bytes written by the slave reach the master.
//
// Usage: pty SCRATCHDIR
package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

func main() {
	master, slaveName, err := openPTY()
	if err != nil {
		fmt.Println("openpt failed:", err)
		os.Exit(1)
	}
	fmt.Println("slave name under /dev/pts:", strings.HasPrefix(slaveName, "/dev/pts/"))
	slave, err := os.OpenFile(slaveName, os.O_RDWR, 0)
	if err != nil {
		fmt.Println("open slave:", err)
		os.Exit(1)
	}
	fmt.Println("slave is a tty:", isTTY(slave), "master is a pty master:", isMaster(master))

	setWinsize(master, 33, 101)
	r, c := getWinsize(slave)
	fmt.Println("window size seen on the slave:", r, c)

	// Canonical mode with echo: the line comes back on the master (echo)
	// and is readable on the slave after the newline.
	master.Write([]byte("ping\n"))
	buf := make([]byte, 64)
	slave.SetReadDeadline(time.Now().Add(2 * time.Second))
	n, _ := slave.Read(buf)
	fmt.Printf("slave read: %q\n", buf[:n])
	echo := readSome(master, 6)
	fmt.Printf("master saw the echo: %q\n", echo)

	slave.Write([]byte("pong\n"))
	out := readSome(master, 6)
	fmt.Printf("master read (ONLCR turns \\n into \\r\\n): %q\n", out)
}

func readSome(f *os.File, want int) []byte {
	var got []byte
	buf := make([]byte, 64)
	deadline := time.Now().Add(2 * time.Second)
	for len(got) < want && time.Now().Before(deadline) {
		f.SetReadDeadline(deadline)
		n, err := f.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			break
		}
	}
	return got
}
