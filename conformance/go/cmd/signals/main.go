// signals exercises os/signal and the runtime's synchronous signals:
// Notify/Ignore/Reset/Stop for signals sent to itself with kill(2),
// SIGCHLD from children, signal.NotifyContext, SIGPIPE, and nil-pointer
// and divide-by-zero faults recovered as runtime errors.  Signal names are
// the program's own, not the platform's strings.
//
// Usage:
//
//	signals SCRATCHDIR           runs every case; catches a final SIGTERM and exits 0
//	signals die SCRATCHDIR       resets SIGTERM and kills itself with it (shell status 143)
//	signals -child MODE          what the parent runs as its child
//
// Exit: 0 when it got to the end; 1 if a step timed out or went wrong.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func say(format string, args ...interface{}) {
	fmt.Printf(format+"\n", args...)
}

func name(s os.Signal) string {
	switch s {
	case syscall.SIGUSR1:
		return "SIGUSR1"
	case syscall.SIGUSR2:
		return "SIGUSR2"
	case syscall.SIGHUP:
		return "SIGHUP"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGCHLD:
		return "SIGCHLD"
	case syscall.SIGPIPE:
		return "SIGPIPE"
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGQUIT:
		return "SIGQUIT"
	case syscall.SIGWINCH:
		return "SIGWINCH"
	case syscall.SIGALRM:
		return "SIGALRM"
	case syscall.SIGKILL:
		return "SIGKILL"
	case syscall.SIGSEGV:
		return "SIGSEGV"
	}
	return "other"
}

func kill(sig syscall.Signal) {
	if err := syscall.Kill(os.Getpid(), sig); err != nil {
		say("kill %s failed", name(sig))
		os.Exit(1)
	}
}

// wait receives one signal from c or gives up after five seconds.
func wait(c chan os.Signal) string {
	select {
	case s := <-c:
		return name(s)
	case <-time.After(5 * time.Second):
		return "timeout"
	}
}

// The main goroutine stays on the main thread (the one whose id is the
// process id), so that "blocked on one thread" blocks a signal there.
func init() { runtime.LockOSThread() }

func main() {
	args := os.Args[1:]
	if len(args) >= 2 && args[0] == "-child" {
		os.Exit(child(args[1]))
	}
	if n := len(args); n > 0 {
		if fi, err := os.Stat(args[n-1]); err == nil && fi.IsDir() {
			args = args[:n-1]
		}
	}
	if len(args) > 0 && args[0] == "die" {
		die()
		return
	}
	exe, err := os.Executable()
	if err != nil {
		say("os.Executable failed")
		os.Exit(1)
	}
	cases := []struct {
		name string
		f    func()
	}{
		{"notify", notify},
		{"notify order", notifyOrder},
		{"ignore", ignore},
		{"reset", func() { reset(exe) }},
		{"stop", stop},
		{"two channels", twoChannels},
		{"blocked on one thread", blockedThread},
		{"nil dereference", nilDeref},
		{"divide by zero", divZero},
		{"sigchld", func() { sigchld(exe) }},
		{"child signal status", func() { childStatus(exe) }},
		{"notify context", notifyContext},
		{"sigpipe", sigpipe},
		{"signal storm", storm},
	}
	for _, c := range cases {
		say("== %s", c.name)
		c.f()
	}
	say("== final SIGTERM")
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM)
	kill(syscall.SIGTERM)
	say("received %s", wait(c))
	say("signals: done")
	os.Exit(0)
}

func notify() {
	c := make(chan os.Signal, 4)
	signal.Notify(c, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGHUP)
	for _, s := range []syscall.Signal{syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGHUP, syscall.SIGUSR1} {
		kill(s)
		say("sent %s received %s", name(s), wait(c))
	}
	signal.Stop(c)
	// Still caught by the runtime's handler (Go drops an unwanted SIGUSR1):
	// nothing more arrives on c.
	kill(syscall.SIGUSR1)
	time.Sleep(20 * time.Millisecond)
	say("after Stop channel len=%d", len(c))
	signal.Reset(syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGHUP)
}

// notifyOrder: several distinct signals sent while the receiver is not
// reading are all delivered (once each).
func notifyOrder() {
	c := make(chan os.Signal, 8)
	signal.Notify(c, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGHUP, syscall.SIGALRM)
	kill(syscall.SIGUSR1)
	kill(syscall.SIGUSR2)
	kill(syscall.SIGHUP)
	kill(syscall.SIGALRM)
	var got []string
	for i := 0; i < 4; i++ {
		got = append(got, wait(c))
	}
	time.Sleep(20 * time.Millisecond)
	for len(c) > 0 {
		got = append(got, "extra "+name(<-c))
	}
	sort.Strings(got)
	say("got %v", got)
	signal.Stop(c)
	signal.Reset(syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGHUP, syscall.SIGALRM)
}

func ignore() {
	say("Ignored(SIGUSR1) before=%v", signal.Ignored(syscall.SIGUSR1))
	signal.Ignore(syscall.SIGUSR1, syscall.SIGUSR2)
	say("Ignored(SIGUSR1) after=%v Ignored(SIGUSR2)=%v Ignored(SIGHUP)=%v", signal.Ignored(syscall.SIGUSR1), signal.Ignored(syscall.SIGUSR2), signal.Ignored(syscall.SIGHUP))
	kill(syscall.SIGUSR1)
	kill(syscall.SIGUSR2)
	time.Sleep(50 * time.Millisecond)
	say("survived ignored SIGUSR1 and SIGUSR2")
	// Notify after Ignore catches again.
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	say("Ignored(SIGUSR1) after Notify=%v", signal.Ignored(syscall.SIGUSR1))
	kill(syscall.SIGUSR1)
	say("received %s", wait(c))
	signal.Stop(c)
	signal.Reset(syscall.SIGUSR1, syscall.SIGUSR2)
	say("Ignored(SIGUSR1) after Reset=%v", signal.Ignored(syscall.SIGUSR1))
}

// reset: after Notify then Reset, the default action applies again (for
// SIGHUP the child dies by the signal; Go drops an unwanted SIGUSR1).
// Ignore of SIGHUP is inherited across exec by Go and non-Go children.
func reset(exe string) {
	for _, mode := range []string{"reset-hup", "reset-usr1", "ignore-hup", "notify-usr1", "inherit-ignore"} {
		cmd := exec.Command(exe, "-child", mode)
		out, err := cmd.Output()
		say("child %s: stdout %q", mode, out)
		status(mode, err, cmd.ProcessState)
	}
}

func status(label string, err error, ps *os.ProcessState) {
	var ee *exec.ExitError
	line := fmt.Sprintf("%s: err-nil=%v exiterror=%v", label, err == nil, errors.As(err, &ee))
	if ps != nil {
		ws := ps.Sys().(syscall.WaitStatus)
		line += fmt.Sprintf(" exited=%v exitcode=%d signaled=%v", ps.Exited(), ps.ExitCode(), ws.Signaled())
		if ws.Signaled() {
			line += fmt.Sprintf(" signal=%s coredump=%v", name(ws.Signal()), ws.CoreDump())
		} else {
			line += fmt.Sprintf(" status=%d", ws.ExitStatus())
		}
	}
	say("%s", line)
}

func stop() {
	c1 := make(chan os.Signal, 1)
	c2 := make(chan os.Signal, 1)
	signal.Notify(c1, syscall.SIGUSR2)
	signal.Notify(c2, syscall.SIGUSR2)
	kill(syscall.SIGUSR2)
	say("both: c1 %s c2 %s", wait(c1), wait(c2))
	signal.Stop(c1)
	kill(syscall.SIGUSR2)
	say("after Stop(c1): c2 %s", wait(c2))
	time.Sleep(20 * time.Millisecond)
	say("c1 len=%d", len(c1))
	signal.Stop(c2)
	signal.Reset(syscall.SIGUSR2)
}

func twoChannels() {
	a := make(chan os.Signal, 1)
	b := make(chan os.Signal, 1)
	signal.Notify(a, syscall.SIGUSR1)
	signal.Notify(b, syscall.SIGUSR2)
	kill(syscall.SIGUSR2)
	say("b got %s", wait(b))
	kill(syscall.SIGUSR1)
	say("a got %s", wait(a))
	time.Sleep(20 * time.Millisecond)
	say("a len=%d b len=%d", len(a), len(b))
	signal.Stop(a)
	signal.Stop(b)
	signal.Reset(syscall.SIGUSR1, syscall.SIGUSR2)
}

// blockedThread: a process-directed signal (kill) goes to a thread that
// does not block it.  The main thread blocks SIGUSR2; the other threads
// of the runtime do not, so the signal arrives at once each time, and
// nothing is left pending for the main thread when it unblocks it.
func blockedThread() {
	c := make(chan os.Signal, 8)
	signal.Notify(c, syscall.SIGUSR2)
	prompt, late := 0, 0
	for i := 0; i < 5; i++ {
		restore := blockOnThisThread(syscall.SIGUSR2)
		kill(syscall.SIGUSR2)
		select {
		case <-c:
			prompt++
		case <-time.After(time.Second):
		}
		restore()
		time.Sleep(20 * time.Millisecond)
		for len(c) > 0 {
			<-c
			late++
		}
	}
	say("delivered while the main thread blocks it: %d/5, late after unblocking: %d", prompt, late)
	signal.Stop(c)
	signal.Reset(syscall.SIGUSR2)
}

type big struct {
	pad [64]byte
	x   int
}

//go:noinline
func deref(p *int) int { return *p }

//go:noinline
func field(p *big) int { return p.x }

//go:noinline
func store(p *int) { *p = 5 }

func recovered(label string, f func()) {
	defer func() {
		r := recover()
		re, isRuntime := r.(runtime.Error)
		msg := ""
		if isRuntime {
			msg = re.Error()
		}
		say("%s: recovered=%v runtime.Error=%v %q", label, r != nil, isRuntime, msg)
	}()
	f()
}

func nilDeref() {
	var p *int
	recovered("load through nil", func() { deref(p) })
	recovered("store through nil", func() { store(p) })
	var b *big
	recovered("field of nil struct", func() { field(b) })
	var m map[string]int
	recovered("write to nil map", func() { m["x"] = 1 })
	var f func()
	recovered("call nil func", func() { f() })
	// The program goes on normally afterwards, many times over.
	n := 0
	for i := 0; i < 100; i++ {
		func() {
			defer func() {
				if recover() != nil {
					n++
				}
			}()
			deref(p)
		}()
	}
	say("100 nil dereferences recovered=%d", n)
}

//go:noinline
func div(a, b int) int { return a / b }

//go:noinline
func mod(a, b int32) int32 { return a % b }

//go:noinline
func udiv(a, b uint64) uint64 { return a / b }

func divZero() {
	recovered("int divide by zero", func() { div(7, 0) })
	recovered("int32 modulo zero", func() { mod(7, 0) })
	recovered("uint64 divide by zero", func() { udiv(7, 0) })
	say("div(7,2)=%d min/-1=%d", div(7, 2), div(-1<<63, -1))
	var z float64
	say("float 1/0=%v", 1/z)
}

func sigchld(exe string) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGCHLD)
	err := exec.Command("/bin/true").Run()
	say("/bin/true err-nil=%v then %s", err == nil, wait(c))
	// Drain a possible second one before the next child.
	time.Sleep(20 * time.Millisecond)
	select {
	case <-c:
	default:
	}
	cmd := exec.Command(exe, "-child", "exit3")
	err = cmd.Run()
	say("self child code=%d then %s", cmd.ProcessState.ExitCode(), wait(c))
	signal.Stop(c)
	signal.Reset(syscall.SIGCHLD)
	// Children still reaped normally with SIGCHLD back at its default.
	err = exec.Command("/bin/true").Run()
	say("after Reset /bin/true err-nil=%v", err == nil)
}

func childStatus(exe string) {
	for _, mode := range []string{"term-self", "kill-self", "segv-raw", "notify-term"} {
		cmd := exec.Command(exe, "-child", mode)
		out, err := cmd.Output()
		say("child %s: stdout %q", mode, out)
		status(mode, err, cmd.ProcessState)
	}
	// A child blocked in a read, signalled by the parent.
	cmd := exec.Command(exe, "-child", "block")
	out, _ := cmd.StdoutPipe()
	in, _ := cmd.StdinPipe()
	if cmd.Start() != nil {
		say("start failed")
		os.Exit(1)
	}
	buf := make([]byte, 6)
	io.ReadFull(out, buf)
	say("child said %q", buf)
	cmd.Process.Signal(syscall.SIGTERM)
	rest, _ := io.ReadAll(out)
	err := cmd.Wait()
	in.Close()
	say("child after SIGTERM wrote %q", rest)
	status("blocked child", err, cmd.ProcessState)
}

func notifyContext() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGUSR2)
	say("before: err-nil=%v", ctx.Err() == nil)
	kill(syscall.SIGUSR2)
	select {
	case <-ctx.Done():
		say("done: canceled=%v", errors.Is(ctx.Err(), context.Canceled))
	case <-time.After(5 * time.Second):
		say("timeout")
	}
	stop()
	// stop() releases the signal: with Ignore the next one is harmless.
	signal.Ignore(syscall.SIGUSR2)
	kill(syscall.SIGUSR2)
	time.Sleep(20 * time.Millisecond)
	say("after stop still alive")
	signal.Reset(syscall.SIGUSR2)

	ctx2, stop2 := signal.NotifyContext(context.Background(), syscall.SIGHUP)
	stop2()
	say("stopped without signal: canceled=%v", errors.Is(ctx2.Err(), context.Canceled))
}

func sigpipe() {
	r, w, err := os.Pipe()
	if err != nil {
		say("pipe failed")
		os.Exit(1)
	}
	r.Close()
	_, err = w.Write([]byte("x"))
	say("write to broken pipe: EPIPE=%v", errors.Is(err, syscall.EPIPE))
	w.Close()

	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGPIPE)
	r, w, _ = os.Pipe()
	r.Close()
	_, err = w.Write([]byte("x"))
	say("with Notify: EPIPE=%v then %s", errors.Is(err, syscall.EPIPE), wait(c))
	w.Close()
	signal.Stop(c)
	signal.Reset(syscall.SIGPIPE)
}

// storm: a flood of self-sent signals while the program moves data through
// a pipe and a child: system calls interrupted by the signals restart or
// retry, and the data arrives intact.
func storm() {
	c := make(chan os.Signal, 16)
	signal.Notify(c, syscall.SIGUSR1, syscall.SIGWINCH)
	var got int64
	var done int32
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for atomic.LoadInt32(&done) == 0 || len(c) > 0 {
			select {
			case <-c:
				atomic.AddInt64(&got, 1)
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; atomic.LoadInt32(&done) == 0; i++ {
			if i%2 == 0 {
				kill(syscall.SIGUSR1)
			} else {
				kill(syscall.SIGWINCH)
			}
			time.Sleep(100 * time.Microsecond)
		}
	}()
	data := make([]byte, 1<<20)
	x := uint32(2463534242)
	for i := range data {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		data[i] = byte(x)
	}
	r, w, _ := os.Pipe()
	go func() {
		for off := 0; off < len(data); off += 4099 {
			end := off + 4099
			if end > len(data) {
				end = len(data)
			}
			w.Write(data[off:end])
			if off%(64*4099) == 0 {
				time.Sleep(time.Millisecond)
			}
		}
		w.Close()
	}()
	back, err := io.ReadAll(r)
	r.Close()
	say("pipe under signals: len=%d equal=%v err-nil=%v", len(back), bytes.Equal(back, data), err == nil)
	cmd := exec.Command("/bin/sh", "-c", "cat; sleep 0.1; echo tail")
	cmd.Stdin = bytes.NewReader(data[:200000])
	out, err := cmd.Output()
	want := sha256.Sum256(append(append([]byte{}, data[:200000]...), "tail\n"...))
	say("child under signals: sha-ok=%v err-nil=%v", sha256.Sum256(out) == want, err == nil)
	time.Sleep(20 * time.Millisecond)
	f, _ := os.CreateTemp(".", "signals-storm")
	name := f.Name()
	for i := 0; i < 200; i++ {
		f.Write(data[i*1000 : (i+1)*1000])
	}
	f.Close()
	b, _ := os.ReadFile(name)
	os.Remove(name)
	say("file under signals: equal=%v", bytes.Equal(b, data[:200000]))
	atomic.StoreInt32(&done, 1)
	wg.Wait()
	say("signals received >= 1: %v", atomic.LoadInt64(&got) >= 1)
	signal.Stop(c)
	signal.Reset(syscall.SIGUSR1, syscall.SIGWINCH)
}

func die() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM)
	signal.Reset(syscall.SIGTERM)
	say("signals: reset SIGTERM, sending it to myself")
	kill(syscall.SIGTERM)
	time.Sleep(5 * time.Second)
	say("still alive after SIGTERM (unexpected)")
	os.Exit(101)
}

func child(mode string) int {
	switch mode {
	case "exit3":
		return 3
	case "reset-hup":
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGHUP)
		kill(syscall.SIGHUP)
		fmt.Println("caught", wait(c))
		signal.Reset(syscall.SIGHUP)
		fmt.Println("reset")
		kill(syscall.SIGHUP)
		time.Sleep(5 * time.Second)
		fmt.Println("alive (unexpected)")
		return 0
	case "reset-usr1":
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGUSR1)
		signal.Reset(syscall.SIGUSR1)
		fmt.Println("reset")
		kill(syscall.SIGUSR1)
		time.Sleep(50 * time.Millisecond)
		fmt.Println("alive: Go drops an unwanted SIGUSR1")
		return 0
	case "ignore-hup":
		signal.Ignore(syscall.SIGHUP)
		kill(syscall.SIGHUP)
		time.Sleep(20 * time.Millisecond)
		fmt.Println("ignored and alive")
		return 4
	case "inherit-ignore":
		signal.Ignore(syscall.SIGHUP)
		exe, _ := os.Executable()
		out, err := exec.Command(exe, "-child", "hup-self").Output()
		fmt.Printf("go child: %q err-nil=%v\n", out, err == nil)
		out, err = exec.Command("/bin/sh", "-c", "kill -HUP $$; echo sh alive").Output()
		fmt.Printf("sh child: %q err-nil=%v\n", out, err == nil)
		return 0
	case "hup-self":
		fmt.Println("inherited ignore:", signal.Ignored(syscall.SIGHUP))
		kill(syscall.SIGHUP)
		time.Sleep(20 * time.Millisecond)
		fmt.Println("alive")
		return 0
	case "notify-usr1":
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGUSR1)
		kill(syscall.SIGUSR1)
		fmt.Println("caught", wait(c))
		return 5
	case "term-self":
		fmt.Println("term")
		kill(syscall.SIGTERM)
		time.Sleep(5 * time.Second)
		return 0
	case "kill-self":
		fmt.Println("kill")
		kill(syscall.SIGKILL)
		time.Sleep(5 * time.Second)
		return 0
	case "segv-raw":
		// SIGSEGV sent with kill(2) is not a fault: Go's default for it
		// is to die with the signal after printing a trace to stderr.
		fmt.Println("segv")
		kill(syscall.SIGSEGV)
		time.Sleep(5 * time.Second)
		return 0
	case "notify-term":
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM)
		kill(syscall.SIGTERM)
		fmt.Println("caught", wait(c))
		return 6
	case "block":
		os.Stdout.WriteString("ready\n")
		io.ReadAll(os.Stdin)
		return 0
	}
	return 100
}
