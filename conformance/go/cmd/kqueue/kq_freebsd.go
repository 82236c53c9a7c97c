package main

import (
	"os"
	"os/signal"
	"syscall"
	"time"
)

func kq() int {
	k, err := syscall.Kqueue()
	if err != nil {
		panic(err)
	}
	return k
}

func wait1(k int, changes []syscall.Kevent_t, timeout time.Duration) []syscall.Kevent_t {
	out := make([]syscall.Kevent_t, 4)
	ts := syscall.NsecToTimespec(int64(timeout))
	for {
		n, err := syscall.Kevent(k, changes, out, &ts)
		if err == syscall.EINTR {
			changes = nil
			continue
		}
		if err != nil {
			panic(err)
		}
		return out[:n]
	}
}

func pipeReadable(r *os.File) int64 {
	k := kq()
	defer syscall.Close(k)
	ev := []syscall.Kevent_t{{Ident: uint64(r.Fd()), Filter: syscall.EVFILT_READ, Flags: syscall.EV_ADD}}
	got := wait1(k, ev, time.Second)
	if len(got) != 1 {
		return -1
	}
	return got[0].Data
}

func pipeEOF(r *os.File) bool {
	k := kq()
	defer syscall.Close(k)
	ev := []syscall.Kevent_t{{Ident: uint64(r.Fd()), Filter: syscall.EVFILT_READ, Flags: syscall.EV_ADD}}
	got := wait1(k, ev, time.Second)
	return len(got) == 1 && got[0].Flags&syscall.EV_EOF != 0
}

func timerOnce() bool {
	k := kq()
	defer syscall.Close(k)
	ev := []syscall.Kevent_t{{Ident: 1, Filter: syscall.EVFILT_TIMER, Flags: syscall.EV_ADD | syscall.EV_ONESHOT, Data: 20}}
	first := wait1(k, ev, time.Second)
	second := wait1(k, nil, 60*time.Millisecond)
	return len(first) == 1 && first[0].Data == 1 && len(second) == 0
}

func userEvent() bool {
	k := kq()
	defer syscall.Close(k)
	wait1(k, []syscall.Kevent_t{{Ident: 7, Filter: syscall.EVFILT_USER, Flags: syscall.EV_ADD | syscall.EV_CLEAR}}, 0)
	none := wait1(k, nil, 0)
	got := wait1(k, []syscall.Kevent_t{{Ident: 7, Filter: syscall.EVFILT_USER, Fflags: syscall.NOTE_TRIGGER}}, time.Second)
	after := wait1(k, nil, 0)
	return len(none) == 0 && len(got) == 1 && got[0].Ident == 7 && len(after) == 0
}

func childExit(pid int) int {
	k := kq()
	defer syscall.Close(k)
	ev := []syscall.Kevent_t{{Ident: uint64(pid), Filter: syscall.EVFILT_PROC, Flags: syscall.EV_ADD, Fflags: syscall.NOTE_EXIT}}
	got := wait1(k, ev, 5*time.Second)
	if len(got) != 1 || got[0].Fflags&syscall.NOTE_EXIT == 0 {
		return -1
	}
	return syscall.WaitStatus(got[0].Data).ExitStatus()
}

func signalCount() int64 {
	k := kq()
	defer syscall.Close(k)
	wait1(k, []syscall.Kevent_t{{Ident: uint64(syscall.SIGUSR2), Filter: syscall.EVFILT_SIGNAL, Flags: syscall.EV_ADD}}, 0)
	signal.Ignore(syscall.SIGUSR2)
	syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	time.Sleep(50 * time.Millisecond)
	got := wait1(k, nil, time.Second)
	if len(got) != 1 {
		return -1
	}
	return got[0].Data
}

// fileEvents watches a file with EVFILT_VNODE through append, chmod,
// rename and unlink, naming what each step reported.
func fileEvents(path string) []string {
	f, err := os.Create(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	k := kq()
	defer syscall.Close(k)
	all := uint32(syscall.NOTE_WRITE | syscall.NOTE_EXTEND | syscall.NOTE_ATTRIB | syscall.NOTE_RENAME | syscall.NOTE_DELETE)
	wait1(k, []syscall.Kevent_t{{Ident: uint64(f.Fd()), Filter: syscall.EVFILT_VNODE, Flags: syscall.EV_ADD | syscall.EV_CLEAR, Fflags: all}}, 0)
	var out []string
	step := func(name string, do func()) {
		do()
		got := wait1(k, nil, time.Second)
		var ff uint32
		for _, e := range got {
			ff |= e.Fflags
		}
		names := ""
		for _, n := range []struct {
			bit  uint32
			name string
		}{{syscall.NOTE_WRITE, "write"}, {syscall.NOTE_EXTEND, "extend"}, {syscall.NOTE_ATTRIB, "attrib"},
			{syscall.NOTE_RENAME, "rename"}, {syscall.NOTE_DELETE, "delete"}} {
			if ff&n.bit != 0 {
				names += " " + n.name
			}
		}
		out = append(out, name+":"+names)
	}
	step("append", func() { f.Write([]byte("more")) })
	step("chmod", func() { f.Chmod(0600) })
	step("rename", func() { os.Rename(path, path+".new") })
	step("unlink", func() { os.Remove(path + ".new") })
	return out
}
