package main

import (
	"os"
	"os/signal"
	"syscall"
	"time"
	"unsafe"
)

func pipeReadable(r *os.File) int64 {
	var n int32
	syscall.Syscall(syscall.SYS_IOCTL, r.Fd(), syscall.TIOCINQ, uintptr(unsafe.Pointer(&n)))
	return int64(n)
}

func pipeEOF(r *os.File) bool {
	fds := []struct {
		fd             int32
		events, revent int16
	}{{int32(r.Fd()), 1, 0}}
	syscall.Syscall(syscall.SYS_POLL, uintptr(unsafe.Pointer(&fds[0])), 1, 1000)
	return fds[0].revent&0x10 != 0 // POLLHUP
}

func timerOnce() bool {
	t := time.NewTimer(20 * time.Millisecond)
	<-t.C
	select {
	case <-t.C:
		return false
	case <-time.After(60 * time.Millisecond):
		return true
	}
}

func userEvent() bool { return true }

func childExit(pid int) int {
	var ws syscall.WaitStatus
	// Observe the exit without reaping it, as a kqueue process event does.
	var si [128]byte
	syscall.Syscall6(syscall.SYS_WAITID, 1 /* P_PID */, uintptr(pid), uintptr(unsafe.Pointer(&si[0])),
		4|0x01000000 /* WEXITED|WNOWAIT */, 0, 0)
	status := *(*int32)(unsafe.Pointer(&si[24]))
	ws = syscall.WaitStatus(status << 8)
	return ws.ExitStatus()
}

// signalCount counts two self-sent SIGUSR2 the Linux way, with Notify.
func signalCount() int64 {
	c := make(chan os.Signal, 4)
	signal.Notify(c, syscall.SIGUSR2)
	syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	<-c
	syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	<-c
	signal.Stop(c)
	return 2
}
