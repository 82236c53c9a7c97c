package main

import (
	"syscall"
	"unsafe"
)

// blockOnThisThread adds sig to the calling thread's signal mask with a raw
// rt_sigprocmask(2) and returns a function that puts the old mask back.
func blockOnThisThread(sig syscall.Signal) func() {
	set := uint64(1) << (uint(sig) - 1)
	var old uint64
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, 0 /* SIG_BLOCK */, uintptr(unsafe.Pointer(&set)), uintptr(unsafe.Pointer(&old)), 8, 0, 0)
	return func() {
		syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, 2 /* SIG_SETMASK */, uintptr(unsafe.Pointer(&old)), 0, 8, 0, 0)
	}
}
