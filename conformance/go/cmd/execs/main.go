// execs exercises os/exec: fork/exec of itself and of /bin/sh, pipes,
// exit codes, signals, environments, working directories and extra fds.
//
// Usage:
//
//	execs SCRATCHDIR        the parent: runs every case
//	execs -child MODE ARGS  what the parent runs as its child
//
// Env: FRANCA_CONF_* are passed through to children and printed by them.
// Exit: 0 when the parent got to the end; children exit as their mode says.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

func say(format string, args ...interface{}) {
	fmt.Printf(format+"\n", args...)
}

func main() {
	if len(os.Args) >= 3 && os.Args[1] == "-child" {
		os.Exit(child(os.Args[2], os.Args[3:]))
	}
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: execs SCRATCHDIR")
		os.Exit(2)
	}
	scratch, err := filepath.Abs(os.Args[1])
	if err != nil {
		os.Exit(2)
	}
	exe, err := os.Executable()
	say("os.Executable ok=%v abs=%v", err == nil, filepath.IsAbs(exe))
	if err != nil {
		os.Exit(1)
	}
	p := &parent{exe: exe, scratch: scratch}
	cases := []struct {
		name string
		f    func()
	}{
		{"self child exit 7", p.selfChild},
		{"self child success", p.selfSuccess},
		{"pipes", p.pipes},
		{"sh exit 5", p.shExit},
		{"sh read stdin", p.shRead},
		{"sh kill TERM", p.shKill},
		{"signal child", p.signalChild},
		{"context kill", p.contextKill},
		{"lookpath", p.lookPath},
		{"custom env", p.customEnv},
		{"inherited env", p.inheritedEnv},
		{"big output", p.bigOutput},
		{"dir", p.dir},
		{"combined output", p.combined},
		{"stdout to file", p.stdoutFile},
		{"extra files", p.extraFiles},
		{"child to child pipe", p.childPipe},
		{"start errors", p.startErrors},
		{"many children", p.many},
	}
	for _, c := range cases {
		say("== %s", c.name)
		c.f()
	}
	say("execs: done")
	os.Exit(0)
}

type parent struct {
	exe, scratch string
}

func (p *parent) self(args ...string) *exec.Cmd {
	return exec.Command(p.exe, append([]string{"-child"}, args...)...)
}

// status prints how a finished command ended, portably.
func status(label string, err error, ps *os.ProcessState) {
	var ee *exec.ExitError
	isExit := errors.As(err, &ee)
	line := fmt.Sprintf("%s: err-nil=%v exiterror=%v", label, err == nil, isExit)
	if ps != nil {
		line += fmt.Sprintf(" exited=%v success=%v exitcode=%d", ps.Exited(), ps.Success(), ps.ExitCode())
		if ws, ok := ps.Sys().(syscall.WaitStatus); ok {
			line += fmt.Sprintf(" signaled=%v", ws.Signaled())
			if ws.Signaled() {
				line += fmt.Sprintf(" SIGTERM=%v SIGKILL=%v", ws.Signal() == syscall.SIGTERM, ws.Signal() == syscall.SIGKILL)
			} else if ws.Exited() {
				line += fmt.Sprintf(" exitstatus=%d", ws.ExitStatus())
			}
		}
	}
	say("%s", line)
}

func (p *parent) selfChild() {
	cmd := p.self("echo", "alpha", "two words", "")
	cmd.Stdin = strings.NewReader("line one\nline two\n")
	var out, errb bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		say("ExitError.ExitCode()=%d", ee.ExitCode())
	}
	status("echo child", err, cmd.ProcessState)
	say("child stdout:")
	printIndented(out.String())
	say("child stderr:")
	printIndented(errb.String())
}

func (p *parent) selfSuccess() {
	out, err := p.self("exit", "0").Output()
	say("Output %q err-nil=%v", out, err == nil)
	err = p.self("exit", "3").Run()
	var ee *exec.ExitError
	say("exit 3: exiterror=%v code=%d", errors.As(err, &ee), exitCode(err))
	err = p.self("exit", "255").Run()
	say("exit 255: code=%d", exitCode(err))
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err == nil {
		return 0
	}
	return -100
}

func (p *parent) pipes() {
	cmd := p.self("upper")
	in, err := cmd.StdinPipe()
	must("stdinpipe", err)
	out, err := cmd.StdoutPipe()
	must("stdoutpipe", err)
	must("start", cmd.Start())
	// Write and read in lock step: each line comes back before the next goes.
	r := bufio.NewReader(out)
	for _, line := range []string{"first", "second line", "third: with punctuation!"} {
		fmt.Fprintln(in, line)
		got, err := r.ReadString('\n')
		say("sent %q got %q err-nil=%v", line, got, err == nil)
	}
	// A larger block written from a goroutine while reading.
	block := strings.Repeat("abcdefghijklmnopqrstuvwxyz\n", 4000)
	go func() {
		io.WriteString(in, block)
		in.Close()
	}()
	rest, err := io.ReadAll(r)
	say("block back len=%d sha256=%x err-nil=%v", len(rest), sha256.Sum256(rest), err == nil)
	say("expected sha256=%x", sha256.Sum256([]byte(strings.ToUpper(block))))
	status("upper child", cmd.Wait(), cmd.ProcessState)
}

func (p *parent) shExit() {
	cmd := exec.Command("/bin/sh", "-c", "echo from sh; exit 5")
	out, err := cmd.Output()
	say("sh stdout %q", out)
	var ee *exec.ExitError
	say("sh exiterror=%v code=%d", errors.As(err, &ee), exitCode(err))
	status("sh", err, cmd.ProcessState)
}

func (p *parent) shRead() {
	cmd := exec.Command("/bin/sh", "-c", "read x; echo got $x")
	cmd.Stdin = strings.NewReader("hello there\nignored\n")
	out, err := cmd.Output()
	say("sh read stdout %q err-nil=%v", out, err == nil)

	cmd = exec.Command("/bin/sh", "-c", "n=0; while read l; do n=$((n+1)); done; echo lines=$n")
	cmd.Stdin = strings.NewReader(strings.Repeat("x\n", 1234))
	out, err = cmd.Output()
	say("sh counted %q err-nil=%v", out, err == nil)
}

func (p *parent) shKill() {
	cmd := exec.Command("/bin/sh", "-c", "kill -TERM $$")
	err := cmd.Run()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	say("waitstatus ok=%v signaled=%v sigterm=%v exitcode=%d", ok, ws.Signaled(), ws.Signal() == syscall.SIGTERM, cmd.ProcessState.ExitCode())
	status("sh kill", err, cmd.ProcessState)

	cmd = exec.Command("/bin/sh", "-c", "kill -KILL $$")
	err = cmd.Run()
	status("sh kill -KILL", err, cmd.ProcessState)
}

func (p *parent) signalChild() {
	// The child blocks reading stdin until the parent signals it.
	cmd := p.self("block")
	in, err := cmd.StdinPipe()
	must("stdinpipe", err)
	out, err := cmd.StdoutPipe()
	must("stdoutpipe", err)
	must("start", cmd.Start())
	r := bufio.NewReader(out)
	line, _ := r.ReadString('\n')
	say("child says %q", line)
	must("signal", cmd.Process.Signal(syscall.SIGTERM))
	rest, _ := io.ReadAll(r)
	say("after signal child wrote %q", rest)
	err = cmd.Wait()
	in.Close()
	status("signalled self child", err, cmd.ProcessState)

	cmd = p.self("block")
	in, _ = cmd.StdinPipe()
	out, _ = cmd.StdoutPipe()
	must("start", cmd.Start())
	bufio.NewReader(out).ReadString('\n')
	must("kill", cmd.Process.Kill())
	err = cmd.Wait()
	in.Close()
	status("killed self child", err, cmd.ProcessState)
	err = cmd.Process.Signal(syscall.SIGTERM)
	say("signal after wait: ErrProcessDone=%v", errors.Is(err, os.ErrProcessDone))
}

func (p *parent) contextKill() {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", "exec sleep 30")
	t0 := time.Now()
	err := cmd.Run()
	say("context kill: deadline=%v fast=%v", errors.Is(ctx.Err(), context.DeadlineExceeded), time.Since(t0) < 20*time.Second)
	status("context-killed sleep", err, cmd.ProcessState)
}

func (p *parent) lookPath() {
	path, err := exec.LookPath("sh")
	say("LookPath(sh) ok=%v abs=%v", err == nil, filepath.IsAbs(path))
	_, err = exec.LookPath("franca-no-such-command-xyz")
	say("LookPath(missing) ErrNotFound=%v", errors.Is(err, exec.ErrNotFound))
	_, err = exec.LookPath("/bin/sh")
	say("LookPath(/bin/sh) ok=%v", err == nil)
	err = exec.Command("franca-no-such-command-xyz").Run()
	say("Run missing command ErrNotFound=%v", errors.Is(err, exec.ErrNotFound))
}

func (p *parent) customEnv() {
	cmd := p.self("env")
	cmd.Env = []string{"FRANCA_CONF_CHILD=from-parent", "ZZZ=last", "AAA=first", "EMPTY=", "PATH=/usr/bin:/bin"}
	out, err := cmd.Output()
	say("custom env child err-nil=%v:", err == nil)
	printIndented(string(out))

	cmd = p.self("env")
	cmd.Env = []string{}
	out, err = cmd.Output()
	say("empty env child err-nil=%v:", err == nil)
	printIndented(string(out))

	cmd = exec.Command("/bin/sh", "-c", "echo \"A=$FRANCA_CONF_X B=${FRANCA_CONF_Y-unset}\"")
	cmd.Env = []string{"FRANCA_CONF_X=shell sees this"}
	out, err = cmd.Output()
	say("sh with env %q err-nil=%v", out, err == nil)
}

func (p *parent) inheritedEnv() {
	os.Setenv("FRANCA_CONF_ADDED", "added by parent")
	out, err := p.self("confenv").Output()
	say("inherited FRANCA_CONF_* err-nil=%v:", err == nil)
	printIndented(string(out))
	os.Unsetenv("FRANCA_CONF_ADDED")
}

func (p *parent) bigOutput() {
	cmd := p.self("big", "102400")
	out, err := cmd.Output()
	say("big stdout len=%d sha256=%x err-nil=%v", len(out), sha256.Sum256(out), err == nil)
	say("expected      sha256=%x", sha256.Sum256(bigData(102400)))

	cmd = exec.Command("/bin/sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo line $i; i=$((i+1)); done")
	out, err = cmd.Output()
	say("sh 2000 lines len=%d sha256=%x err-nil=%v", len(out), sha256.Sum256(out), err == nil)
}

func bigData(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

func (p *parent) dir() {
	d := filepath.Join(p.scratch, "child-wd")
	must("mkdir", os.Mkdir(d, 0o755))
	cmd := p.self("cwd")
	cmd.Dir = d
	out, err := cmd.Output()
	say("child in Dir: %q err-nil=%v", out, err == nil)
	cmd = exec.Command("/bin/sh", "-c", "basename \"$(pwd)\"")
	cmd.Dir = d
	out, err = cmd.Output()
	say("sh in Dir: %q err-nil=%v", out, err == nil)
	cmd = p.self("cwd")
	cmd.Dir = filepath.Join(p.scratch, "missing-dir")
	err = cmd.Run()
	say("missing Dir: ENOENT=%v ErrNotExist=%v", errors.Is(err, syscall.ENOENT), errors.Is(err, fs.ErrNotExist))
}

func (p *parent) combined() {
	cmd := exec.Command("/bin/sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2; exit 1")
	out, err := cmd.CombinedOutput()
	say("combined %q code=%d", out, exitCode(err))
	cmd = p.self("both")
	out, err = cmd.CombinedOutput()
	say("self combined %q code=%d", out, exitCode(err))
}

func (p *parent) stdoutFile() {
	name := filepath.Join(p.scratch, "child-out.txt")
	f, err := os.Create(name)
	must("create", err)
	cmd := p.self("both")
	cmd.Stdout = f
	cmd.Stderr = f
	err = cmd.Run()
	f.Close()
	b, _ := os.ReadFile(name)
	say("file got %q code=%d", b, exitCode(err))

	cmd = exec.Command("/bin/sh", "-c", "echo appended by sh")
	f, _ = os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	cmd.Stdout = f
	err = cmd.Run()
	f.Close()
	b, _ = os.ReadFile(name)
	say("after sh append %q err-nil=%v", b, err == nil)

	in, _ := os.Open(name)
	cmd = p.self("upper")
	cmd.Stdin = in
	out, err := cmd.Output()
	in.Close()
	say("file as stdin -> %q err-nil=%v", out, err == nil)
}

func (p *parent) extraFiles() {
	r, w, err := os.Pipe()
	must("pipe", err)
	cmd := p.self("fd3")
	cmd.ExtraFiles = []*os.File{w}
	out, err := cmd.Output()
	w.Close()
	got, _ := io.ReadAll(r)
	r.Close()
	say("fd3 child stdout %q err-nil=%v", out, err == nil)
	say("read from fd3 pipe %q", got)

	// The parent's own descriptors are close-on-exec and not inherited.
	f, _ := os.Open(p.exe)
	cmd = exec.Command("/bin/sh", "-c", fmt.Sprintf("if [ -e /dev/fd/%d ]; then echo leaked; else echo not-inherited; fi", f.Fd()))
	out, err = cmd.Output()
	f.Close()
	say("parent fd in sh child: %q err-nil=%v", out, err == nil)
}

func (p *parent) childPipe() {
	// sh | self upper, connected by a pipe that neither end is the parent.
	producer := exec.Command("/bin/sh", "-c", "echo one; echo two; echo three")
	consumer := p.self("upper")
	pr, err := producer.StdoutPipe()
	must("stdoutpipe", err)
	consumer.Stdin = pr
	var out bytes.Buffer
	consumer.Stdout = &out
	must("start producer", producer.Start())
	must("start consumer", consumer.Start())
	e1 := producer.Wait()
	e2 := consumer.Wait()
	say("sh | upper: %q producer-ok=%v consumer-ok=%v", out.String(), e1 == nil, e2 == nil)

	// self big | sh wc -c
	big := p.self("big", "65536")
	wc := exec.Command("/bin/sh", "-c", "wc -c | tr -d ' '")
	bp, _ := big.StdoutPipe()
	wc.Stdin = bp
	must("start big", big.Start())
	out2, err := wc.Output()
	say("big | wc -c: %q err-nil=%v big-ok=%v", out2, err == nil, big.Wait() == nil)
}

func (p *parent) startErrors() {
	err := exec.Command(filepath.Join(p.scratch, "no-such-binary")).Run()
	say("start missing binary: ENOENT=%v ErrNotExist=%v", errors.Is(err, syscall.ENOENT), errors.Is(err, fs.ErrNotExist))

	noexec := filepath.Join(p.scratch, "not-executable")
	os.WriteFile(noexec, []byte("#!/bin/sh\necho hi\n"), 0o644)
	err = exec.Command(noexec).Run()
	say("start non-executable: EACCES=%v ErrPermission=%v", errors.Is(err, syscall.EACCES), errors.Is(err, fs.ErrPermission))

	script := filepath.Join(p.scratch, "script.sh")
	os.WriteFile(script, []byte("#!/bin/sh\necho script ran with \"$1\"\nexit 4\n"), 0o755)
	out, err := exec.Command(script, "arg1").Output()
	say("shebang script %q code=%d", out, exitCode(err))

	err = exec.Command(p.scratch).Run()
	say("start a directory: EACCES=%v", errors.Is(err, syscall.EACCES))

	cmd := p.self("exit", "0")
	must("start", cmd.Start())
	say("second Start fails=%v", cmd.Start() != nil)
	cmd.Wait()
	say("second Wait fails=%v", cmd.Wait() != nil)
}

func (p *parent) many() {
	// Twenty children at once; results are collected by index.
	const n = 20
	outs := make([]string, n)
	codes := make([]int, n)
	done := make(chan int, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			out, err := p.self("echo", fmt.Sprint(i)).Output()
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			outs[i] = lines[0]
			codes[i] = exitCode(err)
			done <- i
		}(i)
	}
	for i := 0; i < n; i++ {
		<-done
	}
	ok := true
	for i := 0; i < n; i++ {
		if outs[i] != fmt.Sprintf("child args: [%q]", fmt.Sprint(i)) || codes[i] != 7 {
			ok = false
			say("child %d: %q code=%d", i, outs[i], codes[i])
		}
	}
	say("%d concurrent children all correct=%v", n, ok)
}

func printIndented(s string) {
	if s == "" {
		say("  (empty)")
		return
	}
	for _, l := range strings.SplitAfter(s, "\n") {
		if l == "" {
			continue
		}
		say("  %q", l)
	}
}

func must(what string, err error) {
	if err != nil {
		say("FATAL %s: ENOENT=%v EACCES=%v", what, errors.Is(err, syscall.ENOENT), errors.Is(err, syscall.EACCES))
		os.Exit(1)
	}
}

// child is the program's behaviour when run with -child MODE.
func child(mode string, args []string) int {
	switch mode {
	case "echo":
		fmt.Printf("child args: %q\n", args)
		in, err := io.ReadAll(os.Stdin)
		fmt.Printf("child stdin %d bytes err-nil=%v: %q\n", len(in), err == nil, in)
		fmt.Fprintf(os.Stderr, "child stderr line\n")
		return 7
	case "exit":
		var c int
		fmt.Sscan(args[0], &c)
		return c
	case "upper":
		r := bufio.NewReader(os.Stdin)
		w := bufio.NewWriter(os.Stdout)
		for {
			line, err := r.ReadString('\n')
			if line != "" {
				w.WriteString(strings.ToUpper(line))
				if strings.HasSuffix(line, "\n") && r.Buffered() == 0 {
					w.Flush()
				}
			}
			if err != nil {
				break
			}
		}
		w.Flush()
		return 0
	case "env":
		env := os.Environ()
		sort.Strings(env)
		fmt.Printf("child environ count=%d\n", len(env))
		for _, kv := range env {
			fmt.Printf("%q\n", kv)
		}
		_, ok := os.LookupEnv("EMPTY")
		fmt.Printf("EMPTY set=%v\n", ok)
		return 0
	case "confenv":
		var env []string
		for _, kv := range os.Environ() {
			if strings.HasPrefix(kv, "FRANCA_CONF_") {
				env = append(env, kv)
			}
		}
		sort.Strings(env)
		for _, kv := range env {
			fmt.Printf("%q\n", kv)
		}
		return 0
	case "big":
		var n int
		fmt.Sscan(args[0], &n)
		b := bigData(n)
		// Several writes of odd sizes.
		for len(b) > 0 {
			k := 9973
			if k > len(b) {
				k = len(b)
			}
			if _, err := os.Stdout.Write(b[:k]); err != nil {
				return 1
			}
			b = b[k:]
		}
		return 0
	case "cwd":
		wd, err := os.Getwd()
		if err != nil {
			return 1
		}
		fmt.Println(filepath.Base(wd))
		return 0
	case "both":
		fmt.Fprintln(os.Stdout, "to stdout")
		fmt.Fprintln(os.Stderr, "to stderr")
		fmt.Fprintln(os.Stdout, "stdout again")
		return 0
	case "block":
		fmt.Println("ready")
		io.ReadAll(os.Stdin)
		fmt.Println("stdin closed (unexpected)")
		return 0
	case "fd3":
		f := os.NewFile(3, "fd3")
		_, err := f.WriteString("written to fd 3\n")
		fmt.Printf("fd3 write err-nil=%v\n", err == nil)
		f.Close()
		return 0
	}
	fmt.Fprintf(os.Stderr, "unknown child mode %q\n", mode)
	return 100
}
