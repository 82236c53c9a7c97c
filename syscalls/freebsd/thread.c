/*
 * FreeBSD threads.  Every guest thread is a host pthread: its start
 * routine makes itself a franca thread (GS base, altstack, SUD), then
 * enters the guest at start_func(arg) on the guest's stack with the
 * guest's FS base, as FreeBSD's cpu_set_upcall leaves a new thread.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/thread.h"

/* FreeBSD struct thr_param (sys/sys/thr.h). */
struct fbsd_thr_param {
	uint64_t start_func, arg, stack_base, stack_size, tls_base, tls_size;
	uint64_t child_tid, parent_tid;
	int32_t flags, pad;
	uint64_t rtp;
	uint64_t spare[3];
};
_Static_assert(sizeof(struct fbsd_thr_param) == 104, "sys/thr.h");

struct start {
	struct fbsd_thr_param p;
	struct fr_thread *t;
	volatile int ready; /* tid written: the parent may return */
};

static int nthreads;

int fbsd_nthreads_add(int delta)
{
	return __atomic_add_fetch(&nthreads, delta, __ATOMIC_SEQ_CST);
}

static void futex_wake(void *addr, int n)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

static void *thread_main(void *arg)
{
	struct start *s = arg;
	struct fr_thread *t = s->t;
	struct fbsd_thr_param p = s->p;
	sigset_t none;

	/*
	 * Created from inside a handler, the thread starts with every signal
	 * blocked; it unblocks them only once %gs leads to its fr_thread,
	 * which franca's handlers need from their first instruction.
	 */
	fr_thread_attach(t);
	fbsd_thread_register(t);
	sigemptyset(&none);
	pthread_sigmask(SIG_SETMASK, &none, NULL);
	if (p.child_tid)
		*(int64_t *)p.child_tid = t->tid;
	if (p.parent_tid)
		*(int64_t *)p.parent_tid = t->tid;
	__atomic_store_n(&s->ready, 1, __ATOMIC_RELEASE);
	futex_wake((void *)&s->ready, 1);
	/* s belongs to the parent from here on. */

	if (sigsetjmp(t->exit_jmp, 1)) {
		/*
		 * Signals stay blocked from here: the thread is leaving.  Its
		 * fr_thread stays allocated, since a signal handler on another
		 * thread may still be looking at it in the thread table.
		 */
		sigset_t all;
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, NULL);
		fbsd_thread_unregister(t);
		return NULL;
	}
	t->guest_fs = p.tls_base;
	fr_sud_enable(t);
	uint64_t rsp = ((p.stack_base + p.stack_size - 4) & ~0xFUL) - 8;
	fr_enter_guest(p.start_func, rsp, p.arg);
}

/* FreeBSD thr_new(2). */
long fbsd_sys_thr_new(struct fr_sc *sc)
{
	const struct fbsd_thr_param *p = (const void *)sc->a[0];
	int size = (int)sc->a[1];
	if (size < (int)sizeof(*p) - 8 * 4)
		return -EINVAL;
	struct start s;
	memset(&s, 0, sizeof(s));
	memcpy(&s.p, p, size < (int)sizeof(s.p) ? (size_t)size : sizeof(s.p));
	s.t = fr_thread_new(0);
	if (!s.t)
		return -ENOMEM;
	s.t->sigmask = fr_self()->sigmask;

	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* The host stack only carries thread_main; handlers use the altstack. */
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_t th;
	fbsd_nthreads_add(1);
	int e = pthread_create(&th, &attr, thread_main, &s);
	pthread_attr_destroy(&attr);
	if (e) {
		fbsd_nthreads_add(-1);
		fr_thread_free(s.t);
		return e == EAGAIN ? -EAGAIN : -e;
	}
	while (!__atomic_load_n(&s.ready, __ATOMIC_ACQUIRE))
		syscall(SYS_futex, &s.ready, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return 0;
}

/* FreeBSD thr_self(2): long *id. */
long fbsd_sys_thr_self(struct fr_sc *sc)
{
	*(int64_t *)sc->a[0] = fr_self()->tid;
	return 0;
}

/*
 * FreeBSD thr_exit(2): long *state is set to 1 and woken; the last thread
 * to leave ends the process with status 0.
 */
long fbsd_sys_thr_exit(struct fr_sc *sc)
{
	long *state = (long *)sc->a[0];
	struct fr_thread *t = fr_self();
	if (state) {
		__atomic_store_n(state, 1, __ATOMIC_SEQ_CST);
		futex_wake(state, INT_MAX);
	}
	if (fbsd_nthreads_add(-1) == 0)
		fbsd_exit_process(0);
	siglongjmp(t->exit_jmp, 1);
}

/* FreeBSD thr_set_name(2). */
long fbsd_sys_thr_set_name(struct fr_sc *sc)
{
	const char *name = (const char *)sc->a[1];
	char buf[16];
	snprintf(buf, sizeof(buf), "%.15s", name ? name : "");
	if ((int)sc->a[0] == fr_self()->tid || (long)sc->a[0] == -1)
		prctl(PR_SET_NAME, buf);
	return 0;
}

/* FreeBSD thr_wake(2) and thr_suspend(2) are not used by Go or libthr's common paths. */

/* FreeBSD sched_yield(2). */
long fbsd_sys_sched_yield(struct fr_sc *sc)
{
	(void)sc;
	sched_yield();
	return 0;
}

/*
 * FreeBSD cpuset_getaffinity(2): level, which, id, setsize, mask.  The
 * host affinity mask has the same bit layout (CPU n is bit n).
 */
long fbsd_sys_cpuset_getaffinity(struct fr_sc *sc)
{
	size_t setsize = sc->a[3];
	uint8_t *mask = (uint8_t *)sc->a[4];
	cpu_set_t set;
	pid_t id = (pid_t)sc->a[2];
	if (setsize < sizeof(long) || setsize > 1024)
		return -ERANGE;
	if (sched_getaffinity(id == -1 ? 0 : id, sizeof(set), &set) != 0)
		return -errno;
	memset(mask, 0, setsize);
	memcpy(mask, &set, setsize < sizeof(set) ? setsize : sizeof(set));
	return 0;
}

/* FreeBSD cpuset_setaffinity(2). */
long fbsd_sys_cpuset_setaffinity(struct fr_sc *sc)
{
	cpu_set_t set;
	size_t setsize = sc->a[3];
	CPU_ZERO(&set);
	memcpy(&set, (const void *)sc->a[4], setsize < sizeof(set) ? setsize : sizeof(set));
	pid_t id = (pid_t)sc->a[2];
	return sched_setaffinity(id == -1 ? 0 : id, sizeof(set), &set) ? -errno : 0;
}

/* FreeBSD cpuset_getid(2) and cpuset(2): one set, number 1. */
long fbsd_sys_cpuset_getid(struct fr_sc *sc)
{
	*(int32_t *)sc->a[3] = 1;
	return 0;
}

/* FreeBSD rtprio_thread(2): RTP_LOOKUP reports the normal class. */
long fbsd_sys_rtprio_thread(struct fr_sc *sc)
{
	uint16_t *rtp = (uint16_t *)sc->a[2];
	if ((int)sc->a[0] == 0 && rtp) { /* RTP_LOOKUP */
		rtp[0] = 3; /* RTP_PRIO_NORMAL */
		rtp[1] = 0;
		return 0;
	}
	return (int)sc->a[0] == 1 ? 0 : -EINVAL;
}
