// sigwait takes signals synchronously: a thread blocks SIGUSR1, sends it to
// itself and collects it with sigtimedwait; a second wait times out.  The
// syscalls differ per OS (sw_freebsd.go, sw_linux.go); the output does not.
//
// Usage: sigwait SCRATCHDIR
package main

import (
	"fmt"
	"runtime"
	"syscall"
)

func main() {
	runtime.LockOSThread()
	blockUsr1()
	selfKill(syscall.SIGUSR1)
	sig, err := timedWait(syscall.SIGUSR1, 1000)
	fmt.Println("collected:", sig == syscall.SIGUSR1, err)
	sig, err = timedWait(syscall.SIGUSR1, 20)
	fmt.Println("second wait times out:", sig == 0, err == syscall.EAGAIN)
}
