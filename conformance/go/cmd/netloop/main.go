// netloop exercises sockets over loopback with literal addresses only:
// a TCP echo server and client (round trips, a 4 MiB transfer, half-close,
// deadlines, refused connections, many concurrent clients), UDP echo, unix
// stream and datagram sockets in the scratch directory, descriptor passing
// with SCM_RIGHTS, and IPv6 loopback when the host has it.  Ports, fds and
// addresses that vary are never printed.
//
// Usage: netloop SCRATCHDIR
// Exit:  0 when it got to the end; 1 if a step failed or timed out.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

func say(format string, args ...interface{}) {
	fmt.Printf(format+"\n", args...)
}

func must(what string, err error) {
	if err != nil {
		say("FATAL %s: ECONNREFUSED=%v ENOENT=%v EADDRINUSE=%v EACCES=%v timeout=%v", what,
			errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ENOENT),
			errors.Is(err, syscall.EADDRINUSE), errors.Is(err, syscall.EACCES),
			errors.Is(err, os.ErrDeadlineExceeded))
		os.Exit(1)
	}
}

// watchdog ends the program if a step hangs, so a hang becomes a known exit.
func watchdog(name string, d time.Duration, f func()) {
	done := make(chan struct{})
	go func() {
		f()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(d):
		say("TIMEOUT in %s", name)
		os.Exit(1)
	}
}

func data(n int, seed uint32) []byte {
	b := make([]byte, n)
	x := seed
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: netloop SCRATCHDIR")
		os.Exit(2)
	}
	scratch, err := filepath.Abs(os.Args[len(os.Args)-1])
	must("abs", err)
	cases := []struct {
		name string
		f    func()
	}{
		{"tcp echo", tcpEcho},
		{"tcp half-close", halfClose},
		{"tcp deadlines", deadlines},
		{"tcp refused", refused},
		{"tcp concurrent clients", concurrent},
		{"tcp addresses and options", addresses},
		{"udp echo", udpEcho},
		{"unix stream", func() { unixStream(scratch) }},
		{"unixgram", func() { unixgram(scratch) }},
		{"fd passing", func() { fdPassing(scratch) }},
		{"ipv6 loopback", ipv6},
	}
	for _, c := range cases {
		say("== %s", c.name)
		watchdog(c.name, 60*time.Second, c.f)
	}
	say("netloop: done")
}

// echoServer accepts connections on l and echoes each until EOF, then
// closes it.  It returns when l is closed.
func echoServer(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go func(c net.Conn) {
			io.Copy(c, c)
			c.Close()
		}(c)
	}
}

func tcpEcho() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must("listen", err)
	defer l.Close()
	go echoServer(l)
	c, err := net.Dial("tcp", l.Addr().String())
	must("dial", err)
	r := bufio.NewReader(c)
	ok := 0
	for i := 0; i < 100; i++ {
		msg := fmt.Sprintf("ping %d %s\n", i, strings.Repeat("x", i))
		if _, err := io.WriteString(c, msg); err != nil {
			break
		}
		got, err := r.ReadString('\n')
		if err == nil && got == msg {
			ok++
		}
	}
	say("round trips ok=%d/100", ok)
	c.Close()

	// 4 MiB written by one goroutine, echoed and read back by another.
	c, err = net.Dial("tcp", l.Addr().String())
	must("dial", err)
	blob := data(4<<20, 2463534242)
	go func() {
		for off := 0; off < len(blob); off += 65521 {
			end := off + 65521
			if end > len(blob) {
				end = len(blob)
			}
			if _, err := c.Write(blob[off:end]); err != nil {
				return
			}
		}
		c.(*net.TCPConn).CloseWrite()
	}()
	h := sha256.New()
	n, err := io.Copy(h, c)
	c.Close()
	say("4 MiB echoed: n=%d err-nil=%v sha256=%x", n, err == nil, h.Sum(nil))
	say("expected:                       sha256=%x", sha256.Sum256(blob))
}

func halfClose() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must("listen", err)
	defer l.Close()
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		// Read to EOF (the client's CloseWrite), then answer and close.
		b, err := io.ReadAll(c)
		fmt.Fprintf(c, "server got %d bytes err-nil=%v sha256=%x\n", len(b), err == nil, sha256.Sum256(b))
		// After our CloseWrite, the peer reads EOF, and we can still read.
		c.(*net.TCPConn).CloseWrite()
		c.Close()
	}()
	c, err := net.Dial("tcp", l.Addr().String())
	must("dial", err)
	tc := c.(*net.TCPConn)
	payload := data(300000, 7)
	_, err = tc.Write(payload)
	must("write", err)
	must("closewrite", tc.CloseWrite())
	_, err = tc.Write([]byte("x"))
	say("write after CloseWrite: EPIPE=%v err-nil=%v", errors.Is(err, syscall.EPIPE), err == nil)
	resp, err := io.ReadAll(tc)
	say("client read %q err-nil=%v", resp, err == nil)
	say("expected sha256=%x", sha256.Sum256(payload))
	n, err := tc.Read(make([]byte, 10))
	say("read after EOF: n=%d EOF=%v", n, err == io.EOF)
	tc.Close()
	_, err = tc.Read(make([]byte, 10))
	say("read after Close: ErrClosed=%v", errors.Is(err, net.ErrClosed))

	// CloseRead: the client's own reads return EOF at once.
	l2, err := net.Listen("tcp", "127.0.0.1:0")
	must("listen", err)
	defer l2.Close()
	go echoServer(l2)
	c, err = net.Dial("tcp", l2.Addr().String())
	must("dial", err)
	must("closeread", c.(*net.TCPConn).CloseRead())
	n, err = c.Read(make([]byte, 10))
	say("read after CloseRead: n=%d EOF=%v", n, err == io.EOF)
	c.Close()
}

func deadlines() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must("listen", err)
	defer l.Close()
	hold := make(chan net.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err == nil {
			hold <- c
		}
	}()
	c, err := net.Dial("tcp", l.Addr().String())
	must("dial", err)
	srv := <-hold
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	t0 := time.Now()
	n, err := c.Read(make([]byte, 10))
	el := time.Since(t0)
	var ne net.Error
	say("read deadline: n=%d ErrDeadlineExceeded=%v net.Error.Timeout=%v waited>=40ms=%v", n,
		errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout(), el >= 40*time.Millisecond)
	// Clearing the deadline: data sent later is read normally.
	c.SetReadDeadline(time.Time{})
	go func() {
		time.Sleep(30 * time.Millisecond)
		srv.Write([]byte("late"))
	}()
	b := make([]byte, 4)
	_, err = io.ReadFull(c, b)
	say("after clearing deadline read %q err-nil=%v", b, err == nil)
	// A deadline in the past fails at once, even with data buffered.
	srv.Write([]byte("buffered"))
	time.Sleep(20 * time.Millisecond)
	c.SetReadDeadline(time.Now().Add(-time.Second))
	_, err = c.Read(b)
	say("past deadline: ErrDeadlineExceeded=%v", errors.Is(err, os.ErrDeadlineExceeded))
	c.SetReadDeadline(time.Time{})
	_, err = io.ReadFull(c, make([]byte, 8))
	say("buffered data still there err-nil=%v", err == nil)
	// Write deadline: the peer never reads, so the buffers fill up.
	c.SetWriteDeadline(time.Now().Add(200 * time.Millisecond))
	chunk := make([]byte, 1<<16)
	var total int
	for {
		n, err := c.Write(chunk)
		total += n
		if err != nil {
			say("write deadline: ErrDeadlineExceeded=%v wrote>0=%v", errors.Is(err, os.ErrDeadlineExceeded), total > 0)
			break
		}
		if total > 1<<30 {
			say("write deadline: never blocked")
			break
		}
	}
	c.Close()
	srv.Close()
	// Accept deadline on the listener.
	tl := l.(*net.TCPListener)
	tl.SetDeadline(time.Now().Add(50 * time.Millisecond))
	_, err = tl.Accept()
	say("accept deadline: ErrDeadlineExceeded=%v", errors.Is(err, os.ErrDeadlineExceeded))
	// Dial with a timeout to a listening port succeeds.
	tl.SetDeadline(time.Time{})
	go func() {
		c, err := tl.Accept()
		if err == nil {
			c.Close()
		}
	}()
	c, err = net.DialTimeout("tcp", l.Addr().String(), 5*time.Second)
	say("DialTimeout ok=%v", err == nil)
	if c != nil {
		c.Close()
	}
}

func refused() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must("listen", err)
	addr := l.Addr().String()
	l.Close()
	_, err = net.Dial("tcp", addr)
	var oe *net.OpError
	say("dial closed port: ECONNREFUSED=%v OpError=%v op=%s", errors.Is(err, syscall.ECONNREFUSED), errors.As(err, &oe), opOf(err))
	_, err = net.DialTimeout("tcp", addr, 2*time.Second)
	say("DialTimeout closed port: ECONNREFUSED=%v", errors.Is(err, syscall.ECONNREFUSED))
	// Listening twice on the same port fails.
	l, err = net.Listen("tcp", "127.0.0.1:0")
	must("listen", err)
	_, err = net.Listen("tcp", l.Addr().String())
	say("second listen same port: EADDRINUSE=%v", errors.Is(err, syscall.EADDRINUSE))
	l.Close()
	// A closed listener's Accept reports net.ErrClosed.
	_, err = l.Accept()
	say("accept on closed listener: ErrClosed=%v", errors.Is(err, net.ErrClosed))
	// An address that cannot be bound.
	_, err = net.Listen("tcp", "192.0.2.1:0")
	say("listen on a foreign address: EADDRNOTAVAIL=%v", errors.Is(err, syscall.EADDRNOTAVAIL))
	// A peer that closes with unread data resets the connection.
	l, err = net.Listen("tcp", "127.0.0.1:0")
	must("listen", err)
	defer l.Close()
	got := make(chan struct{})
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		<-got
		c.Close() // unread data pending: RST
	}()
	c, err := net.Dial("tcp", l.Addr().String())
	must("dial", err)
	c.Write([]byte("unread by the server"))
	time.Sleep(20 * time.Millisecond)
	close(got)
	_, err = c.Read(make([]byte, 10))
	say("read from reset connection: ECONNRESET=%v", errors.Is(err, syscall.ECONNRESET))
	c.Close()
}

func opOf(err error) string {
	var oe *net.OpError
	if errors.As(err, &oe) {
		return oe.Op
	}
	return "-"
}

func concurrent() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must("listen", err)
	defer l.Close()
	go echoServer(l)
	const clients = 50
	results := make([]string, clients)
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := net.Dial("tcp", l.Addr().String())
			if err != nil {
				results[i] = "dial failed"
				return
			}
			defer c.Close()
			r := bufio.NewReader(c)
			good := 0
			for j := 0; j < 20; j++ {
				msg := fmt.Sprintf("client %d msg %d\n", i, j)
				io.WriteString(c, msg)
				got, err := r.ReadString('\n')
				if err == nil && got == msg {
					good++
				}
			}
			results[i] = fmt.Sprintf("%d", good)
		}(i)
	}
	wg.Wait()
	all := true
	for i, r := range results {
		if r != "20" {
			all = false
			say("client %d: %s", i, r)
		}
	}
	say("%d clients x 20 echoes all ok=%v", clients, all)
}

func addresses() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must("listen", err)
	defer l.Close()
	la := l.Addr().(*net.TCPAddr)
	say("listener ip=%s port>0=%v network=%s", la.IP, la.Port > 0, l.Addr().Network())
	acc := make(chan net.Conn, 1)
	go func() {
		c, _ := l.Accept()
		acc <- c
	}()
	c, err := net.Dial("tcp", la.String())
	must("dial", err)
	s := <-acc
	cl, cr := c.LocalAddr().(*net.TCPAddr), c.RemoteAddr().(*net.TCPAddr)
	sl, sr := s.LocalAddr().(*net.TCPAddr), s.RemoteAddr().(*net.TCPAddr)
	say("client local ip=%s remote ip=%s remote port matches=%v", cl.IP, cr.IP, cr.Port == la.Port)
	say("server local ip=%s remote ip=%s ports cross-match=%v", sl.IP, sr.IP, sr.Port == cl.Port && sl.Port == la.Port)
	tc := c.(*net.TCPConn)
	say("SetNoDelay err-nil=%v SetKeepAlive err-nil=%v SetKeepAlivePeriod err-nil=%v SetLinger err-nil=%v",
		tc.SetNoDelay(false) == nil, tc.SetKeepAlive(true) == nil, tc.SetKeepAlivePeriod(30*time.Second) == nil, tc.SetLinger(5) == nil)
	say("SetReadBuffer err-nil=%v SetWriteBuffer err-nil=%v", tc.SetReadBuffer(1<<16) == nil, tc.SetWriteBuffer(1<<16) == nil)
	raw, err := tc.SyscallConn()
	must("syscallconn", err)
	var nodelay, typ int
	var gerr error
	raw.Control(func(fd uintptr) {
		nodelay, gerr = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_NODELAY)
		if gerr == nil {
			typ, gerr = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_TYPE)
		}
	})
	say("getsockopt TCP_NODELAY=%v SO_TYPE stream=%v err-nil=%v", nodelay != 0, typ == syscall.SOCK_STREAM, gerr == nil)
	// File() dups the socket; the copy works after the original is closed.
	f, err := tc.File()
	must("file", err)
	tc.Close()
	fc, err := net.FileConn(f)
	must("fileconn", err)
	f.Close()
	go io.Copy(s, s)
	io.WriteString(fc, "via dup\n")
	line, err := bufio.NewReader(fc).ReadString('\n')
	say("FileConn echo %q err-nil=%v", line, err == nil)
	fc.Close()
	s.Close()
	// ResolveTCPAddr with literals only.
	a, err := net.ResolveTCPAddr("tcp", "127.0.0.1:80")
	say("ResolveTCPAddr %v err-nil=%v", a, err == nil)
	a, err = net.ResolveTCPAddr("tcp6", "[::1]:443")
	say("ResolveTCPAddr %v err-nil=%v", a, err == nil)
}

func udpEcho() {
	srv, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	must("listenudp", err)
	defer srv.Close()
	go func() {
		buf := make([]byte, 65536)
		for {
			n, from, err := srv.ReadFromUDP(buf)
			if err != nil {
				return
			}
			srv.WriteToUDP(buf[:n], from)
		}
	}()
	c, err := net.DialUDP("udp", nil, srv.LocalAddr().(*net.UDPAddr))
	must("dialudp", err)
	defer c.Close()
	sizes := []int{0, 1, 2, 100, 1400, 8192, 60000}
	var got []string
	buf := make([]byte, 65536)
	for _, sz := range sizes {
		msg := data(sz, uint32(sz+1))
		_, err := c.Write(msg)
		if err != nil {
			got = append(got, "write-failed")
			continue
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := c.Read(buf)
		got = append(got, fmt.Sprintf("%d:%v", n, err == nil && bytes.Equal(buf[:n], msg)))
	}
	say("udp echoes (size:equal) %s", strings.Join(got, " "))
	// Boundaries: three datagrams queued, each read returns one.
	rx, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	must("listenudp", err)
	defer rx.Close()
	tx, err := net.DialUDP("udp", nil, rx.LocalAddr().(*net.UDPAddr))
	must("dialudp", err)
	defer tx.Close()
	for _, m := range []string{"one", "two two", "three three three"} {
		tx.Write([]byte(m))
	}
	var reads []string
	for i := 0; i < 3; i++ {
		rx.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, from, err := rx.ReadFromUDP(buf)
		if err != nil {
			reads = append(reads, "error")
			continue
		}
		reads = append(reads, fmt.Sprintf("%q(from-ok=%v)", buf[:n], from.Port == tx.LocalAddr().(*net.UDPAddr).Port && from.IP.Equal(net.IPv4(127, 0, 0, 1))))
	}
	say("udp reads %s", strings.Join(reads, " "))
	// A short buffer truncates the datagram.
	tx.Write([]byte("0123456789"))
	rx.SetReadDeadline(time.Now().Add(5 * time.Second))
	small := make([]byte, 4)
	n, _, flags, _, err := rx.ReadMsgUDP(small, nil)
	say("truncated read n=%d %q MSG_TRUNC=%v err-nil=%v", n, small[:n], flags&syscall.MSG_TRUNC != 0, err == nil)
	// Read deadline with nothing queued.
	rx.SetReadDeadline(time.Now().Add(30 * time.Millisecond))
	_, _, err = rx.ReadFromUDP(buf)
	say("udp read deadline: ErrDeadlineExceeded=%v", errors.Is(err, os.ErrDeadlineExceeded))
	// A connected UDP socket to a closed port: the ICMP error comes back as ECONNREFUSED.
	dead, _ := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	da := dead.LocalAddr().(*net.UDPAddr)
	dead.Close()
	cc, err := net.DialUDP("udp", nil, da)
	must("dialudp", err)
	cc.Write([]byte("anyone?"))
	cc.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, err = cc.Read(buf)
	say("udp to closed port: ECONNREFUSED=%v", errors.Is(err, syscall.ECONNREFUSED))
	cc.Close()
}

func unixStream(scratch string) {
	path := filepath.Join(scratch, "stream.sock")
	l, err := net.Listen("unix", path)
	must("listen unix", err)
	fi, err := os.Lstat(path)
	say("socket file exists=%v ModeSocket=%v", err == nil, err == nil && fi.Mode()&os.ModeSocket != 0)
	say("listener addr %q network=%s", filepath.Base(l.Addr().String()), l.Addr().Network())
	go echoServer(l)
	c, err := net.Dial("unix", path)
	must("dial unix", err)
	r := bufio.NewReader(c)
	ok := 0
	for i := 0; i < 100; i++ {
		msg := fmt.Sprintf("unix %d\n", i)
		io.WriteString(c, msg)
		got, err := r.ReadString('\n')
		if err == nil && got == msg {
			ok++
		}
	}
	say("unix round trips ok=%d/100", ok)
	c.Close()
	c, err = net.Dial("unix", path)
	must("dial unix", err)
	blob := data(1<<20, 99)
	go func() {
		c.Write(blob)
		c.(*net.UnixConn).CloseWrite()
	}()
	h := sha256.New()
	n, err := io.Copy(h, c)
	c.Close()
	want := sha256.Sum256(blob)
	say("1 MiB over unix: n=%d equal=%v err-nil=%v", n, bytes.Equal(h.Sum(nil), want[:]), err == nil)
	_, err = net.Listen("unix", path)
	say("second listen on the path: EADDRINUSE=%v", errors.Is(err, syscall.EADDRINUSE))
	l.Close()
	_, err = os.Lstat(path)
	say("socket file removed by Close=%v", errors.Is(err, os.ErrNotExist))
	_, err = net.Dial("unix", path)
	say("dial removed socket: ENOENT=%v", errors.Is(err, syscall.ENOENT))
	// A socket file with no listener: ECONNREFUSED.
	l, err = net.Listen("unix", path)
	must("listen unix", err)
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	_, err = os.Lstat(path)
	say("socket file kept with SetUnlinkOnClose(false)=%v", err == nil)
	_, err = net.Dial("unix", path)
	say("dial stale socket: ECONNREFUSED=%v", errors.Is(err, syscall.ECONNREFUSED))
	os.Remove(path)
	// A socketpair through syscall, wrapped as files.
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	must("socketpair", err)
	a, b := os.NewFile(uintptr(fds[0]), "a"), os.NewFile(uintptr(fds[1]), "b")
	a.Write([]byte("over a socketpair"))
	a.Close()
	got, err := io.ReadAll(b)
	b.Close()
	say("socketpair read %q err-nil=%v", got, err == nil)
}

func unixgram(scratch string) {
	p1 := filepath.Join(scratch, "g1.sock")
	p2 := filepath.Join(scratch, "g2.sock")
	s1, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: p1, Net: "unixgram"})
	must("listenunixgram", err)
	defer s1.Close()
	s2, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: p2, Net: "unixgram"})
	must("listenunixgram", err)
	defer s2.Close()
	for _, m := range []string{"first", "", "third datagram"} {
		_, err := s2.WriteToUnix([]byte(m), &net.UnixAddr{Name: p1, Net: "unixgram"})
		if err != nil {
			say("write failed")
		}
	}
	buf := make([]byte, 1024)
	for i := 0; i < 3; i++ {
		s1.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, from, err := s1.ReadFromUnix(buf)
		fromName := "-"
		if from != nil {
			fromName = filepath.Base(from.Name)
		}
		say("unixgram got %q from %s err-nil=%v", buf[:n], fromName, err == nil)
	}
	// Reply to the sender's address.
	s1.WriteToUnix([]byte("reply"), &net.UnixAddr{Name: p2, Net: "unixgram"})
	s2.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, from, err := s2.ReadFromUnix(buf)
	fromName := "-"
	if from != nil {
		fromName = filepath.Base(from.Name)
	}
	say("reply %q from %s err-nil=%v", buf[:n], fromName, err == nil)
	// A connected, unnamed sender.
	c, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: p1, Net: "unixgram"})
	must("dialunix", err)
	c.Write([]byte("from an unnamed socket"))
	s1.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, from, err = s1.ReadFromUnix(buf)
	say("unnamed sender %q from-name-empty=%v err-nil=%v", buf[:n], from == nil || from.Name == "" || from.Name == "@", err == nil)
	c.Close()
	// Sending to a path with no socket.
	_, err = s2.WriteToUnix([]byte("x"), &net.UnixAddr{Name: filepath.Join(scratch, "nobody.sock"), Net: "unixgram"})
	say("send to missing path: ENOENT=%v", errors.Is(err, syscall.ENOENT))
	// Datagram socketpair keeps boundaries.
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_DGRAM, 0)
	must("socketpair", err)
	syscall.Write(fds[0], []byte("ab"))
	syscall.Write(fds[0], []byte("cde"))
	var sz []int
	for i := 0; i < 2; i++ {
		n, _ := syscall.Read(fds[1], buf)
		sz = append(sz, n)
	}
	syscall.Close(fds[0])
	syscall.Close(fds[1])
	say("dgram socketpair read sizes %v", sz)
	names, _ := filepath.Glob(filepath.Join(scratch, "g*.sock"))
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	sort.Strings(names)
	say("socket files %v", names)
}

func fdPassing(scratch string) {
	fpath := filepath.Join(scratch, "passed.txt")
	must("write", os.WriteFile(fpath, []byte("contents read through a passed descriptor\n"), 0o644))
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	must("socketpair", err)
	fa, fb := os.NewFile(uintptr(fds[0]), "a"), os.NewFile(uintptr(fds[1]), "b")
	ca, err := net.FileConn(fa)
	must("fileconn", err)
	cb, err := net.FileConn(fb)
	must("fileconn", err)
	fa.Close()
	fb.Close()
	ua, ub := ca.(*net.UnixConn), cb.(*net.UnixConn)
	defer ua.Close()
	defer ub.Close()

	// One descriptor: a file.
	f, err := os.Open(fpath)
	must("open", err)
	n, oobn, err := ua.WriteMsgUnix([]byte("here is a file"), syscall.UnixRights(int(f.Fd())), nil)
	say("sent n=%d oobn=%d err-nil=%v", n, oobn, err == nil)
	f.Close() // the receiver's copy stays open
	got := recvFds(ub, 1)
	if len(got) == 1 {
		rf := os.NewFile(uintptr(got[0]), "received")
		b, err := io.ReadAll(rf)
		say("read through received fd %q err-nil=%v", b, err == nil)
		rf.Close()
	}

	// Two descriptors at once: both ends of a pipe.
	pr, pw, err := os.Pipe()
	must("pipe", err)
	_, _, err = ua.WriteMsgUnix([]byte("a pipe"), syscall.UnixRights(int(pr.Fd()), int(pw.Fd())), nil)
	say("sent two err-nil=%v", err == nil)
	pr.Close()
	pw.Close()
	got = recvFds(ub, 2)
	if len(got) == 2 {
		r, w := os.NewFile(uintptr(got[0]), "r"), os.NewFile(uintptr(got[1]), "w")
		w.Write([]byte("through the passed pipe"))
		w.Close()
		b, err := io.ReadAll(r)
		say("pipe through passed fds %q err-nil=%v", b, err == nil)
		r.Close()
	}

	// A socket passed over a socket: the listener's connection.
	l, err := net.Listen("unix", filepath.Join(scratch, "pass.sock"))
	must("listen", err)
	defer l.Close()
	go echoServer(l)
	c, err := net.Dial("unix", filepath.Join(scratch, "pass.sock"))
	must("dial", err)
	cf, _ := c.(*net.UnixConn).File()
	c.Close()
	ua.WriteMsgUnix([]byte("a socket"), syscall.UnixRights(int(cf.Fd())), nil)
	cf.Close()
	got = recvFds(ub, 1)
	if len(got) == 1 {
		sf := os.NewFile(uintptr(got[0]), "sock")
		sc, err := net.FileConn(sf)
		sf.Close()
		must("fileconn", err)
		io.WriteString(sc, "echo via passed socket\n")
		line, err := bufio.NewReader(sc).ReadString('\n')
		say("passed socket echo %q err-nil=%v", line, err == nil)
		sc.Close()
	}

	// Data without rights: no control message.
	ua.Write([]byte("plain"))
	buf := make([]byte, 64)
	oob := make([]byte, 64)
	n, oobn, _, _, err = ub.ReadMsgUnix(buf, oob)
	say("plain message %q oobn=%d err-nil=%v", buf[:n], oobn, err == nil)
}

// recvFds reads one message and returns the descriptors it carried.
func recvFds(c *net.UnixConn, want int) []int {
	buf := make([]byte, 64)
	oob := make([]byte, syscall.CmsgSpace(4*want))
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, oobn, flags, _, err := c.ReadMsgUnix(buf, oob)
	if err != nil {
		say("recvmsg failed")
		return nil
	}
	msgs, err := syscall.ParseSocketControlMessage(oob[:oobn])
	if err != nil {
		say("ParseSocketControlMessage failed")
		return nil
	}
	var fds []int
	for _, m := range msgs {
		say("cmsg level SOL_SOCKET=%v type SCM_RIGHTS=%v", m.Header.Level == syscall.SOL_SOCKET, m.Header.Type == syscall.SCM_RIGHTS)
		r, err := syscall.ParseUnixRights(&m)
		if err == nil {
			fds = append(fds, r...)
		}
	}
	distinct := true
	for _, fd := range fds {
		if fd <= 2 {
			distinct = false
		}
	}
	say("received %q with %d messages, %d fds (want %d) MSG_CTRUNC=%v fds>2=%v", buf[:n], len(msgs), len(fds), want, flags&syscall.MSG_CTRUNC != 0, distinct)
	return fds
}

func ipv6() {
	l, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		say("ipv6 listen: unavailable")
		return
	}
	defer l.Close()
	say("ipv6 listen: ok ip=%s", l.Addr().(*net.TCPAddr).IP)
	go echoServer(l)
	c, err := net.Dial("tcp6", l.Addr().String())
	if err != nil {
		say("ipv6 dial failed ECONNREFUSED=%v", errors.Is(err, syscall.ECONNREFUSED))
		return
	}
	io.WriteString(c, "six\n")
	line, err := bufio.NewReader(c).ReadString('\n')
	say("ipv6 echo %q err-nil=%v local ip=%s", line, err == nil, c.LocalAddr().(*net.TCPAddr).IP)
	c.Close()
	u, err := net.ListenUDP("udp6", &net.UDPAddr{IP: net.IPv6loopback})
	if err != nil {
		say("ipv6 udp: unavailable")
		return
	}
	defer u.Close()
	uc, err := net.DialUDP("udp6", nil, u.LocalAddr().(*net.UDPAddr))
	must("dialudp6", err)
	uc.Write([]byte("udp six"))
	buf := make([]byte, 64)
	u.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, from, err := u.ReadFromUDP(buf)
	say("ipv6 udp got %q from ip=%v err-nil=%v", buf[:n], from != nil && from.IP.Equal(net.IPv6loopback), err == nil)
	uc.Close()
	// An IPv4 client cannot reach an IPv6-only listener port.
	_, err = net.Dial("tcp4", fmt.Sprintf("127.0.0.1:%d", l.Addr().(*net.TCPAddr).Port))
	say("tcp4 dial to the tcp6 port fails=%v", err != nil)
}
