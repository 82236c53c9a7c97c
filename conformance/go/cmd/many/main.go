// many runs the Go scheduler hard: ten thousand goroutines doing channel
// handoffs and short sleeps, asynchronous preemption of a CPU-bound loop
// under GOMAXPROCS(1), WaitGroups, mutexes, condition variables, a 1ms
// ticker and many timers.  Only results that do not depend on scheduling
// order or speed are printed (timing facts as booleans with generous bounds).
//
// Usage: many SCRATCHDIR
// Exit:  0 when it got to the end; 1 if a step timed out.
package main

import (
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
	cases := []struct {
		name string
		f    func()
	}{
		{"ten thousand goroutines", tenThousand},
		{"preemption under GOMAXPROCS(1)", preempt},
		{"waitgroup", waitGroup},
		{"ticker", ticker},
		{"timers", timers},
		{"mutex and cond", mutexCond},
		{"pipeline", pipeline},
		{"parallel work", parallel},
		{"goroutines exit", settle},
	}
	for _, c := range cases {
		say("== %s", c.name)
		watchdog(c.name, 60*time.Second, c.f)
	}
	say("many: done")
}

func tenThousand() {
	const n = 10000
	results := make(chan int, 64)
	var started sync.WaitGroup
	ins := make([]chan int, n)
	for i := 0; i < n; i++ {
		ins[i] = make(chan int)
		started.Add(1)
		go func(i int, in chan int) {
			started.Done()
			v := <-in // the handoff
			time.Sleep(time.Duration(1+i%3) * time.Millisecond)
			results <- v * 2
		}(i, ins[i])
	}
	started.Wait()
	say("all %d started, NumGoroutine>=%d: %v", n, n, runtime.NumGoroutine() >= n)
	go func() {
		for i := 0; i < n; i++ {
			ins[i] <- i
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-results
	}
	say("sum=%d want=%d", sum, n*(n-1))

	// A relay: each goroutine passes the token to the next.
	first := make(chan int)
	in := first
	for i := 0; i < n; i++ {
		out := make(chan int)
		go func(in, out chan int) { out <- 1 + <-in }(in, out)
		in = out
	}
	first <- 0
	say("relay through %d goroutines: %d", n, <-in)
}

func preempt() {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	var stop, spinning int32
	var spins uint64
	done := make(chan struct{})
	go func() {
		atomic.StoreInt32(&spinning, 1)
		// No calls and no allocation: only an asynchronous preemption
		// (a signal) lets another goroutine run on the one P.
		var n uint64
		for atomic.LoadInt32(&stop) == 0 {
			n++
		}
		atomic.StoreUint64(&spins, n)
		close(done)
	}()
	// Let the spinner take the P.
	for atomic.LoadInt32(&spinning) == 0 {
		runtime.Gosched()
	}
	ticks := 0
	deadline := time.Now().Add(20 * time.Second)
	for ticks < 20 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
		ticks++
	}
	atomic.StoreInt32(&stop, 1)
	<-done
	if ticks == 20 && atomic.LoadUint64(&spins) > 0 {
		say("preempted ok")
	} else {
		say("preemption FAILED ticks=%d", ticks)
	}

	// Two spinners and main, still on one P, all make progress.
	atomic.StoreInt32(&stop, 0)
	var a, b uint64
	var wg sync.WaitGroup
	for _, p := range []*uint64{&a, &b} {
		wg.Add(1)
		go func(p *uint64) {
			defer wg.Done()
			var n uint64
			for atomic.LoadInt32(&stop) == 0 {
				n++
				if n&0xfffff == 0 {
					atomic.StoreUint64(p, n)
				}
			}
			atomic.StoreUint64(p, n+1)
		}(p)
	}
	t0 := time.Now()
	for (atomic.LoadUint64(&a) == 0 || atomic.LoadUint64(&b) == 0) && time.Since(t0) < 20*time.Second {
		time.Sleep(time.Millisecond)
	}
	both := atomic.LoadUint64(&a) > 0 && atomic.LoadUint64(&b) > 0
	atomic.StoreInt32(&stop, 1)
	wg.Wait()
	say("two spinners both ran while main slept: %v", both)
}

func waitGroup() {
	var wg sync.WaitGroup
	var total int64
	for i := 1; i <= 1000; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%10 == 0 {
				time.Sleep(time.Millisecond)
			}
			atomic.AddInt64(&total, int64(i))
		}(i)
	}
	wg.Wait()
	say("waitgroup total=%d", atomic.LoadInt64(&total))

	// Nested groups and a second Wait on a finished group.
	var outer sync.WaitGroup
	var count int64
	for i := 0; i < 10; i++ {
		outer.Add(1)
		go func() {
			defer outer.Done()
			var inner sync.WaitGroup
			for j := 0; j < 100; j++ {
				inner.Add(1)
				go func() {
					atomic.AddInt64(&count, 1)
					inner.Done()
				}()
			}
			inner.Wait()
		}()
	}
	outer.Wait()
	outer.Wait()
	say("nested count=%d", atomic.LoadInt64(&count))

	// Many waiters on one group.
	var gate sync.WaitGroup
	gate.Add(1)
	var woke int64
	var waiters sync.WaitGroup
	for i := 0; i < 100; i++ {
		waiters.Add(1)
		go func() {
			gate.Wait()
			atomic.AddInt64(&woke, 1)
			waiters.Done()
		}()
	}
	time.Sleep(10 * time.Millisecond)
	before := atomic.LoadInt64(&woke)
	gate.Done()
	waiters.Wait()
	say("waiters woke before=%d after=%d", before, atomic.LoadInt64(&woke))
}

func ticker() {
	t := time.NewTicker(time.Millisecond)
	n := 0
	deadline := time.After(10 * time.Second)
loop:
	for n < 50 {
		select {
		case <-t.C:
			n++
		case <-deadline:
			break loop
		}
	}
	t.Stop()
	say("ticker reached 50 ticks: %v", n >= 50)
	// A stopped ticker sends nothing more.
	time.Sleep(10 * time.Millisecond)
	select {
	case <-t.C:
		say("stopped ticker still ticked")
	default:
		say("stopped ticker quiet")
	}
	// Reset to a longer period.
	t.Reset(5 * time.Millisecond)
	t0 := time.Now()
	for i := 0; i < 5; i++ {
		<-t.C
	}
	t.Stop()
	say("5 ticks at 5ms took >= 20ms: %v", time.Since(t0) >= 20*time.Millisecond)
}

func timers() {
	const n = 2000
	fired := make(chan int, n)
	for i := 0; i < n; i++ {
		i := i
		time.AfterFunc(time.Duration(i%50)*time.Millisecond, func() { fired <- i })
	}
	seen := make([]bool, n)
	for i := 0; i < n; i++ {
		seen[<-fired] = true
	}
	all := true
	for _, s := range seen {
		all = all && s
	}
	say("%d AfterFuncs all fired: %v", n, all)

	// Stopped timers never fire.
	var fires int64
	var ts []*time.Timer
	for i := 0; i < 500; i++ {
		ts = append(ts, time.AfterFunc(200*time.Millisecond, func() { atomic.AddInt64(&fires, 1) }))
	}
	stopped := 0
	for _, t := range ts {
		if t.Stop() {
			stopped++
		}
	}
	time.Sleep(300 * time.Millisecond)
	say("stopped %d timers, fired=%d", stopped, atomic.LoadInt64(&fires))

	// Timer order: sleeps of different lengths finish in order.
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for _, d := range []int{40, 10, 30, 20, 0} {
		wg.Add(1)
		go func(d int) {
			defer wg.Done()
			time.Sleep(time.Duration(d) * 5 * time.Millisecond)
			mu.Lock()
			order = append(order, d)
			mu.Unlock()
		}(d)
	}
	wg.Wait()
	say("sleep order %v", order)

	// time.After in a select with a ready channel.
	ready := make(chan int, 1)
	ready <- 1
	select {
	case v := <-ready:
		say("ready channel won: %d", v)
	case <-time.After(time.Second):
		say("timer won")
	}
}

func mutexCond() {
	var mu sync.Mutex
	counter := 0
	var wg sync.WaitGroup
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	say("mutex counter=%d", counter)

	var rw sync.RWMutex
	shared := map[int]int{}
	for i := 0; i < 50; i++ {
		wg.Add(2)
		go func(i int) {
			defer wg.Done()
			rw.Lock()
			shared[i] = i * i
			rw.Unlock()
		}(i)
		go func(i int) {
			defer wg.Done()
			rw.RLock()
			_ = shared[i]
			rw.RUnlock()
		}(i)
	}
	wg.Wait()
	keys := make([]int, 0, len(shared))
	sum := 0
	for k, v := range shared {
		keys = append(keys, k)
		sum += v
	}
	sort.Ints(keys)
	say("rwmutex map len=%d sum=%d first=%d last=%d", len(keys), sum, keys[0], keys[len(keys)-1])

	// A bounded queue with sync.Cond.
	cond := sync.NewCond(&mu)
	var queue []int
	const items = 5000
	produced := 0
	got := 0
	total := 0
	var cw sync.WaitGroup
	for c := 0; c < 4; c++ {
		cw.Add(1)
		go func() {
			defer cw.Done()
			for {
				mu.Lock()
				for len(queue) == 0 && produced < items {
					cond.Wait()
				}
				if len(queue) == 0 && produced == items {
					mu.Unlock()
					return
				}
				v := queue[0]
				queue = queue[1:]
				got++
				total += v
				cond.Broadcast()
				mu.Unlock()
			}
		}()
	}
	for i := 1; i <= items; i++ {
		mu.Lock()
		for len(queue) >= 8 {
			cond.Wait()
		}
		queue = append(queue, i)
		produced++
		cond.Broadcast()
		mu.Unlock()
	}
	mu.Lock()
	cond.Broadcast()
	mu.Unlock()
	cw.Wait()
	say("cond queue consumed=%d total=%d", got, total)

	var once sync.Once
	var calls int64
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once.Do(func() { atomic.AddInt64(&calls, 1) })
		}()
	}
	wg.Wait()
	say("once calls=%d", calls)
}

func pipeline() {
	// gen -> square (8 workers) -> sum, with unbuffered channels.
	src := make(chan int)
	sq := make(chan int)
	go func() {
		for i := 1; i <= 20000; i++ {
			src <- i
		}
		close(src)
	}()
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range src {
				sq <- v * v
			}
		}()
	}
	go func() {
		wg.Wait()
		close(sq)
	}()
	var sum int64
	for v := range sq {
		sum += int64(v)
	}
	say("pipeline sum of squares=%d", sum)

	// A select over many channels receives every value exactly once.
	chs := make([]chan int, 8)
	for i := range chs {
		chs[i] = make(chan int)
		go func(i int) {
			for j := 0; j < 1000; j++ {
				chs[i] <- i*1000 + j
			}
			close(chs[i])
		}(i)
	}
	seen := make(map[int]bool)
	open := len(chs)
	for open > 0 {
		var v int
		var ok bool
		select {
		case v, ok = <-chs[0]:
			if !ok {
				chs[0] = nil
			}
		case v, ok = <-chs[1]:
			if !ok {
				chs[1] = nil
			}
		case v, ok = <-chs[2]:
			if !ok {
				chs[2] = nil
			}
		case v, ok = <-chs[3]:
			if !ok {
				chs[3] = nil
			}
		case v, ok = <-chs[4]:
			if !ok {
				chs[4] = nil
			}
		case v, ok = <-chs[5]:
			if !ok {
				chs[5] = nil
			}
		case v, ok = <-chs[6]:
			if !ok {
				chs[6] = nil
			}
		case v, ok = <-chs[7]:
			if !ok {
				chs[7] = nil
			}
		}
		if !ok {
			open--
			continue
		}
		seen[v] = true
	}
	say("select over 8 channels got %d distinct values", len(seen))
}

func parallel() {
	prev := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(prev)
	res := make([]uint64, 8)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			x := uint64(w + 1)
			for i := 0; i < 5_000_000; i++ {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
			}
			res[w] = x
		}(w)
	}
	wg.Wait()
	say("parallel results %x", res)
	// Goroutines locked to threads.
	var tw sync.WaitGroup
	var locked int64
	for i := 0; i < 20; i++ {
		tw.Add(1)
		go func() {
			defer tw.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			time.Sleep(time.Millisecond)
			atomic.AddInt64(&locked, 1)
		}()
	}
	tw.Wait()
	say("locked-thread goroutines=%d", locked)
	// A locked goroutine that exits without unlocking takes its thread with it.
	done := make(chan bool)
	go func() {
		runtime.LockOSThread()
		done <- true
	}()
	say("exit while locked: %v", <-done)
}

func settle() {
	// Everything started above has finished: the count returns to a small
	// number (main, the watchdog's timer goroutine, the runtime's own).
	t0 := time.Now()
	for runtime.NumGoroutine() > 10 && time.Since(t0) < 10*time.Second {
		time.Sleep(5 * time.Millisecond)
	}
	say("goroutines back to a handful: %v", runtime.NumGoroutine() <= 10)
}
