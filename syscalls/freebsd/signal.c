/*
 * FreeBSD signals: registration (sigaction, sigprocmask, sigaltstack,
 * sigpending, sigsuspend), sending (kill, thr_kill, thr_kill2) and
 * delivery to guest handlers.
 *
 * A signal the guest catches gets franca's host handler (fr_signal_entry,
 * all signals blocked while it runs).  If it interrupted guest code it is
 * delivered at once: a FreeBSD struct sigframe (handler, ucontext, siginfo)
 * is built on the guest's stack or alternate stack and the interrupted
 * context is redirected to the sigcode trampoline, which calls the handler
 * and then FreeBSD sigreturn(2).  If it interrupted franca (a blocking
 * syscall, whose handler runs with signals unblocked) it is queued and
 * delivered on the way back to the guest, where the guest's SA_RESTART
 * decides between restarting the syscall and EINTR.  A signal the guest's
 * mask blocks waits in the thread's pending set until it is unblocked.
 * SIG_DFL and SIG_IGN are left to the host kernel, unless a kqueue watches
 * the signal (EVFILT_SIGNAL), which must see every occurrence.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/thread.h"

#define FBSD_SIG_DFL 0
#define FBSD_SIG_IGN 1
#define FBSD_SA_ONSTACK 0x1
#define FBSD_SA_RESTART 0x2
#define FBSD_SA_RESETHAND 0x4
#define FBSD_SA_NODEFER 0x10
#define FBSD_SA_SIGINFO 0x40
#define FBSD_SYS_sigreturn 417

/* FreeBSD sys/x86/include/ucontext.h: mcontext_t on amd64 (800 bytes). */
struct fbsd_mcontext {
	uint64_t onstack, rdi, rsi, rdx, rcx, r8, r9, rax, rbx, rbp, r10, r11, r12, r13, r14, r15;
	uint32_t trapno;
	uint16_t fs, gs;
	uint64_t addr;
	uint32_t flags;
	uint16_t es, ds;
	uint64_t err, rip, cs, rflags, rsp, ss;
	uint64_t len, fpformat, ownedfp;
	uint64_t fpstate[64] __attribute__((aligned(16)));
	uint64_t fsbase, gsbase, xfpustate, xfpustate_len;
	uint64_t spare[4];
};
_Static_assert(sizeof(struct fbsd_mcontext) == 800, "x86/ucontext.h");
_Static_assert(__builtin_offsetof(struct fbsd_mcontext, fpstate) == 224, "x86/ucontext.h");

/* FreeBSD sys/sys/_ucontext.h */
struct fbsd_ucontext {
	struct fbsd_sigset sigmask;
	struct fbsd_mcontext mc;
	uint64_t link;
	struct fbsd_stack stack;
	int32_t flags;
	int32_t spare[4];
} __attribute__((aligned(16)));
_Static_assert(sizeof(struct fbsd_ucontext) == 880, "sys/_ucontext.h");

/* FreeBSD sys/amd64/include/sigframe.h */
struct fbsd_sigframe {
	uint64_t handler;
	uint64_t pad;
	struct fbsd_ucontext uc;
	struct fbsd_siginfo si;
};
_Static_assert(__builtin_offsetof(struct fbsd_sigframe, uc) == 16, "SIGF_UC");

#define MC_HASSEGS 0x1
#define MC_HASBASES 0x2
#define MC_FPFMT_XMM 0x10002
#define MC_FPOWNED_FPU 0x20001

static struct fbsd_sigaction actions[FBSD_NSIG + 1];
static pthread_mutex_t actions_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t sigcode;

extern int fr_install_host_handler(int sig, uint64_t mask);

static int member(const struct fbsd_sigset *s, int f)
{
	return (s->bits[(f - 1) / 32] >> ((f - 1) % 32)) & 1;
}

/* Atomic: another thread may forward a signal into this thread's pending set. */
static void add(struct fbsd_sigset *s, int f)
{
	__atomic_or_fetch(&s->bits[(f - 1) / 32], 1u << ((f - 1) % 32), __ATOMIC_SEQ_CST);
}

static void del(struct fbsd_sigset *s, int f)
{
	__atomic_and_fetch(&s->bits[(f - 1) / 32], ~(1u << ((f - 1) % 32)), __ATOMIC_SEQ_CST);
}

/*
 * Every thread running guest code, for process-directed signals: the host
 * kernel picks a thread without knowing the guest's masks (franca keeps the
 * host masks empty), so a signal that lands on a thread whose guest mask
 * blocks it is passed on to one that does not, as FreeBSD's kernel would
 * have chosen.  Slots are claimed and cleared atomically and fr_thread
 * structures are never freed, so a handler may walk the table at any time.
 */
#define MAX_THREADS 4096
static struct fr_thread *threads[MAX_THREADS];

void fbsd_thread_register(struct fr_thread *t)
{
	for (int i = 0; i < MAX_THREADS; i++) {
		struct fr_thread *none = NULL;
		if (__atomic_compare_exchange_n(&threads[i], &none, t, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return;
	}
}

void fbsd_thread_unregister(struct fr_thread *t)
{
	for (int i = 0; i < MAX_THREADS; i++)
		if (__atomic_load_n(&threads[i], __ATOMIC_SEQ_CST) == t)
			__atomic_store_n(&threads[i], NULL, __ATOMIC_SEQ_CST);
}

/* In a fork(2) child only the forking thread exists. */
static void threads_after_fork(struct fr_thread *self)
{
	for (int i = 0; i < MAX_THREADS; i++)
		if (threads[i] != self)
			threads[i] = NULL;
}

static struct fr_thread *taker(int f, const struct fr_thread *self)
{
	for (int i = 0; i < MAX_THREADS; i++) {
		struct fr_thread *u = __atomic_load_n(&threads[i], __ATOMIC_SEQ_CST);
		if (u && u != self && !member(&u->sigmask, f))
			return u;
	}
	return NULL;
}

/* Host signal that tells a thread a signal was forwarded to it. */
#define KICK_SIGNAL 64

/*
 * The sigcode trampoline (FreeBSD's lives in the shared page): call the
 * handler stored at the bottom of the frame, then sigreturn(&frame->uc).
 */
static void sigcode_init(void)
{
	static const uint8_t code[] = {
		0xff, 0x14, 0x24,             /* call *(%rsp) */
		0x48, 0x8d, 0x7c, 0x24, 0x10, /* lea 16(%rsp), %rdi */
		0x6a, 0x00,                   /* push $0 */
		0xb8, 0xa1, 0x01, 0x00, 0x00, /* mov $417, %eax (sigreturn) */
		0x0f, 0x05,                   /* syscall */
		0xf4,                         /* hlt */
	};
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		fr_fatal(FR_EXIT_HOST, NULL, "cannot map the signal trampoline");
	memcpy(p, code, sizeof(code));
	mprotect(p, 4096, PROT_READ | PROT_EXEC);
	sigcode = (uint64_t)p;
}

void fbsd_signal_init(void)
{
	sigcode_init();
	fr_install_host_handler(KICK_SIGNAL, ~0ULL);
	/* Dispositions inherited across exec: SIG_IGN stays ignored. */
	for (int f = 1; f <= FBSD_NSIG; f++) {
		int h = signo_fbsd_to_host(f);
		struct sigaction sa;
		if (h && sigaction(h, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			actions[f].handler = FBSD_SIG_IGN;
	}
}

/* The guest's initial mask is the one the process was started with. */
void fbsd_signal_thread_init(struct fr_thread *t)
{
	sigset_t cur, none;
	uint64_t bits = 0;
	sigprocmask(SIG_SETMASK, NULL, &cur);
	for (int h = 1; h <= 64; h++)
		if (sigismember(&cur, h) == 1)
			bits |= 1ULL << (h - 1);
	sigset_host_to_fbsd(&bits, &t->sigmask);
	/* franca keeps the host mask empty; the guest's lives in t->sigmask. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* In a fork(2) child: another thread of the parent may have held the lock. */
void fbsd_signal_after_fork(void)
{
	pthread_mutex_init(&actions_lock, NULL);
	threads_after_fork(fr_self());
}

int fbsd_signal_caught(int f)
{
	return f > 0 && f <= FBSD_NSIG && actions[f].handler > FBSD_SIG_IGN;
}

/* kqueue EVFILT_SIGNAL knotes per signal (event.c): they see every occurrence. */
static int watched[FBSD_NSIG + 1];

static void apply_host(int f, uint64_t handler)
{
	int h = signo_fbsd_to_host(f);
	if (!h || h == SIGSYS || h == SIGKILL || h == SIGSTOP)
		return;
	if (handler > FBSD_SIG_IGN || __atomic_load_n(&watched[f], __ATOMIC_SEQ_CST)) {
		fr_install_host_handler(h, ~0ULL);
		return;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler == FBSD_SIG_IGN ? SIG_IGN : SIG_DFL;
	sigaction(h, &sa, NULL);
}

/*
 * An EVFILT_SIGNAL knote for f appears (delta 1) or goes (-1).  While one
 * exists franca's handler stays installed even for SIG_IGN and SIG_DFL, so
 * that every occurrence is counted, as FreeBSD counts them.
 */
void fbsd_signal_watch(int f, int delta)
{
	if (f < 1 || f > FBSD_NSIG)
		return;
	__atomic_add_fetch(&watched[f], delta, __ATOMIC_SEQ_CST);
	pthread_mutex_lock(&actions_lock);
	apply_host(f, actions[f].handler);
	pthread_mutex_unlock(&actions_lock);
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
	struct fbsd_sigaction nact;
	if (act)
		nact = *act;
	pthread_mutex_lock(&actions_lock);
	if (oact)
		*oact = actions[sig];
	if (act) {
		actions[sig] = nact;
		apply_host(sig, nact.handler);
	}
	pthread_mutex_unlock(&actions_lock);
	if (act && (fr_trace_mask & FR_TRACE_SIGNAL))
		fr_trace("[%d] signal: guest %s signal %d (flags %#x)\n", (int)getpid(),
			 nact.handler == FBSD_SIG_DFL ? "defaults" : nact.handler == FBSD_SIG_IGN ? "ignores" : "catches",
			 sig, nact.flags);
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
	struct fbsd_sigset nset;
	if (set)
		nset = *set;
	if (oset)
		*oset = t->sigmask;
	if (set)
		sigset_apply(&t->sigmask, how, &nset);
	return 0; /* newly unblocked pending signals are delivered on the way out */
}

/* FreeBSD sigpending(2). */
long fbsd_sys_sigpending(struct fr_sc *sc)
{
	struct fr_thread *t = fr_self();
	struct fbsd_sigset *out = (void *)sc->a[0];
	for (int i = 0; i < 4; i++)
		out->bits[i] = t->pending.bits[i];
	return 0;
}

/*
 * FreeBSD sigsuspend(2): waits with a temporary mask; the handler runs with
 * it and the old mask comes back when the handler returns.
 */
long fbsd_sys_sigsuspend(struct fr_sc *sc)
{
	struct fr_thread *t = fr_self();
	struct fbsd_sigset tmp = *(const struct fbsd_sigset *)sc->a[0];
	t->suspend_mask = t->sigmask;
	t->in_suspend = 1;
	sigset_apply(&t->sigmask, 3, &tmp);
	static const uint64_t none = 0;
	while (!fbsd_signal_deliverable(t))
		fr_blocking_syscall(SYS_rt_sigsuspend, (long)&none, 8, 0, 0, 0, 0);
	return -EINTR;
}

/*
 * The sigwait family: takes a pending signal of set (which the caller
 * blocks) without running its handler; waits for one until the deadline.
 * Returns the signal number, -EAGAIN on timeout or -EINTR when an unblocked
 * signal is to be handled instead.
 */
static long sigwait_common(struct fr_thread *t, const struct fbsd_sigset *set, struct fbsd_siginfo *info,
			   const struct fbsd_timespec *timeout)
{
	struct timespec deadline, now;
	if (timeout) {
		if (timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000)
			return -EINVAL;
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline.tv_sec += timeout->tv_sec;
		deadline.tv_nsec += timeout->tv_nsec;
		if (deadline.tv_nsec >= 1000000000) {
			deadline.tv_sec++;
			deadline.tv_nsec -= 1000000000;
		}
	}
	t->wait_set = *set;
	long r;
	for (;;) {
		/* Reset before looking, so that a signal arriving after the look stops the sleep. */
		t->intr = 0;
		int f;
		for (f = 1; f <= FBSD_NSIG; f++)
			if (member(&t->pending, f) && member(set, f))
				break;
		if (f <= FBSD_NSIG) {
			del(&t->pending, f);
			if (info)
				*info = t->pending_info[f];
			r = f;
			break;
		}
		if (fbsd_signal_deliverable(t)) {
			r = -EINTR;
			break;
		}
		struct timespec left, *lp = NULL;
		if (timeout) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left.tv_sec = deadline.tv_sec - now.tv_sec;
			left.tv_nsec = deadline.tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_sec--;
				left.tv_nsec += 1000000000;
			}
			if (left.tv_sec < 0) {
				r = -EAGAIN;
				break;
			}
			lp = &left;
		}
		fr_blocking_syscall(SYS_ppoll, 0, 0, (long)lp, 0, 8, 0);
	}
	memset(&t->wait_set, 0, sizeof(t->wait_set));
	return r;
}

/* FreeBSD sigtimedwait(2). */
long fbsd_sys_sigtimedwait(struct fr_sc *sc)
{
	struct fbsd_sigset set = *(const struct fbsd_sigset *)sc->a[0];
	return sigwait_common(fr_self(), &set, (void *)sc->a[1], (const void *)sc->a[2]);
}

/* FreeBSD sigwaitinfo(2). */
long fbsd_sys_sigwaitinfo(struct fr_sc *sc)
{
	struct fbsd_sigset set = *(const struct fbsd_sigset *)sc->a[0];
	return sigwait_common(fr_self(), &set, (void *)sc->a[1], NULL);
}

/* FreeBSD sigwait(2): the error is the return value, the signal goes to *sig. */
long fbsd_sys_sigwait(struct fr_sc *sc)
{
	struct fbsd_sigset set = *(const struct fbsd_sigset *)sc->a[0];
	long r = sigwait_common(fr_self(), &set, NULL, NULL);
	if (r == -EINTR)
		return -FR_ERESTART; /* FreeBSD restarts sigwait after a handler */
	if (r < 0)
		return errno_host_to_fbsd((int)-r);
	*(int32_t *)sc->a[1] = (int32_t)r;
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
	struct fbsd_stack nss;
	if (ss)
		nss = *ss;
	if (oss) {
		*oss = t->sigstack;
		oss->ss_flags = (t->sigstack.ss_flags & FBSD_SS_DISABLE) | (on ? FBSD_SS_ONSTACK : 0);
	}
	if (ss) {
		if (on)
			return -EPERM;
		if (nss.ss_flags & ~FBSD_SS_DISABLE)
			return -EINVAL;
		if (!(nss.ss_flags & FBSD_SS_DISABLE) && nss.ss_size < 2048) /* MINSIGSTKSZ */
			return -ENOMEM;
		t->sigstack.ss_sp = nss.ss_sp;
		t->sigstack.ss_size = nss.ss_size;
		t->sigstack.ss_flags = nss.ss_flags & FBSD_SS_DISABLE;
	}
	return 0;
}

static long send_to(pid_t pid, int tid, int f)
{
	int h = 0;
	if (f < 0 || f > FBSD_NSIG)
		return -EINVAL;
	if (f) {
		h = signo_fbsd_to_host(f);
		if (!h)
			return -EINVAL;
	}
	long r = tid ? syscall(SYS_tgkill, pid, tid, h) : kill(pid, h);
	return r ? -errno : 0;
}

/* FreeBSD kill(2). */
long fbsd_sys_kill(struct fr_sc *sc)
{
	return send_to((pid_t)sc->a[0], 0, (int)sc->a[1]);
}

/* FreeBSD thr_kill(2): a thread of this process. */
long fbsd_sys_thr_kill(struct fr_sc *sc)
{
	return send_to(getpid(), (int)sc->a[0], (int)sc->a[1]);
}

/* FreeBSD thr_kill2(2): a thread of any process. */
long fbsd_sys_thr_kill2(struct fr_sc *sc)
{
	return send_to((pid_t)sc->a[0], (int)sc->a[1], (int)sc->a[2]);
}

/* FreeBSD sigfastblock(2): libc/rtld's signal-blocking word; accepted. */
long fbsd_sys_sigfastblock(struct fr_sc *sc)
{
	int cmd = (int)sc->a[0];
	if (cmd < 1 || cmd > 4)
		return -EINVAL;
	return 0;
}

/* si_code values: FreeBSD sys/sys/signal.h against Linux asm-generic/siginfo.h. */
static int sicode_host_to_fbsd(int sig, int code)
{
	switch (code) {
	case SI_USER: return 0x10001;
	case SI_QUEUE: return 0x10002;
	case SI_TIMER: return 0x10003;
	case SI_ASYNCIO: return 0x10004;
	case SI_MESGQ: return 0x10005;
	case SI_KERNEL: return 0x10006;
	case SI_TKILL: return 0x10007; /* SI_LWP */
	}
	if (sig == SIGFPE && code == FPE_INTDIV)
		return 2;
	if (sig == SIGFPE && code == FPE_INTOVF)
		return 1;
	return code; /* SEGV_, BUS_, ILL_, TRAP_, CLD_ and the other FPE_ codes agree */
}

static void siginfo_host_to_fbsd(int f, const siginfo_t *si, struct fbsd_siginfo *o)
{
	memset(o, 0, sizeof(*o));
	o->signo = f;
	o->errnum = si->si_errno ? errno_host_to_fbsd(si->si_errno) : 0;
	o->code = sicode_host_to_fbsd(si->si_signo, si->si_code);
	if (si->si_code <= 0 || si->si_signo == SIGCHLD) {
		o->pid = si->si_pid;
		o->uid = si->si_uid;
	}
	if (si->si_signo == SIGCHLD)
		o->status = si->si_code == CLD_EXITED ? si->si_status : signo_host_to_fbsd(si->si_status);
	if (si->si_signo == SIGSEGV || si->si_signo == SIGBUS || si->si_signo == SIGILL ||
	    si->si_signo == SIGFPE || si->si_signo == SIGTRAP)
		o->addr = (uint64_t)si->si_addr;
	if (si->si_code == SI_QUEUE || si->si_code == SI_TIMER)
		o->value = (uint64_t)si->si_value.sival_ptr;
	if (si->si_signo == SIGSEGV || si->si_signo == SIGBUS)
		o->reason[0] = 0; /* _fault._trapno: not known */
}

/* Is some pending signal no longer blocked? */
int fbsd_signal_deliverable(const struct fr_thread *t)
{
	for (int i = 0; i < 4; i++)
		if (t->pending.bits[i] & ~t->sigmask.bits[i])
			return 1;
	return 0;
}

static void mc_from_host(struct fbsd_mcontext *mc, const ucontext_t *uc, const struct fr_thread *t)
{
	const greg_t *g = uc->uc_mcontext.gregs;
	memset(mc, 0, sizeof(*mc));
	mc->rdi = g[REG_RDI]; mc->rsi = g[REG_RSI]; mc->rdx = g[REG_RDX]; mc->rcx = g[REG_RCX];
	mc->r8 = g[REG_R8]; mc->r9 = g[REG_R9]; mc->rax = g[REG_RAX]; mc->rbx = g[REG_RBX];
	mc->rbp = g[REG_RBP]; mc->r10 = g[REG_R10]; mc->r11 = g[REG_R11]; mc->r12 = g[REG_R12];
	mc->r13 = g[REG_R13]; mc->r14 = g[REG_R14]; mc->r15 = g[REG_R15];
	mc->trapno = (uint32_t)g[REG_TRAPNO];
	mc->err = g[REG_ERR];
	mc->rip = g[REG_RIP];
	mc->rflags = g[REG_EFL];
	mc->rsp = g[REG_RSP];
	mc->cs = 0x43; /* FreeBSD's user code and stack selectors */
	mc->ss = 0x3b;
	mc->flags = MC_HASSEGS | MC_HASBASES;
	mc->len = sizeof(*mc);
	mc->fsbase = t->guest_fs;
	if (uc->uc_mcontext.fpregs) {
		memcpy(mc->fpstate, uc->uc_mcontext.fpregs, sizeof(mc->fpstate));
		mc->fpformat = MC_FPFMT_XMM;
		mc->ownedfp = MC_FPOWNED_FPU;
	}
}

/*
 * Redirects the interrupted guest context uc into the handler of FreeBSD
 * signal f, saving it in a sigframe for sigreturn.  mask is the mask to
 * restore afterwards.
 */
static void deliver(struct fr_thread *t, int f, const struct fbsd_siginfo *fsi, ucontext_t *uc,
		    const struct fbsd_sigset *restore)
{
	greg_t *g = uc->uc_mcontext.gregs;
	struct fbsd_sigaction act = actions[f];
	uint64_t sp = (uint64_t)g[REG_RSP];
	int on = !(t->sigstack.ss_flags & FBSD_SS_DISABLE) && sp > t->sigstack.ss_sp &&
		 sp <= t->sigstack.ss_sp + t->sigstack.ss_size;
	if ((act.flags & FBSD_SA_ONSTACK) && !(t->sigstack.ss_flags & FBSD_SS_DISABLE) && !on)
		sp = t->sigstack.ss_sp + t->sigstack.ss_size;
	else
		sp -= 128; /* the red zone */
	sp = (sp - sizeof(struct fbsd_sigframe)) & ~15UL;
	struct fbsd_sigframe *sf = (void *)sp;

	sf->handler = act.handler;
	sf->pad = 0;
	sf->uc.sigmask = *restore;
	mc_from_host(&sf->uc.mc, uc, t);
	sf->uc.mc.onstack = on;
	sf->uc.link = 0;
	sf->uc.stack = t->sigstack;
	sf->uc.stack.ss_flags = (t->sigstack.ss_flags & FBSD_SS_DISABLE) | (on ? FBSD_SS_ONSTACK : 0);
	sf->uc.flags = 0;
	memset(sf->uc.spare, 0, sizeof(sf->uc.spare));
	sf->si = *fsi;

	for (int i = 0; i < 4; i++)
		t->sigmask.bits[i] |= act.mask.bits[i];
	if (!(act.flags & FBSD_SA_NODEFER))
		add(&t->sigmask, f);
	t->sigmask.bits[0] &= ~((1u << 8) | (1u << 16));
	if (act.flags & FBSD_SA_RESETHAND) {
		pthread_mutex_lock(&actions_lock);
		memset(&actions[f], 0, sizeof(actions[f]));
		apply_host(f, FBSD_SIG_DFL);
		pthread_mutex_unlock(&actions_lock);
	}

	g[REG_RDI] = f;
	g[REG_RSI] = act.flags & FBSD_SA_SIGINFO ? (greg_t)&sf->si : fsi->code;
	g[REG_RDX] = (greg_t)&sf->uc;
	g[REG_RCX] = (greg_t)fsi->addr;
	g[REG_RAX] = 0;
	g[REG_RSP] = (greg_t)sp;
	g[REG_RIP] = (greg_t)sigcode;
	g[REG_EFL] &= ~(0x400L | 0x100L); /* DF and TF */
	if (fr_trace_mask & FR_TRACE_SIGNAL)
		fr_trace("[%d] signal: deliver %d (code %#x, addr %#lx) to handler %#lx%s\n", (int)getpid(), f,
			 fsi->code, (unsigned long)fsi->addr, (unsigned long)act.handler, on ? "" :
			 (act.flags & FBSD_SA_ONSTACK) && !(t->sigstack.ss_flags & FBSD_SS_DISABLE) ? " on altstack" : "");
}

/*
 * A signal for the guest arrived while franca runs: the blocking host call
 * this thread is in, or is about to make through fr_blocking_syscall, must
 * end with EINTR so that the signal is delivered on the way out.
 */
static void stop_blocking_call(struct fr_thread *t, ucontext_t *uc)
{
	t->intr = 1;
	uint64_t rip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
	if (rip >= (uint64_t)fr_intr_window_start && rip < (uint64_t)fr_intr_window_end)
		uc->uc_mcontext.gregs[REG_RIP] = (greg_t)fr_intr_cancel;
}

static int default_ignored(int f)
{
	/* FreeBSD's SA_IGNORE defaults: CHLD, URG, CONT, WINCH, INFO, THR, LIBRT, IO? no */
	return f == 20 || f == 16 || f == 19 || f == 28 || f == 29 || f == 32 || f == 33;
}

/* Dies of host signal h the way the kernel's default action would. */
static void die_of(int h)
{
	signal(h, SIG_DFL);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, h);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	raise(h);
}

/*
 * A host signal franca's handler caught.  in_guest says whether guest code
 * was running.
 */
void fbsd_signal_host(int h, siginfo_t *si, ucontext_t *uc, int in_guest)
{
	struct fr_thread *t = fr_self();
	int f = signo_host_to_fbsd(h);
	int fault = si->si_code > 0 && (h == SIGSEGV || h == SIGBUS || h == SIGILL || h == SIGFPE || h == SIGTRAP);

	if (h == KICK_SIGNAL) {
		/* Another thread forwarded a signal here. */
		if (!fbsd_signal_deliverable(t))
			return;
		if (in_guest) {
			for (int k = 1; k <= FBSD_NSIG; k++)
				if (member(&t->pending, k) && !member(&t->sigmask, k)) {
					del(&t->pending, k);
					if (fbsd_signal_caught(k))
						deliver(t, k, &t->pending_info[k], uc, &t->sigmask);
					return;
				}
			return;
		}
		stop_blocking_call(t, uc);
		return;
	}

	if (fault && !in_guest) {
		char msg[160];
		int n = snprintf(msg, sizeof(msg),
				 "franca: internal error: %s at %p in franca itself (a franca bug)\n",
				 strsignal(h), si->si_addr);
		if (write(2, msg, (size_t)n) < 0) { /* dying anyway */ }
		signal(h, SIG_DFL);
		return; /* re-executes and dies of the default action */
	}
	if (f && __atomic_load_n(&watched[f], __ATOMIC_SEQ_CST) && !fault)
		fbsd_kq_signal(f);
	if (!fbsd_signal_caught(f)) {
		/* Not for a guest handler: the disposition changed after the signal
		 * was queued, or franca only watches it for a kqueue. */
		if (actions[f].handler == FBSD_SIG_IGN || (actions[f].handler == FBSD_SIG_DFL && default_ignored(f)))
			return;
		if (fault) {
			signal(h, SIG_DFL);
			return;
		}
		die_of(h);
		return;
	}
	struct fbsd_siginfo fsi;
	siginfo_host_to_fbsd(f, si, &fsi);
	if (fault && member(&t->sigmask, f)) {
		/* A blocked synchronous fault cannot be held: FreeBSD kills the process. */
		signal(h, SIG_DFL);
		return;
	}
	/* Sent to the process (not to this thread), and this thread blocks it? */
	int to_process = si->si_code == SI_USER || si->si_code == SI_QUEUE || (si->si_code > 0 && !fault);
	if (to_process && member(&t->sigmask, f) && !member(&t->wait_set, f)) {
		struct fr_thread *u = taker(f, t);
		if (u) {
			u->pending_info[f] = fsi;
			add(&u->pending, f);
			syscall(SYS_tgkill, getpid(), u->tid, KICK_SIGNAL);
			if (fr_trace_mask & FR_TRACE_SIGNAL)
				fr_trace("[%d] signal: %d passed from thread %d, which blocks it, to thread %d\n",
					 (int)getpid(), f, t->tid, u->tid);
			return;
		}
	}
	if (!in_guest || member(&t->sigmask, f)) {
		add(&t->pending, f);
		t->pending_info[f] = fsi;
		if (!member(&t->sigmask, f) || member(&t->wait_set, f)) {
			stop_blocking_call(t, uc);
		}
		if (fr_trace_mask & FR_TRACE_SIGNAL)
			fr_trace("[%d] signal: %d pending on thread %d (%s)\n", (int)getpid(), f, t->tid,
				 member(&t->sigmask, f) ? "blocked by the guest" : "franca is running");
		return;
	}
	deliver(t, f, &fsi, uc, &t->sigmask);
}

/*
 * On the way back to the guest from a syscall, whose result is already in
 * uc: delivers the first pending signal the mask allows.  A syscall that
 * failed with EINTR is re-executed after the handler when the handler has
 * SA_RESTART and the syscall is one FreeBSD restarts.
 */
void fbsd_signal_on_return(struct fr_thread *t, ucontext_t *uc, int eintr, int restartable, int nr)
{
	for (int f = 1; f <= FBSD_NSIG; f++) {
		if (!member(&t->pending, f) || member(&t->sigmask, f))
			continue;
		del(&t->pending, f);
		if (!fbsd_signal_caught(f))
			continue;
		greg_t *g = uc->uc_mcontext.gregs;
		if (eintr && restartable && (actions[f].flags & FBSD_SA_RESTART)) {
			g[REG_RIP] -= 2;
			g[REG_RAX] = nr;
			g[REG_EFL] &= ~1L;
		}
		struct fbsd_sigset restore = t->sigmask;
		if (t->in_suspend) {
			restore = t->suspend_mask;
			t->in_suspend = 0;
		}
		deliver(t, f, &t->pending_info[f], uc, &restore);
		return;
	}
	if (t->in_suspend) {
		t->sigmask = t->suspend_mask;
		t->in_suspend = 0;
	}
}

/* FreeBSD sigreturn(2): the context the handler may have changed becomes the guest's. */
long fbsd_sys_sigreturn(struct fr_sc *sc)
{
	const struct fbsd_ucontext *fuc = (const void *)sc->a[0];
	struct fr_thread *t = fr_self();
	ucontext_t *uc = sc->uc;
	greg_t *g = uc->uc_mcontext.gregs;
	const struct fbsd_mcontext *mc = &fuc->mc;
	if (mc->len != sizeof(*mc))
		return -EINVAL;
	g[REG_RDI] = mc->rdi; g[REG_RSI] = mc->rsi; g[REG_RDX] = mc->rdx; g[REG_RCX] = mc->rcx;
	g[REG_R8] = mc->r8; g[REG_R9] = mc->r9; g[REG_RAX] = mc->rax; g[REG_RBX] = mc->rbx;
	g[REG_RBP] = mc->rbp; g[REG_R10] = mc->r10; g[REG_R11] = mc->r11; g[REG_R12] = mc->r12;
	g[REG_R13] = mc->r13; g[REG_R14] = mc->r14; g[REG_R15] = mc->r15;
	g[REG_RIP] = mc->rip;
	g[REG_RSP] = mc->rsp;
	/* Only the flags user code may change (FreeBSD's EFL_SECURE check). */
	g[REG_EFL] = (g[REG_EFL] & ~0xdd5L) | (mc->rflags & 0xdd5L);
	if (mc->fpformat == MC_FPFMT_XMM && uc->uc_mcontext.fpregs) {
		memcpy(uc->uc_mcontext.fpregs, mc->fpstate, sizeof(mc->fpstate));
		uc->uc_mcontext.fpregs->mxcsr &= 0xffbf; /* reserved bits would fault */
	}
	if (mc->flags & MC_HASBASES)
		t->guest_fs = mc->fsbase;
	t->sigmask = fuc->sigmask;
	t->sigmask.bits[0] &= ~((1u << 8) | (1u << 16));
	return -FR_EJUSTRETURN;
}
