/*
 * FreeBSD _umtx_op(2) on Linux futexes.  The wait/wake family maps
 * directly.  A 64-bit UMTX_OP_WAIT compares the whole word first and then
 * sleeps on its low half, which is exact unless only the high half changes
 * between the check and the sleep; the wake of such a word wakes the low
 * half's waiters.  The libthr mutex, condvar, rwlock and semaphore ops are
 * not implemented yet (static Go programs do not use them).
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/thread.h"

/* sys/sys/umtx.h */
enum {
	UMTX_OP_WAIT = 2,
	UMTX_OP_WAKE = 3,
	UMTX_OP_WAIT_UINT = 11,
	UMTX_OP_WAIT_UINT_PRIVATE = 15,
	UMTX_OP_WAKE_PRIVATE = 16,
	UMTX_OP_NWAKE_PRIVATE = 21,
};
#define UMTX_ABSTIME 0x1

struct fbsd_umtx_time {
	struct fbsd_timespec timeout;
	uint32_t flags;
	uint32_t clockid;
};

/*
 * The timeout is given by uaddr (its size, as a pointer) and uaddr2 (a
 * timespec, or an _umtx_time when the size says so).
 */
static long futex_wait(uint32_t *addr, uint32_t val, int priv, uint64_t size, const void *t)
{
	int op = priv ? FUTEX_PRIVATE_FLAG : 0;
	struct timespec ts, *tsp = NULL;
	if (t) {
		if (size <= sizeof(struct fbsd_timespec)) {
			const struct fbsd_timespec *ft = t;
			ts.tv_sec = ft->tv_sec;
			ts.tv_nsec = ft->tv_nsec;
			tsp = &ts;
			op |= FUTEX_WAIT;
		} else {
			const struct fbsd_umtx_time *ut = t;
			int clk = clockid_fbsd_to_host((int)ut->clockid);
			if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC)
				clk = CLOCK_MONOTONIC;
			ts.tv_sec = ut->timeout.tv_sec;
			ts.tv_nsec = ut->timeout.tv_nsec;
			tsp = &ts;
			if (ut->flags & UMTX_ABSTIME) {
				op |= FUTEX_WAIT_BITSET | (clk == CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0);
			} else if (clk == CLOCK_REALTIME) {
				op |= FUTEX_WAIT; /* relative: the clock does not matter */
			} else {
				op |= FUTEX_WAIT;
			}
		}
		if (ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -EINVAL;
	} else {
		op |= FUTEX_WAIT;
	}
	long r = fr_blocking_syscall(SYS_futex, (long)addr, op, val, (long)tsp, 0, (long)FUTEX_BITSET_MATCH_ANY);
	if (r == -EAGAIN)
		return 0; /* the value had changed: FreeBSD returns at once, successfully */
	return r;
}

static long futex_wake(void *addr, int n, int priv)
{
	long r = syscall(SYS_futex, addr, FUTEX_WAKE | (priv ? FUTEX_PRIVATE_FLAG : 0), n, NULL, NULL, 0);
	return r < 0 ? -errno : 0;
}

/* FreeBSD _umtx_op(2): obj, op, val, uaddr, uaddr2. */
long fbsd_sys__umtx_op(struct fr_sc *sc)
{
	void *obj = (void *)sc->a[0];
	int op = (int)sc->a[1];
	uint64_t val = sc->a[2];
	uint64_t uaddr = sc->a[3];
	const void *uaddr2 = (const void *)sc->a[4];
	int n = val > INT_MAX ? INT_MAX : (int)val;

	switch (op) {
	case UMTX_OP_WAIT: {
		uint64_t *w = obj;
		if (__atomic_load_n(w, __ATOMIC_SEQ_CST) != val)
			return 0;
		return futex_wait((uint32_t *)w, (uint32_t)val, 0, uaddr, uaddr2);
	}
	case UMTX_OP_WAIT_UINT:
		return futex_wait(obj, (uint32_t)val, 0, uaddr, uaddr2);
	case UMTX_OP_WAIT_UINT_PRIVATE:
		return futex_wait(obj, (uint32_t)val, 1, uaddr, uaddr2);
	case UMTX_OP_WAKE:
		/* Shared and private waiters of one word are woken alike. */
		futex_wake(obj, n, 1);
		return futex_wake(obj, n, 0);
	case UMTX_OP_WAKE_PRIVATE:
		return futex_wake(obj, n, 1);
	case UMTX_OP_NWAKE_PRIVATE: {
		void **addrs = obj;
		for (int i = 0; i < n; i++)
			futex_wake(addrs[i], INT_MAX, 1);
		return 0;
	}
	default:
		return -EINVAL;
	}
}
