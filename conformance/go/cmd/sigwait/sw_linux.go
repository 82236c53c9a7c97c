package main

import (
	"syscall"
	"unsafe"
)

func blockUsr1() {
	ss := uint64(1) << (uint(syscall.SIGUSR1) - 1)
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, 0 /* SIG_BLOCK */, uintptr(unsafe.Pointer(&ss)), 0, 8, 0, 0)
}

func selfKill(s syscall.Signal) {
	syscall.Tgkill(syscall.Getpid(), syscall.Gettid(), s)
}

func timedWait(s syscall.Signal, ms int64) (syscall.Signal, error) {
	ss := uint64(1) << (uint(s) - 1)
	var info [128]byte
	ts := syscall.NsecToTimespec(ms * 1e6)
	r, _, e := syscall.RawSyscall6(syscall.SYS_RT_SIGTIMEDWAIT, uintptr(unsafe.Pointer(&ss)), uintptr(unsafe.Pointer(&info[0])), uintptr(unsafe.Pointer(&ts)), 8, 0, 0)
	if e == syscall.EINTR {
		return timedWait(s, ms) // a runtime signal (preemption) came first
	}
	if e != 0 {
		return 0, e
	}
	return syscall.Signal(r), nil
}
