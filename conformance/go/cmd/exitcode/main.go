// exitcode ends in known ways.
//
// Usage:
//
//	exitcode          prints two lines (stdout, stderr) and exits 42
//	exitcode panic    panics with "boom": exit 2, stderr starts "panic: boom"
//	exitcode N        prints and exits with code N (0-255)
//	exitcode deferred os.Exit(3) from main: deferred functions do not run
//	exitcode goexit   runtime.Goexit in main after other goroutines: exit 2,
//	                  stderr starts "fatal error: no goroutines (main called runtime.Goexit) - deadlock!"
//	exitcode return   returns from main normally while buffered output is flushed: exit 0
//	exitcode sigterm  sends itself SIGTERM: dies by the signal (shell status 143)
//	exitcode sigkill  sends itself SIGKILL: dies by the signal (shell status 137)
//
// A trailing argument naming an existing directory (the scratch directory
// that conformance/run.sh appends) is ignored. Nothing nondeterministic is
// printed before a panic.
package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"
)

func main() {
	args := os.Args[1:]
	if n := len(args); n > 0 {
		if fi, err := os.Stat(args[n-1]); err == nil && fi.IsDir() {
			args = args[:n-1]
		}
	}
	mode := ""
	if len(args) > 0 {
		mode = args[0]
	}
	switch mode {
	case "":
		fmt.Println("exitcode: about to exit with 42")
		fmt.Fprintln(os.Stderr, "exitcode: stderr before exit")
		os.Exit(42)
	case "panic":
		fmt.Println("exitcode: about to panic")
		panic("boom")
	case "deferred":
		defer fmt.Println("deferred ran (unexpected)")
		fmt.Println("exitcode: os.Exit(3) with a pending defer")
		os.Exit(3)
	case "goexit":
		fmt.Println("exitcode: main calls runtime.Goexit")
		runtime.Goexit()
	case "return":
		w := bufio.NewWriter(os.Stdout)
		for i := 0; i < 1000; i++ {
			fmt.Fprintf(w, "line %d\n", i)
		}
		w.Flush()
		return
	case "sigterm", "sigkill":
		sig := syscall.SIGTERM
		if mode == "sigkill" {
			sig = syscall.SIGKILL
		}
		fmt.Printf("exitcode: sending itself %s\n", mode)
		syscall.Kill(os.Getpid(), sig)
		time.Sleep(5 * time.Second)
		fmt.Println("exitcode: still alive after the signal (unexpected)")
		os.Exit(101)
	default:
		n, err := strconv.Atoi(mode)
		if err != nil || n < 0 || n > 255 {
			fmt.Fprintf(os.Stderr, "exitcode: bad argument %q\n", mode)
			os.Exit(100)
		}
		fmt.Printf("exitcode: exiting with %d\n", n)
		os.Exit(n)
	}
}
