/*
 * FreeBSD syscall dispatch: decode the trapped context, call the table's
 * handler, and apply FreeBSD's return convention in this one place:
 * success clears CF and returns %rax (and %rdx), failure sets CF and puts
 * a positive FreeBSD errno in %rax.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/thread.h"
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RFLAGS_CF 0x1UL
#define SYS_syscall 0
#define SYS___syscall 198

static unsigned char warned[1024];

static long missing(const struct fr_sc *sc, const struct fr_sysent *e)
{
	int nr = sc->nr;
	if (nr >= 0 && (unsigned)nr < sizeof(warned) && warned[nr])
		return -ENOSYS;
	if (nr >= 0 && (unsigned)nr < sizeof(warned))
		warned[nr] = 1;
	if (e && e->support == FR_ENOSYS) {
		/* FreeBSD 14 itself has no such syscall; it answers ENOSYS too. */
		if (fr_strict)
			fr_fatal(FR_EXIT_UNSUPPORTED, fr_guest_path,
				 "--strict: obsolete FreeBSD syscall %s (%d)", e->name, nr);
		return -ENOSYS;
	}
	if (fr_strict)
		fr_fatal(FR_EXIT_UNSUPPORTED, fr_guest_path,
			 "--strict: unimplemented FreeBSD syscall %s (%d)",
			 e ? e->name : "unknown", nr);
	fr_warn("unimplemented FreeBSD syscall %s (%d), returning ENOSYS",
		e ? e->name : "unknown", nr);
	return -ENOSYS;
}

void fbsd_syscall(ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;
	struct fr_sc sc;
	int shift = 0;

	int orig_rax = (int)g[REG_RAX];
	sc.nr = orig_rax;
	sc.uc = uc;
	sc.rv1 = (uint64_t)g[REG_RDX];
	sc.a[0] = (uint64_t)g[REG_RDI];
	sc.a[1] = (uint64_t)g[REG_RSI];
	sc.a[2] = (uint64_t)g[REG_RDX];
	sc.a[3] = (uint64_t)g[REG_R10];
	sc.a[4] = (uint64_t)g[REG_R8];
	sc.a[5] = (uint64_t)g[REG_R9];
	if (sc.nr == SYS_syscall || sc.nr == SYS___syscall) {
		/* Indirect: the number is the first argument, the rest shift. */
		sc.nr = (int)sc.a[0];
		memmove(&sc.a[0], &sc.a[1], 5 * sizeof(sc.a[0]));
		shift = 1;
	}
	/* Arguments past the registers come from the guest stack, above the return address. */
	const uint64_t *sp = (const uint64_t *)g[REG_RSP];
	for (int i = 6 - shift; i < 8; i++)
		sc.a[i] = sp[1 + i - (6 - shift)];

	const struct fr_sysent *e =
		sc.nr >= 0 && (unsigned)sc.nr < fbsd_nsysent ? &fbsd_sysent[sc.nr] : NULL;
	long r;
	if (e && e->fn && e->blocks) {
		/*
		 * franca's handlers run with every signal blocked; a syscall that
		 * may block lets them in, so that a signal can interrupt it.
		 */
		static const uint64_t none = 0, all = ~0ULL;
		struct fr_thread *self = fr_self();
		self->intr = fbsd_signal_deliverable(self);
		syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
		r = e->fn(&sc);
		syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, 8);
	} else {
		r = e && e->fn ? e->fn(&sc) : missing(&sc, e);
	}

	if (fr_trace_mask & FR_TRACE_SYSCALL)
		fbsd_trace_syscall(&sc, e, r);
	fbsd_timekeep_tick();

	if (r == -FR_ERESTART) {
		g[REG_RIP] -= 2; /* the syscall instruction is two bytes */
	} else if (r == -FR_EJUSTRETURN) {
		/* the handler set the whole context (sigreturn) */
	} else if (r < 0 && r > -4096) {
		g[REG_RAX] = errno_host_to_fbsd((int)-r);
		g[REG_EFL] |= RFLAGS_CF;
	} else {
		g[REG_RAX] = r;
		g[REG_RDX] = (greg_t)sc.rv1;
		g[REG_EFL] &= ~RFLAGS_CF;
	}
	struct fr_thread *t = fr_self();
	if (fbsd_signal_deliverable(t) || t->in_suspend)
		fbsd_signal_on_return(t, uc, r == -EINTR, e && e->restarts, orig_rax);
}
