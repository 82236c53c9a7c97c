// kqueue checks the readiness facts a FreeBSD program gets from kqueue(2):
// a pipe's readable byte count and EOF, a one-shot timer, a user event and
// a child's exit status, and how often a signal arrived.  The FreeBSD build asks kqueue (kq_freebsd.go);
// the Linux oracle establishes the same facts with Linux's own means
// (kq_linux.go).  Both print the same lines.
//
// Usage: kqueue [-child] SCRATCHDIR
package main

import (
	"fmt"
	"os"
	"os/exec"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-child" {
		os.Exit(3)
	}
	r, w, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	w.Write([]byte("12345"))
	fmt.Println("pipe readable bytes:", pipeReadable(r))
	w.Close()
	fmt.Println("pipe EOF after writer closed:", pipeEOF(r))
	fmt.Println("one-shot 20ms timer fired once:", timerOnce())
	fmt.Println("user event seen after trigger:", userEvent())
	fmt.Println("SIGUSR2 sent twice, counted:", signalCount())
	dir := os.Args[len(os.Args)-1]
	for _, line := range fileEvents(dir + "/watched") {
		fmt.Println("file event:", line)
	}
	cmd := exec.Command(os.Args[0], "-child")
	if err := cmd.Start(); err != nil {
		panic(err)
	}
	fmt.Println("child exit status seen by the process event:", childExit(cmd.Process.Pid))
	cmd.Wait()
}
