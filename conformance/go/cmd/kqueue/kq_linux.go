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

// fileEvents establishes the same facts with inotify: IN_MODIFY and a grown
// size, IN_ATTRIB, IN_MOVE_SELF, and a link count of 0 after the unlink.
func fileEvents(path string) []string {
	f, err := os.Create(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	in, err := syscall.InotifyInit1(syscall.IN_CLOEXEC)
	if err != nil {
		panic(err)
	}
	defer syscall.Close(in)
	syscall.InotifyAddWatch(in, path, syscall.IN_MODIFY|syscall.IN_ATTRIB|syscall.IN_MOVE_SELF|syscall.IN_DELETE_SELF)
	var out []string
	buf := make([]byte, 4096)
	size := int64(0)
	step := func(name string, do func()) {
		do()
		n, _ := syscall.Read(in, buf)
		var mask uint32
		for p := 0; p+16 <= n; {
			mask |= *(*uint32)(unsafe.Pointer(&buf[p+4]))
			p += 16 + int(*(*uint32)(unsafe.Pointer(&buf[p+12])))
		}
		var st syscall.Stat_t
		syscall.Fstat(int(f.Fd()), &st)
		names := ""
		if mask&syscall.IN_MODIFY != 0 {
			names += " write"
			if st.Size > size {
				names += " extend"
			}
		}
		size = st.Size
		if mask&syscall.IN_ATTRIB != 0 && st.Nlink != 0 {
			names += " attrib"
		}
		if mask&syscall.IN_MOVE_SELF != 0 {
			names += " rename"
		}
		if st.Nlink == 0 {
			names += " delete"
		}
		out = append(out, name+":"+names)
	}
	step("append", func() { f.Write([]byte("more")) })
	step("chmod", func() { f.Chmod(0600) })
	step("rename", func() { os.Rename(path, path+".new") })
	step("unlink", func() { os.Remove(path + ".new") })
	return out
}
