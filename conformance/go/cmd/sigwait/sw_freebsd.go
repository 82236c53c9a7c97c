package main

import (
	"syscall"
	"unsafe"
)

type sigset struct{ bits [4]uint32 }

func set(s syscall.Signal) sigset {
	var ss sigset
	ss.bits[(s-1)/32] |= 1 << ((uint(s) - 1) % 32)
	return ss
}

func blockUsr1() {
	ss := set(syscall.SIGUSR1)
	syscall.RawSyscall(340, 1 /* SIG_BLOCK */, uintptr(unsafe.Pointer(&ss)), 0)
}

func selfKill(s syscall.Signal) {
	var tid int64
	syscall.RawSyscall(432, uintptr(unsafe.Pointer(&tid)), 0, 0) // thr_self
	syscall.RawSyscall(433, uintptr(tid), uintptr(s), 0)         // thr_kill
}

func timedWait(s syscall.Signal, ms int64) (syscall.Signal, error) {
	ss := set(s)
	var info [80]byte
	ts := syscall.NsecToTimespec(ms * 1e6)
	r, _, e := syscall.RawSyscall(345, uintptr(unsafe.Pointer(&ss)), uintptr(unsafe.Pointer(&info[0])), uintptr(unsafe.Pointer(&ts)))
	if e == syscall.EINTR {
		return timedWait(s, ms) // a runtime signal (preemption) came first
	}
	if e != 0 {
		return 0, e
	}
	return syscall.Signal(r), nil
}
