// files exercises file-system calls inside a scratch directory and prints
// what it observed, one fact per line. Errors are printed as errors.Is checks
// against fs.Err* and syscall errno names, never as OS-specific texts.
//
// Usage: files SCRATCHDIR   (SCRATCHDIR must exist and be empty)
// Exit:  0 when it got to the end; 2 on bad usage.
package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

var scratch string

// rel makes a path printable: the scratch prefix becomes $SCRATCH.
func rel(p string) string {
	if p == scratch {
		return "$SCRATCH"
	}
	if strings.HasPrefix(p, scratch+"/") {
		return "$SCRATCH" + p[len(scratch):]
	}
	return p
}

var errnos = []struct {
	name string
	e    syscall.Errno
}{
	{"ENOENT", syscall.ENOENT},
	{"EEXIST", syscall.EEXIST},
	{"ENOTEMPTY", syscall.ENOTEMPTY},
	{"EINVAL", syscall.EINVAL},
	{"EISDIR", syscall.EISDIR},
	{"ENOTDIR", syscall.ENOTDIR},
	{"ELOOP", syscall.ELOOP},
	{"ENAMETOOLONG", syscall.ENAMETOOLONG},
	{"EWOULDBLOCK", syscall.EWOULDBLOCK},
	{"EBADF", syscall.EBADF},
	{"EPERM", syscall.EPERM},
	{"EACCES", syscall.EACCES},
	{"EXDEV", syscall.EXDEV},
	{"ESPIPE", syscall.ESPIPE},
}

// describe renders an error portably: its wrapper type, Op, path and the
// errno names and fs sentinels it matches.
func describe(err error) string {
	if err == nil {
		return "nil"
	}
	var parts []string
	var pe *fs.PathError
	var le *os.LinkError
	var se *os.SyscallError
	switch {
	case errors.As(err, &pe):
		parts = append(parts, fmt.Sprintf("PathError op=%s path=%s", pe.Op, rel(pe.Path)))
	case errors.As(err, &le):
		parts = append(parts, fmt.Sprintf("LinkError op=%s old=%s new=%s", le.Op, rel(le.Old), rel(le.New)))
	case errors.As(err, &se):
		parts = append(parts, fmt.Sprintf("SyscallError syscall=%s", se.Syscall))
	default:
		parts = append(parts, "other")
	}
	var m []string
	for _, e := range errnos {
		if errors.Is(err, e.e) {
			m = append(m, e.name)
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		m = append(m, "fs.ErrNotExist")
	}
	if errors.Is(err, fs.ErrExist) {
		m = append(m, "fs.ErrExist")
	}
	if errors.Is(err, fs.ErrPermission) {
		m = append(m, "fs.ErrPermission")
	}
	if errors.Is(err, os.ErrClosed) {
		m = append(m, "os.ErrClosed")
	}
	if errors.Is(err, io.EOF) {
		m = append(m, "io.EOF")
	}
	if len(m) == 0 {
		m = append(m, "no-known-match")
	}
	return strings.Join(parts, " ") + " is=" + strings.Join(m, ",")
}

func say(format string, args ...interface{}) {
	fmt.Printf(format+"\n", args...)
}

func check(what string, err error) {
	say("%s: %s", what, describe(err))
}

// must reports and aborts on an unexpected failure of a setup step.
func must(what string, err error) {
	if err != nil {
		say("FATAL %s: %s", what, describe(err))
		os.Exit(1)
	}
}

func p(name string) string { return filepath.Join(scratch, name) }

func statLine(label string, fi fs.FileInfo) {
	m := fi.Mode()
	line := fmt.Sprintf("%s: name=%s type=%s isdir=%v isregular=%v", label, fi.Name(), typeName(m), fi.IsDir(), m.IsRegular())
	if m.Type() != fs.ModeSymlink && !fi.IsDir() {
		// Directory and symlink sizes and symlink permissions depend on the
		// file system; regular files and fifos do not.
		line += fmt.Sprintf(" size=%d perm=%04o mode=%s", fi.Size(), m.Perm(), m.String())
	} else if fi.IsDir() {
		line += fmt.Sprintf(" perm=%04o mode=%s", m.Perm(), m.String())
	}
	say("%s", line)
}

func typeName(m fs.FileMode) string {
	switch t := m.Type(); {
	case t == 0:
		return "regular"
	case t&fs.ModeDir != 0:
		return "dir"
	case t&fs.ModeSymlink != 0:
		return "symlink"
	case t&fs.ModeNamedPipe != 0:
		return "fifo"
	case t&fs.ModeSocket != 0:
		return "socket"
	case t&fs.ModeDevice != 0:
		return "device"
	default:
		return "other:" + t.String()
	}
}

func nlink(fi fs.FileInfo) uint64 {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0
	}
	return uint64(st.Nlink)
}

func ino(fi fs.FileInfo) uint64 {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0
	}
	return uint64(st.Ino)
}

// pattern is a deterministic pseudo-random byte stream (xorshift).
func pattern(n int, seed uint32) []byte {
	b := make([]byte, n)
	x := seed
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x >> 24)
	}
	return b
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: files SCRATCHDIR")
		os.Exit(2)
	}
	abs, err := filepath.Abs(os.Args[1])
	must("abs", err)
	scratch = abs
	old := syscall.Umask(0o022)
	_ = old
	say("umask set to 0022")

	basicIO()
	seekAndPositional()
	truncate()
	statAndModes()
	links()
	renames()
	dirs()
	bigDir()
	walk()
	times()
	errorCases()
	locking()
	temp()
	copyBig()
	cwd()
	removeAll()

	say("files: done")
	os.Exit(0)
}

func basicIO() {
	say("== basic io")
	f, err := os.Create(p("a.txt"))
	must("create a.txt", err)
	n, err := f.WriteString("hello, world\n")
	say("write n=%d err=%s", n, describe(err))
	n, err = f.Write([]byte("second line\n"))
	say("write n=%d err=%s", n, describe(err))
	check("sync", f.Sync())
	fi, err := f.Stat()
	must("fstat", err)
	statLine("fstat a.txt", fi)
	check("close", f.Close())
	check("close again", f.Close())

	data, err := os.ReadFile(p("a.txt"))
	say("readfile %q err=%s", data, describe(err))

	// Append.
	f, err = os.OpenFile(p("a.txt"), os.O_WRONLY|os.O_APPEND, 0)
	must("open append", err)
	n, err = f.WriteString("appended\n")
	say("append n=%d err=%s", n, describe(err))
	off, err := f.Seek(0, io.SeekCurrent)
	say("append offset after write=%d err=%s", off, describe(err))
	f.Close()
	data, _ = os.ReadFile(p("a.txt"))
	say("after append %q", data)

	// O_TRUNC and O_EXCL.
	check("writefile trunc", os.WriteFile(p("a.txt"), []byte("short\n"), 0o644))
	data, _ = os.ReadFile(p("a.txt"))
	say("after trunc write %q", data)
	_, err = os.OpenFile(p("a.txt"), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	check("open O_EXCL existing", err)
	f, err = os.OpenFile(p("excl.txt"), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o640)
	check("open O_EXCL new", err)
	if f != nil {
		fi, _ := f.Stat()
		statLine("excl.txt", fi)
		f.Close()
	}

	// Reading in small chunks to EOF.
	f, err = os.Open(p("a.txt"))
	must("open read", err)
	buf := make([]byte, 4)
	var chunks []string
	for {
		n, err := f.Read(buf)
		if n > 0 {
			chunks = append(chunks, string(buf[:n]))
		}
		if err != nil {
			say("chunked read end: %s", describe(err))
			break
		}
	}
	say("chunks %q", chunks)
	n, err = f.Read(buf)
	say("read at eof n=%d err=%s", n, describe(err))
	_, err = f.Write([]byte("x"))
	check("write on read-only fd", err)
	f.Close()
	_, err = f.Read(buf)
	say("read after close: closed=%v", errors.Is(err, os.ErrClosed))
}

func seekAndPositional() {
	say("== seek/pread/pwrite")
	f, err := os.OpenFile(p("pos.bin"), os.O_RDWR|os.O_CREATE, 0o600)
	must("create pos.bin", err)
	defer f.Close()
	_, err = f.WriteString("0123456789abcdefghij")
	must("write", err)

	for _, c := range []struct {
		off    int64
		whence int
		name   string
	}{{0, io.SeekStart, "start 0"}, {5, io.SeekStart, "start 5"}, {3, io.SeekCurrent, "cur +3"},
		{-2, io.SeekCurrent, "cur -2"}, {-4, io.SeekEnd, "end -4"}, {0, io.SeekEnd, "end 0"}, {100, io.SeekStart, "start 100"}} {
		off, err := f.Seek(c.off, c.whence)
		say("seek %s -> %d err=%s", c.name, off, describe(err))
	}
	_, err = f.Seek(-1, io.SeekStart)
	check("seek negative", err)

	f.Seek(10, io.SeekStart)
	b := make([]byte, 5)
	n, err := f.Read(b)
	say("read after seek 10: %q n=%d err=%s", b[:n], n, describe(err))

	n, err = f.ReadAt(b, 2)
	say("pread@2 %q n=%d err=%s", b[:n], n, describe(err))
	n, err = f.ReadAt(b, 18)
	say("pread@18 %q n=%d err=%s", b[:n], n, describe(err))
	off, _ := f.Seek(0, io.SeekCurrent)
	say("offset unchanged by pread: %d", off)

	n, err = f.WriteAt([]byte("XY"), 4)
	say("pwrite@4 n=%d err=%s", n, describe(err))
	off, _ = f.Seek(0, io.SeekCurrent)
	say("offset unchanged by pwrite: %d", off)

	// A pwrite past the end leaves a hole that reads back as zeros.
	n, err = f.WriteAt([]byte("END"), 40)
	say("pwrite@40 n=%d err=%s", n, describe(err))
	fi, _ := f.Stat()
	say("size after hole: %d", fi.Size())
	all := make([]byte, 43)
	n, err = f.ReadAt(all, 0)
	say("readall %q n=%d err=%s", all[:n], n, describe(err))

	// Pipes cannot seek.
	r, w, err := os.Pipe()
	must("pipe", err)
	_, err = r.Seek(0, io.SeekStart)
	check("seek on pipe", err)
	w.Write([]byte("through pipe"))
	w.Close()
	pb, err := io.ReadAll(r)
	say("pipe read %q err=%s", pb, describe(err))
	r.Close()
}

func truncate() {
	say("== truncate")
	must("write", os.WriteFile(p("t.txt"), []byte("0123456789"), 0o644))
	check("os.Truncate 4", os.Truncate(p("t.txt"), 4))
	d, _ := os.ReadFile(p("t.txt"))
	say("after truncate 4 %q", d)
	f, err := os.OpenFile(p("t.txt"), os.O_RDWR, 0)
	must("open", err)
	check("ftruncate 8", f.Truncate(8))
	fi, _ := f.Stat()
	say("size %d", fi.Size())
	d, _ = os.ReadFile(p("t.txt"))
	say("after extend %q", d)
	check("ftruncate 0", f.Truncate(0))
	fi, _ = f.Stat()
	say("size %d", fi.Size())
	check("ftruncate -1", f.Truncate(-1))
	f.Close()
	check("os.Truncate missing", os.Truncate(p("missing.txt"), 0))
}

func statAndModes() {
	say("== stat/chmod")
	must("write", os.WriteFile(p("m.txt"), []byte("mode"), 0o666))
	fi, err := os.Stat(p("m.txt"))
	must("stat", err)
	statLine("stat m.txt (0666 &^ umask)", fi)
	for _, m := range []fs.FileMode{0o600, 0o755, 0o444, 0o000, fs.ModeSetuid | 0o755, fs.ModeSetgid | 0o750, fs.ModeSticky | 0o777, fs.ModeSetuid | fs.ModeSetgid | 0o700, 0o640} {
		err := os.Chmod(p("m.txt"), m)
		fi, _ := os.Stat(p("m.txt"))
		say("chmod %s err=%s -> mode=%s perm=%04o setuid=%v setgid=%v sticky=%v", m, describe(err),
			fi.Mode(), fi.Mode().Perm(), fi.Mode()&fs.ModeSetuid != 0, fi.Mode()&fs.ModeSetgid != 0, fi.Mode()&fs.ModeSticky != 0)
	}
	f, err := os.Open(p("m.txt"))
	must("open", err)
	check("fchmod 0604", f.Chmod(0o604))
	fi, _ = f.Stat()
	statLine("after fchmod", fi)
	f.Close()

	must("mkdir", os.Mkdir(p("sd"), 0o750))
	fi, _ = os.Stat(p("sd"))
	statLine("stat sd", fi)
	check("chmod dir 0700", os.Chmod(p("sd"), 0o700))
	fi, _ = os.Stat(p("sd"))
	statLine("stat sd", fi)

	check("mkfifo", syscall.Mkfifo(p("fifo"), 0o644))
	fi, err = os.Lstat(p("fifo"))
	if err == nil {
		statLine("lstat fifo", fi)
	} else {
		check("lstat fifo", err)
	}
	_, err = os.Stat(p("nope"))
	check("stat missing", err)
	say("os.IsNotExist=%v", os.IsNotExist(err))
}

func links() {
	say("== symlinks and hard links")
	must("write", os.WriteFile(p("target.txt"), []byte("target data\n"), 0o644))
	check("symlink", os.Symlink("target.txt", p("link.txt")))
	check("symlink abs dir", os.Symlink(scratch, p("linkdir")))
	check("symlink dangling", os.Symlink("does-not-exist", p("dangling")))
	check("symlink existing", os.Symlink("target.txt", p("link.txt")))

	fi, err := os.Lstat(p("link.txt"))
	must("lstat", err)
	statLine("lstat link.txt", fi)
	fi, err = os.Stat(p("link.txt"))
	must("stat", err)
	statLine("stat link.txt", fi)
	fi, _ = os.Stat(p("linkdir"))
	statLine("stat linkdir", fi)
	fi, _ = os.Lstat(p("linkdir"))
	statLine("lstat linkdir", fi)
	_, err = os.Stat(p("dangling"))
	check("stat dangling", err)
	fi, err = os.Lstat(p("dangling"))
	if err == nil {
		statLine("lstat dangling", fi)
	}

	for _, n := range []string{"link.txt", "dangling", "linkdir"} {
		t, err := os.Readlink(p(n))
		say("readlink %s -> %q err=%s", n, rel(t), describe(err))
	}
	d, err := os.ReadFile(p("link.txt"))
	say("read through link %q err=%s", d, describe(err))
	d, err = os.ReadFile(p("linkdir/target.txt"))
	say("read through dir link %q err=%s", d, describe(err))

	// Symlink loop.
	os.Symlink("loop2", p("loop1"))
	os.Symlink("loop1", p("loop2"))
	_, err = os.Stat(p("loop1"))
	check("stat loop", err)
	_, err = os.Open(p("loop1"))
	check("open loop", err)

	// A longer target, so readlink's buffer handling is exercised.
	long := strings.Repeat("abcdefghij/", 30) + "end"
	check("symlink long", os.Symlink(long, p("longlink")))
	t, err := os.Readlink(p("longlink"))
	say("readlink long len=%d equal=%v err=%s", len(t), t == long, describe(err))

	// Hard links.
	a, _ := os.Stat(p("target.txt"))
	say("nlink before=%d", nlink(a))
	check("link", os.Link(p("target.txt"), p("hard.txt")))
	check("link again", os.Link(p("target.txt"), p("hard.txt")))
	check("link missing", os.Link(p("missing"), p("hard2.txt")))
	check("link second", os.Link(p("target.txt"), p("hard3.txt")))
	a, _ = os.Stat(p("target.txt"))
	b, _ := os.Stat(p("hard.txt"))
	say("nlink target=%d hard=%d sameino=%v samefile=%v", nlink(a), nlink(b), ino(a) == ino(b), os.SameFile(a, b))
	c, _ := os.Stat(p("link.txt"))
	say("samefile(target, via symlink)=%v", os.SameFile(a, c))
	check("remove hard3", os.Remove(p("hard3.txt")))
	a, _ = os.Stat(p("target.txt"))
	say("nlink after remove=%d", nlink(a))
	must("write via hard", os.WriteFile(p("hard.txt"), []byte("changed\n"), 0o644))
	d, _ = os.ReadFile(p("target.txt"))
	say("target after write via hard link %q", d)
}

func renames() {
	say("== rename")
	must("w", os.WriteFile(p("r1"), []byte("one"), 0o644))
	must("w", os.WriteFile(p("r2"), []byte("two"), 0o644))
	check("rename r1->r3", os.Rename(p("r1"), p("r3")))
	_, err := os.Stat(p("r1"))
	say("r1 gone=%v", errors.Is(err, fs.ErrNotExist))
	check("rename r3 over r2", os.Rename(p("r3"), p("r2")))
	d, _ := os.ReadFile(p("r2"))
	say("r2=%q", d)
	check("rename missing", os.Rename(p("r1"), p("r4")))
	must("mkdir", os.MkdirAll(p("rd/inner"), 0o755))
	must("w", os.WriteFile(p("rd/inner/f"), []byte("f"), 0o644))
	check("rename dir", os.Rename(p("rd"), p("rd2")))
	d, err = os.ReadFile(p("rd2/inner/f"))
	say("read moved %q err=%s", d, describe(err))
	must("mkdir", os.Mkdir(p("full"), 0o755))
	must("w", os.WriteFile(p("full/x"), nil, 0o644))
	check("rename dir over non-empty dir", os.Rename(p("rd2"), p("full")))
	check("rename file over dir", os.Rename(p("r2"), p("full")))
	check("rename dir into itself", os.Rename(p("rd2"), p("rd2/inner/sub")))
}

func dirs() {
	say("== mkdir/readdir")
	check("mkdir d", os.Mkdir(p("d"), 0o755))
	check("mkdirall d/e/f/g", os.MkdirAll(p("d/e/f/g"), 0o755))
	check("mkdirall existing", os.MkdirAll(p("d/e/f/g"), 0o755))
	must("w", os.WriteFile(p("d/file1"), []byte("1"), 0o644))
	must("w", os.WriteFile(p("d/.hidden"), []byte("h"), 0o644))
	must("w", os.WriteFile(p("d/Zfile"), []byte("z"), 0o644))
	must("symlink", os.Symlink("file1", p("d/sl")))
	must("mkfifo", syscall.Mkfifo(p("d/pipe"), 0o600))
	check("mkdirall through file", os.MkdirAll(p("d/file1/sub"), 0o755))

	ents, err := os.ReadDir(p("d"))
	say("readdir d n=%d err=%s", len(ents), describe(err))
	for _, e := range ents {
		info, ierr := e.Info()
		extra := ""
		if ierr == nil && info.Mode().IsRegular() {
			extra = fmt.Sprintf(" size=%d", info.Size())
		}
		say("  %s isdir=%v type=%s%s", e.Name(), e.IsDir(), typeName(e.Type()), extra)
	}

	f, err := os.Open(p("d"))
	must("open d", err)
	names, err := f.Readdirnames(-1)
	sort.Strings(names)
	say("readdirnames %v err=%s", names, describe(err))
	names, err = f.Readdirnames(1)
	say("readdirnames again n=%d err=%s", len(names), describe(err))
	f.Close()

	_, err = os.ReadDir(p("d/file1"))
	check("readdir on file", err)
	_, err = os.ReadDir(p("nodir"))
	check("readdir missing", err)
	e, err := os.ReadDir(p("d/e/f/g"))
	say("readdir empty n=%d err=%s", len(e), describe(err))
}

func bigDir() {
	say("== 300 entries")
	must("mkdir", os.Mkdir(p("big"), 0o755))
	want := make([]string, 0, 300)
	for i := 0; i < 300; i++ {
		// Varying name lengths give varying dirent record sizes.
		name := fmt.Sprintf("e%03d_%s", i, strings.Repeat("x", i%37))
		want = append(want, name)
		if i%10 == 0 {
			must("mkdir", os.Mkdir(filepath.Join(p("big"), name), 0o755))
		} else {
			must("w", os.WriteFile(filepath.Join(p("big"), name), nil, 0o644))
		}
	}
	ents, err := os.ReadDir(p("big"))
	say("readdir big n=%d err=%s", len(ents), describe(err))
	dirs := 0
	h := sha256.New()
	for _, e := range ents {
		if e.IsDir() {
			dirs++
		}
		fmt.Fprintf(h, "%s %v\n", e.Name(), e.IsDir())
	}
	say("dirs=%d files=%d listing-sha256=%x", dirs, len(ents)-dirs, h.Sum(nil))
	for i, e := range ents {
		if i%50 == 0 || i == len(ents)-1 {
			say("  [%d] %s dir=%v", i, e.Name(), e.IsDir())
		}
	}

	// Read in small batches from one fd to cross many getdirentries calls.
	f, err := os.Open(p("big"))
	must("open big", err)
	var got []string
	calls := 0
	for {
		batch, err := f.Readdirnames(7)
		calls++
		got = append(got, batch...)
		if err != nil {
			say("batched end after %d entries: %s", len(got), describe(err))
			break
		}
		if calls > 1000 {
			say("too many calls")
			break
		}
	}
	f.Close()
	sort.Strings(got)
	same := len(got) == len(want)
	for i := range got {
		if !same || got[i] != want[i] {
			same = false
			break
		}
	}
	say("batched names match expected: %v (n=%d)", same, len(got))

	// Readdir (FileInfo) in batches too.
	f, _ = os.Open(p("big"))
	total, sizeSum := 0, int64(0)
	for {
		infos, err := f.Readdir(64)
		for _, fi := range infos {
			total++
			if !fi.IsDir() {
				sizeSum += fi.Size()
			}
		}
		if err != nil {
			say("readdir(64) end total=%d filesizes=%d: %s", total, sizeSum, describe(err))
			break
		}
	}
	f.Close()
}

func walk() {
	say("== DirFS + WalkDir")
	must("mkdirall", os.MkdirAll(p("w/b/c"), 0o755))
	must("mkdirall", os.MkdirAll(p("w/a"), 0o755))
	for _, n := range []string{"w/z.txt", "w/a/1.go", "w/a/2.go", "w/b/c/deep.txt", "w/b/x.md"} {
		must("w", os.WriteFile(p(n), []byte(n), 0o644))
	}
	must("symlink", os.Symlink("a", p("w/lnk")))
	fsys := os.DirFS(p("w"))
	var paths []string
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			paths = append(paths, path+" ERR "+describe(err))
			return nil
		}
		paths = append(paths, fmt.Sprintf("%s %s", path, typeName(d.Type())))
		return nil
	})
	sort.Strings(paths)
	say("walkdir err=%s", describe(err))
	for _, s := range paths {
		say("  %s", s)
	}
	d, err := fs.ReadFile(fsys, "b/c/deep.txt")
	say("fs.ReadFile %q err=%s", d, describe(err))
	_, err = fs.ReadFile(fsys, "nope")
	say("fs.ReadFile missing notexist=%v", errors.Is(err, fs.ErrNotExist))
	m, err := fs.Glob(fsys, "a/*.go")
	say("glob %v err=%s", m, describe(err))
	fi, err := fs.Stat(fsys, "b")
	say("fs.Stat b isdir=%v err=%s", fi != nil && fi.IsDir(), describe(err))
	sub, _ := fs.Sub(fsys, "b")
	ents, err := fs.ReadDir(sub, ".")
	for _, e := range ents {
		say("  sub %s %s", e.Name(), typeName(e.Type()))
	}

	// filepath.Walk uses lstat on the real paths.
	var fp []string
	filepath.Walk(p("w"), func(path string, info fs.FileInfo, err error) error {
		if err == nil {
			fp = append(fp, rel(path)+" "+typeName(info.Mode()))
		}
		return nil
	})
	for _, s := range fp {
		say("  filepath.Walk %s", s)
	}
}

func times() {
	say("== chtimes")
	must("w", os.WriteFile(p("time.txt"), []byte("t"), 0o644))
	at := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	mt := time.Date(2010, 11, 12, 13, 14, 15, 0, time.UTC)
	check("chtimes whole seconds", os.Chtimes(p("time.txt"), at, mt))
	fi, _ := os.Stat(p("time.txt"))
	say("mtime equal=%v atime equal=%v", fi.ModTime().Equal(mt), atime(fi).Equal(at))

	at2 := time.Date(2005, 6, 7, 8, 9, 10, 123456000, time.UTC)
	mt2 := time.Date(2015, 6, 7, 8, 9, 10, 987654000, time.UTC)
	check("chtimes microseconds", os.Chtimes(p("time.txt"), at2, mt2))
	fi, _ = os.Stat(p("time.txt"))
	say("mtime equal=%v atime equal=%v", fi.ModTime().Equal(mt2), atime(fi).Equal(at2))

	// A zero time.Time leaves that time unchanged (UTIME_OMIT).
	mt3 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	check("chtimes omit atime", os.Chtimes(p("time.txt"), time.Time{}, mt3))
	fi, _ = os.Stat(p("time.txt"))
	say("mtime equal=%v atime kept=%v", fi.ModTime().Equal(mt3), atime(fi).Equal(at2))

	// Before the epoch.
	old := time.Date(1960, 5, 5, 5, 5, 5, 0, time.UTC)
	check("chtimes pre-epoch", os.Chtimes(p("time.txt"), old, old))
	fi, _ = os.Stat(p("time.txt"))
	say("pre-epoch mtime equal=%v", fi.ModTime().Equal(old))

	// Times on a symlink target vs. the link itself.
	os.Symlink("time.txt", p("time.lnk"))
	check("chtimes via symlink", os.Chtimes(p("time.lnk"), at, mt))
	fi, _ = os.Stat(p("time.txt"))
	say("target mtime changed via link=%v", fi.ModTime().Equal(mt))
	check("chtimes missing", os.Chtimes(p("nope"), at, mt))

	// A fresh write moves mtime away from the fixed past value.
	must("w", os.WriteFile(p("time.txt"), []byte("again"), 0o644))
	fi, _ = os.Stat(p("time.txt"))
	say("mtime after write is after 2010: %v", fi.ModTime().After(mt))
}

func errorCases() {
	say("== errors")
	_, err := os.Open(p("missing.txt"))
	check("open missing", err)
	say("  ENOENT=%v ErrNotExist=%v", errors.Is(err, syscall.ENOENT), errors.Is(err, fs.ErrNotExist))

	must("mkdir", os.Mkdir(p("exists"), 0o755))
	err = os.Mkdir(p("exists"), 0o755)
	check("mkdir existing", err)
	say("  EEXIST=%v ErrExist=%v", errors.Is(err, syscall.EEXIST), errors.Is(err, fs.ErrExist))

	must("w", os.WriteFile(p("exists/child"), nil, 0o644))
	err = syscall.Rmdir(p("exists"))
	say("rmdir non-empty: ENOTEMPTY=%v", errors.Is(err, syscall.ENOTEMPTY))
	err = os.Remove(p("exists"))
	check("os.Remove non-empty", err)
	say("  ENOTEMPTY=%v", errors.Is(err, syscall.ENOTEMPTY))

	must("w", os.WriteFile(p("plain"), []byte("p"), 0o644))
	_, err = os.Readlink(p("plain"))
	check("readlink non-link", err)
	say("  EINVAL=%v", errors.Is(err, syscall.EINVAL))
	_, err = os.Readlink(p("missing"))
	check("readlink missing", err)

	_, err = os.OpenFile(p("exists"), os.O_WRONLY, 0)
	check("open dir for writing", err)
	say("  EISDIR=%v", errors.Is(err, syscall.EISDIR))
	_, err = os.OpenFile(p("exists"), os.O_RDWR, 0)
	check("open dir O_RDWR", err)

	_, err = os.Open(p("plain/sub"))
	check("open through file", err)
	say("  ENOTDIR=%v", errors.Is(err, syscall.ENOTDIR))
	err = syscall.Rmdir(p("plain"))
	say("rmdir on file: ENOTDIR=%v", errors.Is(err, syscall.ENOTDIR))
	err = os.Remove(p("no-such"))
	check("remove missing", err)
	err = syscall.Unlink(p("exists"))
	// Linux says EISDIR, FreeBSD says EPERM: print only that it is one of them.
	say("unlink dir: EISDIR-or-EPERM=%v", errors.Is(err, syscall.EISDIR) || errors.Is(err, syscall.EPERM))

	_, err = os.Stat(p(strings.Repeat("n", 300)))
	check("stat long name", err)
	_, err = os.Create(p("exists"))
	check("create on dir", err)
	err = os.Mkdir(p("missing-parent/child"), 0o755)
	check("mkdir missing parent", err)
	err = os.Chdir(p("plain"))
	check("chdir to file", err)

	f, _ := os.Open(p("plain"))
	f.Close()
	_, err = f.Stat()
	say("stat closed file ErrClosed=%v", errors.Is(err, os.ErrClosed))
	err = syscall.Close(987)
	say("close bad fd EBADF=%v", errors.Is(err, syscall.EBADF))
}

func locking() {
	say("== flock")
	must("w", os.WriteFile(p("lock"), nil, 0o644))
	f1, err := os.Open(p("lock"))
	must("open", err)
	f2, err := os.Open(p("lock"))
	must("open", err)
	check("flock ex f1", os.NewSyscallError("flock", syscall.Flock(int(f1.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)))
	err = syscall.Flock(int(f2.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	say("flock ex f2 while held: EWOULDBLOCK=%v", errors.Is(err, syscall.EWOULDBLOCK))
	err = syscall.Flock(int(f2.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	say("flock sh f2 while ex held: EWOULDBLOCK=%v", errors.Is(err, syscall.EWOULDBLOCK))
	check("unlock f1", os.NewSyscallError("flock", syscall.Flock(int(f1.Fd()), syscall.LOCK_UN)))
	check("flock ex f2 after unlock", os.NewSyscallError("flock", syscall.Flock(int(f2.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)))
	f1.Close()
	f2.Close()
}

func temp() {
	say("== CreateTemp/MkdirTemp")
	f, err := os.CreateTemp(scratch, "tmp-*.txt")
	check("createtemp", err)
	if f != nil {
		name := f.Name()
		base := filepath.Base(name)
		say("in scratch=%v prefix=%v suffix=%v", filepath.Dir(name) == scratch, strings.HasPrefix(base, "tmp-"), strings.HasSuffix(base, ".txt"))
		fi, _ := f.Stat()
		statLine("temp file", &renamed{fi, "TEMP"})
		f.WriteString("temp")
		f.Close()
		d, _ := os.ReadFile(name)
		say("temp content %q", d)
		check("remove temp", os.Remove(name))
	}
	f2, _ := os.CreateTemp(scratch, "same")
	f3, _ := os.CreateTemp(scratch, "same")
	if f2 != nil && f3 != nil {
		say("two temps differ=%v", f2.Name() != f3.Name())
		f2.Close()
		f3.Close()
		os.Remove(f2.Name())
		os.Remove(f3.Name())
	}
	dn, err := os.MkdirTemp(scratch, "tdir-")
	check("mkdirtemp", err)
	if err == nil {
		fi, _ := os.Stat(dn)
		say("tempdir isdir=%v perm=%04o", fi.IsDir(), fi.Mode().Perm())
		os.Remove(dn)
	}
	_, err = os.CreateTemp(scratch, "bad/pattern")
	say("pattern with separator rejected=%v", err != nil)
}

type renamed struct {
	fs.FileInfo
	name string
}

func (r *renamed) Name() string { return r.name }

func copyBig() {
	say("== io.Copy 1 MiB")
	src := pattern(1<<20, 0x9e3779b9)
	sum := sha256.Sum256(src)
	say("source sha256=%x", sum)
	must("w", os.WriteFile(p("big.bin"), src, 0o644))

	in, err := os.Open(p("big.bin"))
	must("open", err)
	out, err := os.Create(p("big.copy"))
	must("create", err)
	n, err := io.Copy(out, in)
	say("io.Copy file->file n=%d err=%s", n, describe(err))
	in.Close()
	out.Close()
	d, err := os.ReadFile(p("big.copy"))
	say("copy len=%d sha256=%x equal=%v", len(d), sha256.Sum256(d), bytes.Equal(d, src))

	// Through a hash with an odd buffer size and via a pipe.
	in, _ = os.Open(p("big.bin"))
	h := sha256.New()
	n, err = io.CopyBuffer(h, struct{ io.Reader }{in}, make([]byte, 777))
	say("copybuffer n=%d sha256=%x err=%s", n, h.Sum(nil), describe(err))
	in.Close()

	r, w, _ := os.Pipe()
	done := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(r)
		done <- b
	}()
	in, _ = os.Open(p("big.bin"))
	n, err = io.Copy(w, in)
	w.Close()
	in.Close()
	b := <-done
	r.Close()
	say("copy file->pipe n=%d got=%d sha256=%x err=%s", n, len(b), sha256.Sum256(b), describe(err))

	// Copy into the middle of an existing file at an offset.
	out, _ = os.OpenFile(p("big.copy"), os.O_RDWR, 0)
	out.Seek(1000, io.SeekStart)
	in, _ = os.Open(p("a.txt"))
	n, err = io.Copy(out, in)
	in.Close()
	off, _ := out.Seek(0, io.SeekCurrent)
	fi, _ := out.Stat()
	out.Close()
	say("copy at offset n=%d offset=%d size=%d err=%s", n, off, fi.Size(), describe(err))
	d, _ = os.ReadFile(p("big.copy"))
	say("patched sha256=%x", sha256.Sum256(d))
}

func cwd() {
	say("== chdir")
	orig, _ := os.Getwd()
	check("chdir scratch/d", os.Chdir(p("d")))
	wd, _ := os.Getwd()
	say("getwd == scratch/d: %v", wd == p("d"))
	d, err := os.ReadFile("file1")
	say("relative read %q err=%s", d, describe(err))
	check("chdir ..", os.Chdir(".."))
	wd, _ = os.Getwd()
	say("getwd == scratch: %v", wd == scratch)
	f, _ := os.Open(p("d/e"))
	check("fchdir", f.Chdir())
	f.Close()
	wd, _ = os.Getwd()
	say("getwd after fchdir == scratch/d/e: %v", wd == p("d/e"))
	os.Chdir(orig)
}

func removeAll() {
	say("== RemoveAll")
	must("mkdirall", os.MkdirAll(p("tree/a/b/c"), 0o755))
	for i := 0; i < 20; i++ {
		os.WriteFile(p(fmt.Sprintf("tree/a/f%d", i)), []byte("x"), 0o644)
		os.WriteFile(p(fmt.Sprintf("tree/a/b/c/g%d", i)), []byte("y"), 0o644)
	}
	os.Symlink("/", p("tree/root-link"))
	os.Chmod(p("tree/a/b"), 0o555)
	check("removeall tree", os.RemoveAll(p("tree")))
	_, err := os.Lstat(p("tree"))
	say("tree gone=%v", errors.Is(err, fs.ErrNotExist))
	check("removeall missing", os.RemoveAll(p("tree")))
	check("removeall file", os.RemoveAll(p("plain")))
	check("removeall big", os.RemoveAll(p("big")))

	ents, _ := os.ReadDir(scratch)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name()+"("+typeName(e.Type())+")")
	}
	say("scratch now has %d entries:", len(names))
	for _, n := range names {
		say("  %s", n)
	}
	check("removeall scratch contents", removeContents(scratch))
	ents, _ = os.ReadDir(scratch)
	say("scratch empty=%v", len(ents) == 0)
}

func removeContents(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}
