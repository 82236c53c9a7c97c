/*
 * FreeBSD signal syscalls.  Registration is complete and faithful to
 * FreeBSD's semantics (numbers, 128-bit sets, flags, per-thread masks and
 * alternate stacks are all kept in FreeBSD form).  Delivery of a signal to
 * a guest handler is not implemented yet: SIG_DFL and SIG_IGN are applied
 * to the host, and a signal the guest catches keeps the host's default
 * action, except SIGPIPE, which is ignored so that writes return EPIPE as
 * a Go program that catches it expects.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/thread.h"

static struct fbsd_sigaction actions[FBSD_NSIG + 1];
static pthread_mutex_t actions_lock = PTHREAD_MUTEX_INITIALIZER;

#define FBSD_SIG_DFL 0
#define FBSD_SIG_IGN 1

void fbsd_signal_init(void)
{
	/* Dispositions inherited across exec: SIG_IGN stays ignored. */
	for (int f = 1; f <= FBSD_NSIG; f++) {
		int h = signo_fbsd_to_host(f);
		struct sigaction sa;
		if (h && sigaction(h, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			actions[f].handler = FBSD_SIG_IGN;
	}
}

/* True when the guest has a handler of its own for FreeBSD signal f. */
int fbsd_signal_caught(int f)
{
	return f > 0 && f <= FBSD_NSIG && actions[f].handler > FBSD_SIG_IGN;
}

static void apply_host(int f, uint64_t handler)
{
	int h = signo_fbsd_to_host(f);
	if (!h || h == SIGSYS || h == SIGKILL || h == SIGSTOP)
		return;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	if (handler == FBSD_SIG_IGN)
		sa.sa_handler = SIG_IGN;
	else if (handler == FBSD_SIG_DFL)
		sa.sa_handler = SIG_DFL;
	else
		sa.sa_handler = h == SIGPIPE ? SIG_IGN : SIG_DFL;
	sigaction(h, &sa, NULL);
}

/* FreeBSD sigaction(2). */
long fbsd_sys_sigaction(struct fr_sc *sc)
{
	int sig = (int)sc->a[0];
	const struct fbsd_sigaction *act = (const void *)sc->a[1];
	struct fbsd_sigaction *oact = (void *)sc->a[2];
	if (sig < 1 || sig > FBSD_NSIG)
		return -EINVAL;
	if (act && (sig == 9 || sig == 17)) /* SIGKILL, SIGSTOP */
		return -EINVAL;
	pthread_mutex_lock(&actions_lock);
	if (oact)
		*oact = actions[sig];
	if (act) {
		actions[sig] = *act;
		apply_host(sig, act->handler);
	}
	pthread_mutex_unlock(&actions_lock);
	if (act && (fr_trace_mask & FR_TRACE_SIGNAL))
		fr_trace("[%d] signal: guest %s signal %d (flags %#x)\n", (int)getpid(),
			 act->handler == FBSD_SIG_DFL ? "defaults" : act->handler == FBSD_SIG_IGN ? "ignores" : "catches",
			 sig, act->flags);
	return 0;
}

static void sigset_apply(struct fbsd_sigset *cur, int how, const struct fbsd_sigset *set)
{
	for (int i = 0; i < 4; i++) {
		switch (how) {
		case 1: cur->bits[i] |= set->bits[i]; break;   /* SIG_BLOCK */
		case 2: cur->bits[i] &= ~set->bits[i]; break;  /* SIG_UNBLOCK */
		case 3: cur->bits[i] = set->bits[i]; break;    /* SIG_SETMASK */
		}
	}
	/* SIGKILL and SIGSTOP cannot be blocked. */
	cur->bits[0] &= ~((1u << 8) | (1u << 16));
}

/* FreeBSD sigprocmask(2): SIG_BLOCK 1, SIG_UNBLOCK 2, SIG_SETMASK 3. */
long fbsd_sys_sigprocmask(struct fr_sc *sc)
{
	int how = (int)sc->a[0];
	const struct fbsd_sigset *set = (const void *)sc->a[1];
	struct fbsd_sigset *oset = (void *)sc->a[2];
	struct fr_thread *t = fr_self();
	if (set && (how < 1 || how > 3))
		return -EINVAL;
	if (oset)
		*oset = t->sigmask;
	if (set)
		sigset_apply(&t->sigmask, how, set);
	return 0;
}

/* FreeBSD sigpending(2): nothing is ever pending for the guest yet. */
long fbsd_sys_sigpending(struct fr_sc *sc)
{
	memset((void *)sc->a[0], 0, sizeof(struct fbsd_sigset));
	return 0;
}

/* FreeBSD sigaltstack(2). */
long fbsd_sys_sigaltstack(struct fr_sc *sc)
{
	const struct fbsd_stack *ss = (const void *)sc->a[0];
	struct fbsd_stack *oss = (void *)sc->a[1];
	struct fr_thread *t = fr_self();
	uint64_t sp = (uint64_t)sc->uc->uc_mcontext.gregs[REG_RSP];
	int on = !(t->sigstack.ss_flags & FBSD_SS_DISABLE) && sp > t->sigstack.ss_sp &&
		 sp <= t->sigstack.ss_sp + t->sigstack.ss_size;
	if (oss) {
		*oss = t->sigstack;
		oss->ss_flags = (t->sigstack.ss_flags & FBSD_SS_DISABLE) | (on ? FBSD_SS_ONSTACK : 0);
	}
	if (ss) {
		if (on)
			return -EPERM;
		if (ss->ss_flags & ~FBSD_SS_DISABLE)
			return -EINVAL;
		if (!(ss->ss_flags & FBSD_SS_DISABLE) && ss->ss_size < 2048) /* MINSIGSTKSZ */
			return -ENOMEM;
		t->sigstack.ss_sp = ss->ss_sp;
		t->sigstack.ss_size = ss->ss_size;
		t->sigstack.ss_flags = ss->ss_flags & FBSD_SS_DISABLE;
	}
	return 0;
}

/*
 * Sends host signal h to a thread or process on the guest's behalf.  A
 * signal the guest catches cannot be delivered yet; it is dropped (and
 * traced), which for Go's preemption requests (SIGURG) only means that a
 * goroutine is preempted at its next function call instead.
 */
static int undeliverable(int f, const char *what)
{
	if (!fbsd_signal_caught(f))
		return 0;
	if (fr_trace_mask & FR_TRACE_SIGNAL)
		fr_trace("[%d] signal: %s of caught signal %d dropped (delivery not implemented)\n",
			 (int)getpid(), what, f);
	return 1;
}

/* FreeBSD kill(2). */
long fbsd_sys_kill(struct fr_sc *sc)
{
	pid_t pid = (pid_t)sc->a[0];
	int f = (int)sc->a[1], h = 0;
	if (f < 0 || f > FBSD_NSIG)
		return -EINVAL;
	if (f) {
		h = signo_fbsd_to_host(f);
		if (!h)
			return -EINVAL;
	}
	if ((pid == getpid() || pid == 0) && f && undeliverable(f, "kill"))
		return 0;
	return kill(pid, h) ? -errno : 0;
}

/* FreeBSD thr_kill(2): a thread of this process. */
long fbsd_sys_thr_kill(struct fr_sc *sc)
{
	int tid = (int)sc->a[0], f = (int)sc->a[1], h = 0;
	if (f < 0 || f > FBSD_NSIG)
		return -EINVAL;
	if (f) {
		h = signo_fbsd_to_host(f);
		if (!h)
			return -EINVAL;
		if (undeliverable(f, "thr_kill"))
			return syscall(SYS_tgkill, getpid(), tid, 0) ? -errno : 0;
	}
	return syscall(SYS_tgkill, getpid(), tid, h) ? -errno : 0;
}

/* FreeBSD thr_kill2(2): a thread of any process. */
long fbsd_sys_thr_kill2(struct fr_sc *sc)
{
	pid_t pid = (pid_t)sc->a[0];
	int tid = (int)sc->a[1], f = (int)sc->a[2], h = 0;
	if (f < 0 || f > FBSD_NSIG)
		return -EINVAL;
	if (f) {
		h = signo_fbsd_to_host(f);
		if (!h)
			return -EINVAL;
		if (pid == getpid() && undeliverable(f, "thr_kill2"))
			return 0;
	}
	return syscall(SYS_tgkill, pid, tid, h) ? -errno : 0;
}

/* FreeBSD sigfastblock(2): libc/rtld's signal-blocking word; accepted. */
long fbsd_sys_sigfastblock(struct fr_sc *sc)
{
	int cmd = (int)sc->a[0];
	if (cmd < 1 || cmd > 4)
		return -EINVAL;
	return 0;
}
