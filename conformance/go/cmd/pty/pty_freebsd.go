package main

import (
	"os"
	"syscall"
	"unsafe"
)

func openPTY() (*os.File, string, error) {
	fd, _, e := syscall.Syscall(504, uintptr(syscall.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC), 0, 0) // posix_openpt
	if e != 0 {
		return nil, "", e
	}
	// ptsname(3) on FreeBSD: ioctl(FIODGNAME) returns the name below /dev.
	var name [64]byte
	arg := struct {
		len int32
		_   int32
		buf uintptr
	}{int32(len(name)), 0, uintptr(unsafe.Pointer(&name[0]))}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, 0x80106678, uintptr(unsafe.Pointer(&arg))); e != 0 {
		return nil, "", e
	}
	n := 0
	for n < len(name) && name[n] != 0 {
		n++
	}
	syscall.SetNonblock(int(fd), true)
	return os.NewFile(fd, "ptmx"), "/dev/" + string(name[:n]), nil
}

func isTTY(f *os.File) bool {
	var t [44]byte
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), 0x402c7413, uintptr(unsafe.Pointer(&t[0]))) // TIOCGETA
	return e == 0
}

func isMaster(f *os.File) bool {
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), 0x2000741c, 0) // TIOCPTMASTER
	return e == 0
}

func setWinsize(f *os.File, rows, cols uint16) {
	ws := [4]uint16{rows, cols, 0, 0}
	syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), 0x80087467, uintptr(unsafe.Pointer(&ws[0]))) // TIOCSWINSZ
}

func getWinsize(f *os.File) (uint16, uint16) {
	var ws [4]uint16
	syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), 0x40087468, uintptr(unsafe.Pointer(&ws[0]))) // TIOCGWINSZ
	return ws[0], ws[1]
}
