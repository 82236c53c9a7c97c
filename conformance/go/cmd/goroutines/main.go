// goroutines exercises the Go runtime's threads, timers and synchronisation
// (futex/umtx, nanosleep, clock_gettime, signals for preemption) and prints
// only results that do not depend on scheduling order.
//
// Usage: goroutines
// Exit:  0 when it got to the end; 1 if a step timed out.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

func say(format string, args ...interface{}) {
	fmt.Printf(format+"\n", args...)
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

func main() {
	say("goroutines: start")
	steps := []struct {
		name string
		f    func()
	}{
		{"channels", channels},
		{"waitgroup", waitGroup},
		{"mutex", mutex},
		{"rwmutex", rwMutex},
		{"once", once},
		{"atomic", atomics},
		{"cond", cond},
		{"select", selects},
		{"sleep", sleeps},
		{"ticker", ticker},
		{"timer", timers},
		{"context", contexts},
		{"gomaxprocs", gomaxprocs},
		{"pipeline", pipeline},
		{"lockosthread", lockOSThread},
		{"busy", busy},
	}
	for _, s := range steps {
		say("== %s", s.name)
		watchdog(s.name, 60*time.Second, s.f)
	}
	say("goroutines: done")
	os.Exit(0)
}

func channels() {
	// Unbuffered: a send completes only with a receive.
	c := make(chan int)
	go func() {
		for i := 1; i <= 5; i++ {
			c <- i * i
		}
		close(c)
	}()
	var got []int
	for v := range c {
		got = append(got, v)
	}
	say("unbuffered received %v", got)
	v, ok := <-c
	say("receive from closed: v=%d ok=%v", v, ok)

	// Buffered: fills without a receiver.
	b := make(chan string, 3)
	b <- "a"
	b <- "b"
	b <- "c"
	say("buffered len=%d cap=%d", len(b), cap(b))
	select {
	case b <- "d":
		say("send to full buffer succeeded (unexpected)")
	default:
		say("send to full buffer would block")
	}
	close(b)
	var s []string
	for x := range b {
		s = append(s, x)
	}
	say("buffered drained %v", s)

	// Ping-pong between two goroutines.
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	n := 0
	for i := 0; i < 1000; i++ {
		ping <- n
		n = <-pong
	}
	close(ping)
	_, ok = <-pong
	say("ping-pong 1000 rounds -> %d, pong closed=%v", n, !ok)

	// Nil channel in select never fires.
	var nilc chan int
	select {
	case <-nilc:
		say("nil channel fired (unexpected)")
	default:
		say("nil channel does not fire")
	}

	// Panic on send to closed channel, recovered.
	func() {
		defer func() {
			r := recover()
			say("send on closed channel recovered: %v", r)
		}()
		cc := make(chan int, 1)
		close(cc)
		cc <- 1
	}()
}

func waitGroup() {
	var wg sync.WaitGroup
	results := make([]int64, 1000)
	for i := 0; i < 1000; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var s int64
			for k := 0; k <= i; k++ {
				s += int64(k)
			}
			results[i] = s
		}(i)
	}
	wg.Wait()
	var total int64
	for _, r := range results {
		total += r
	}
	say("1000 goroutines: sum of triangular numbers 0..999 = %d", total)
	say("results[999]=%d results[500]=%d", results[999], results[500])

	// Sum 1..1000 through a channel.
	ch := make(chan int, 64)
	var wg2 sync.WaitGroup
	for i := 1; i <= 1000; i++ {
		wg2.Add(1)
		go func(i int) {
			defer wg2.Done()
			ch <- i
		}(i)
	}
	go func() {
		wg2.Wait()
		close(ch)
	}()
	sum, count := 0, 0
	for v := range ch {
		sum += v
		count++
	}
	say("channel sum of 1..1000 = %d from %d goroutines", sum, count)
}

func mutex() {
	var mu sync.Mutex
	counter := 0
	var wg sync.WaitGroup
	for g := 0; g < 100; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	say("mutex counter 100x1000 = %d", counter)
	say("trylock on free mutex=%v", mu.TryLock())
	say("trylock on held mutex=%v", mu.TryLock())
	mu.Unlock()

	// A map guarded by a mutex; printed in sorted order.
	m := map[int]int{}
	var wg2 sync.WaitGroup
	for g := 0; g < 10; g++ {
		wg2.Add(1)
		go func(g int) {
			defer wg2.Done()
			for i := 0; i < 100; i++ {
				mu.Lock()
				m[i%7] += g
				mu.Unlock()
			}
		}(g)
	}
	wg2.Wait()
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	for _, k := range keys {
		say("  m[%d]=%d", k, m[k])
	}
}

func rwMutex() {
	var rw sync.RWMutex
	data := map[string]int{"x": 0}
	var readers atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 250; i++ {
				rw.Lock()
				data["x"]++
				rw.Unlock()
			}
		}()
	}
	for r := 0; r < 16; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				rw.RLock()
				_ = data["x"]
				readers.Add(1)
				rw.RUnlock()
			}
		}()
	}
	wg.Wait()
	say("rwmutex writes=%d reads=%d", data["x"], readers.Load())
}

func once() {
	var o sync.Once
	var calls atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o.Do(func() { calls.Add(1) })
		}()
	}
	wg.Wait()
	say("once: function ran %d time(s)", calls.Load())
	o.Do(func() { calls.Add(1) })
	say("once: after another Do %d", calls.Load())
}

func atomics() {
	var n int64
	var u atomic.Uint64
	var flag atomic.Bool
	var wg sync.WaitGroup
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				atomic.AddInt64(&n, 2)
				u.Add(1)
			}
			flag.Store(true)
		}()
	}
	wg.Wait()
	say("atomic int64=%d uint64=%d flag=%v", atomic.LoadInt64(&n), u.Load(), flag.Load())
	var v int32 = 10
	say("cas 10->20 ok=%v now=%d", atomic.CompareAndSwapInt32(&v, 10, 20), v)
	say("cas 10->30 ok=%v now=%d", atomic.CompareAndSwapInt32(&v, 10, 30), v)
	say("swap ->5 old=%d now=%d", atomic.SwapInt32(&v, 5), v)
	var av atomic.Value
	av.Store("stored")
	say("atomic.Value %q", av.Load())

	// CAS-based spin counter.
	var c int32
	var wg2 sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			for i := 0; i < 500; i++ {
				for {
					old := atomic.LoadInt32(&c)
					if atomic.CompareAndSwapInt32(&c, old, old+1) {
						break
					}
				}
			}
		}()
	}
	wg2.Wait()
	say("cas loop counter=%d", c)
}

func cond() {
	var mu sync.Mutex
	cv := sync.NewCond(&mu)
	ready := 0
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			ready++
			cv.Broadcast()
			mu.Unlock()
		}()
	}
	mu.Lock()
	for ready < 10 {
		cv.Wait()
	}
	mu.Unlock()
	wg.Wait()
	say("cond: %d goroutines signalled ready", ready)
}

func selects() {
	c := make(chan int)
	start := time.Now()
	select {
	case <-c:
		say("select got value (unexpected)")
	case <-time.After(30 * time.Millisecond):
		say("select timed out after >=30ms: %v", time.Since(start) >= 30*time.Millisecond)
	}

	d := make(chan int, 1)
	go func() {
		time.Sleep(10 * time.Millisecond)
		d <- 99
	}()
	select {
	case v := <-d:
		say("select received %d before timeout", v)
	case <-time.After(10 * time.Second):
		say("select timed out (unexpected)")
	}

	// Select over several ready channels: count, not order.
	a, b := make(chan int, 100), make(chan int, 100)
	for i := 0; i < 100; i++ {
		a <- 1
		b <- 2
	}
	sa, sb := 0, 0
	for i := 0; i < 200; i++ {
		select {
		case v := <-a:
			sa += v
		case v := <-b:
			sb += v
		}
	}
	say("select drained a=%d b=%d", sa, sb)
}

func sleeps() {
	for _, ms := range []int{10, 25, 50} {
		d := time.Duration(ms) * time.Millisecond
		t0 := time.Now()
		time.Sleep(d)
		el := time.Since(t0)
		say("sleep %dms: elapsed>=%dms %v", ms, ms, el >= d)
	}
	// Many sleepers at once.
	var wg sync.WaitGroup
	var woke atomic.Int32
	t0 := time.Now()
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			time.Sleep(time.Duration(10+i%40) * time.Millisecond)
			woke.Add(1)
		}(i)
	}
	wg.Wait()
	say("200 sleepers woke=%d elapsed>=49ms %v", woke.Load(), time.Since(t0) >= 49*time.Millisecond)
	t1 := time.Now()
	t2 := time.Now()
	say("monotonic clock non-decreasing: %v", !t2.Before(t1))
}

func ticker() {
	t0 := time.Now() // before NewTicker: ticks come 15ms apart after it
	t := time.NewTicker(15 * time.Millisecond)
	n := 0
	for range t.C {
		n++
		if n == 5 {
			break
		}
	}
	t.Stop()
	say("ticker ticked %d times, elapsed>=75ms %v", n, time.Since(t0) >= 75*time.Millisecond)
	t.Reset(5 * time.Millisecond)
	<-t.C
	t.Stop()
	say("ticker reset and ticked again")
}

func timers() {
	t := time.NewTimer(time.Hour)
	say("stop of pending timer=%v", t.Stop())
	say("stop of stopped timer=%v", t.Stop())
	t0 := time.Now() // before Reset: the deadline is 20ms after Reset
	t.Reset(20 * time.Millisecond)
	<-t.C
	say("reset timer fired after>=20ms %v", time.Since(t0) >= 20*time.Millisecond)
	say("stop of fired timer=%v", t.Stop())

	fired := make(chan string, 2)
	a := time.AfterFunc(10*time.Millisecond, func() { fired <- "a" })
	b := time.AfterFunc(time.Hour, func() { fired <- "b" })
	say("afterfunc a got %q", <-fired)
	say("stop a (already ran)=%v stop b=%v", a.Stop(), b.Stop())
	select {
	case x := <-fired:
		say("unexpected %q", x)
	case <-time.After(30 * time.Millisecond):
		say("b never fired")
	}

	// Many timers with distinct deadlines, each firing no earlier than its
	// deadline (the order of the callbacks themselves is not printed: two
	// late timers may run in either order).
	type fire struct {
		i   int
		bad bool
	}
	out := make(chan fire, 10)
	t1 := time.Now()
	for _, i := range []int{5, 1, 4, 2, 3} {
		i := i
		d := time.Duration(i) * 20 * time.Millisecond
		time.AfterFunc(d, func() { out <- fire{i, time.Since(t1) < d} })
	}
	var got [6]bool
	early := 0
	for k := 0; k < 5; k++ {
		f := <-out
		got[f.i] = true
		if f.bad {
			early++
		}
	}
	say("5 afterfunc timers all fired=%v early=%d", got[1] && got[2] && got[3] && got[4] && got[5], early)
}

func contexts() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	select {
	case <-ctx.Done():
		say("timeout ctx done: deadlineexceeded=%v", errors.Is(ctx.Err(), context.DeadlineExceeded))
	case <-time.After(10 * time.Second):
		say("ctx never done (unexpected)")
	}
	_, hasDeadline := ctx.Deadline()
	say("ctx has deadline=%v", hasDeadline)

	ctx2, cancel2 := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var stopped atomic.Int32
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-ctx2.Done()
			stopped.Add(1)
		}()
	}
	time.Sleep(10 * time.Millisecond)
	say("before cancel err=%v", ctx2.Err())
	cancel2()
	wg.Wait()
	say("after cancel stopped=%d canceled=%v", stopped.Load(), errors.Is(ctx2.Err(), context.Canceled))

	parent, pc := context.WithCancel(context.Background())
	child, cc := context.WithTimeout(parent, time.Hour)
	defer cc()
	pc()
	<-child.Done()
	say("child of cancelled parent: canceled=%v", errors.Is(child.Err(), context.Canceled))

	vctx := context.WithValue(context.Background(), ctxKey{}, "v1")
	say("context value %v", vctx.Value(ctxKey{}))

	// A worker that stops on cancellation mid-way.
	ctx3, cancel3 := context.WithTimeout(context.Background(), 40*time.Millisecond)
	defer cancel3()
	res := make(chan error, 1)
	go func() {
		tk := time.NewTicker(5 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-ctx3.Done():
				res <- ctx3.Err()
				return
			case <-tk.C:
			}
		}
	}()
	say("worker stopped with deadlineexceeded=%v", errors.Is(<-res, context.DeadlineExceeded))
}

type ctxKey struct{}

func gomaxprocs() {
	say("GOMAXPROCS>=1: %v", runtime.GOMAXPROCS(0) >= 1)
	say("NumCPU>=1: %v", runtime.NumCPU() >= 1)
	prev := runtime.GOMAXPROCS(2)
	say("set GOMAXPROCS 2, now=%d", runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(prev)
	say("restored: %v", runtime.GOMAXPROCS(0) == prev)
	say("NumGoroutine>=1: %v", runtime.NumGoroutine() >= 1)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	say("GC ran: %v", ms.NumGC >= 1)
	runtime.Gosched()
	say("GOOS-independent: GOARCH=%s", runtime.GOARCH)
}

func pipeline() {
	gen := func(n int) <-chan int {
		out := make(chan int)
		go func() {
			for i := 1; i <= n; i++ {
				out <- i
			}
			close(out)
		}()
		return out
	}
	sq := func(in <-chan int) <-chan int {
		out := make(chan int)
		go func() {
			for v := range in {
				out <- v * v
			}
			close(out)
		}()
		return out
	}
	merge := func(cs ...<-chan int) <-chan int {
		out := make(chan int, 10)
		var wg sync.WaitGroup
		for _, c := range cs {
			wg.Add(1)
			go func(c <-chan int) {
				defer wg.Done()
				for v := range c {
					out <- v
				}
			}(c)
		}
		go func() {
			wg.Wait()
			close(out)
		}()
		return out
	}
	src := gen(1000)
	// Fan out to 8 squarers, fan back in.
	workers := make([]<-chan int, 8)
	for i := range workers {
		workers[i] = sq(src)
	}
	sum, n := 0, 0
	var all []int
	for v := range merge(workers...) {
		sum += v
		n++
		all = append(all, v)
	}
	sort.Ints(all)
	say("pipeline: %d squares, sum=%d first=%v last=%d", n, sum, all[:5], all[len(all)-1])

	// Bounded producer/consumer with a done signal.
	jobs := make(chan int, 5)
	results := make(chan int, 5)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- j * 3
			}
		}()
	}
	go func() {
		for i := 0; i < 500; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	total := 0
	for r := range results {
		total += r
	}
	say("producer/consumer total=%d", total)
}

func lockOSThread() {
	done := make(chan int)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		s := 0
		for i := 0; i < 100; i++ {
			time.Sleep(time.Millisecond / 10)
			s += i
		}
		done <- s
	}()
	say("locked thread goroutine result=%d", <-done)
}

// busy runs CPU-bound goroutines that never make a function call, which
// needs asynchronous preemption (a signal, SIGURG) for the main goroutine's
// timer to get its turn. Without preemption the loops would spin forever;
// instead each gives up after a fixed number of iterations (seconds of CPU),
// and the program reports how many had to, so a missing preemption shows as
// a difference rather than a hang.
func busy() {
	const budget = 3_000_000_000
	var stop atomic.Bool
	var exhausted atomic.Int32
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0) + 2
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			i := 0
			for ; i < budget && !stop.Load(); i++ {
			}
			if i == budget {
				exhausted.Add(1)
			}
		}()
	}
	t0 := time.Now()
	time.Sleep(50 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	say("busy goroutines: main woke after>=50ms %v; loops that ran out of budget (not preempted): %d", time.Since(t0) >= 50*time.Millisecond, exhausted.Load())
}
