package main

import (
	"syscall"
	"unsafe"
)

// blockOnThisThread adds sig to the calling thread's signal mask with a raw
// sigprocmask(2) (FreeBSD's sigset_t is four 32-bit words) and returns a
// function that puts the old mask back.
func blockOnThisThread(sig syscall.Signal) func() {
	var set, old [4]uint32
	set[(sig-1)/32] = 1 << ((uint(sig) - 1) % 32)
	syscall.RawSyscall(syscall.SYS_SIGPROCMASK, 1 /* SIG_BLOCK */, uintptr(unsafe.Pointer(&set)), uintptr(unsafe.Pointer(&old)))
	return func() {
		syscall.RawSyscall(syscall.SYS_SIGPROCMASK, 3 /* SIG_SETMASK */, uintptr(unsafe.Pointer(&old)), 0)
	}
}
