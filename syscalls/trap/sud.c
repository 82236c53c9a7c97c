/*
 * How guest syscalls reach franca: Syscall User Dispatch.  Each thread that
 * runs guest code points the kernel at its selector byte in struct
 * fr_thread; the selector says BLOCK while guest code runs, so its raw
 * syscalls raise SIGSYS, and ALLOW while franca's own code runs.  Only
 * fr_restorer, the rt_sigreturn at the end of every handler, is always
 * allowed.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/thread.h"

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_OFF 0
#define PR_SYS_DISPATCH_ON 1
#endif
#define SYS_USER_DISPATCH 2 /* si_code of a dispatched syscall */

#define ALTSTACK_SIZE (256 * 1024)

extern char fr_restorer[], fr_restorer_end[];
extern void fr_signal_entry(int, siginfo_t *, void *);

/* The kernel's struct sigaction, so that our restorer is used, not glibc's. */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};
#define KSA_RESTORER 0x04000000

int fr_install_host_handler(int sig, uint64_t mask)
{
	struct ksigaction ka = {
		.handler = (void *)fr_signal_entry,
		.flags = SA_SIGINFO | SA_ONSTACK | KSA_RESTORER,
		.restorer = (void *)fr_restorer,
		.mask = mask,
	};
	return (int)syscall(SYS_rt_sigaction, sig, &ka, NULL, 8);
}

struct fr_thread *fr_thread_new(int is_main)
{
	struct fr_thread *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->altstack_size = ALTSTACK_SIZE;
	t->altstack = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (t->altstack == MAP_FAILED) {
		free(t);
		return NULL;
	}
	t->is_main = is_main;
	t->sigstack.ss_flags = FBSD_SS_DISABLE;
	return t;
}

void fr_thread_free(struct fr_thread *t)
{
	munmap(t->altstack, t->altstack_size);
	free(t);
}

/* Makes t the calling host thread's franca state. */
void fr_thread_attach(struct fr_thread *t)
{
	stack_t ss = {.ss_sp = t->altstack, .ss_size = t->altstack_size};
	t->self = t;
	t->host_fs = fr_get_fs();
	t->tid = (int)syscall(SYS_gettid);
	t->selector = 0;
	fr_set_gs((uint64_t)t);
	sigaltstack(&ss, NULL);
}

void fr_sud_enable(struct fr_thread *t)
{
	if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON,
		  (unsigned long)fr_restorer,
		  (unsigned long)(fr_restorer_end - fr_restorer),
		  (unsigned long)&t->selector) != 0)
		fr_fatal(FR_EXIT_HOST, NULL,
			 "Syscall User Dispatch is unavailable (Linux 5.11 or later is needed): %s",
			 strerror(errno));
}

void fr_sud_disable(void)
{
	prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF, 0, 0, 0);
}

void fr_trap_init(void)
{
	fr_cpu_init();
	if (fr_install_host_handler(SIGSYS, ~0ULL) != 0)
		fr_fatal(FR_EXIT_HOST, NULL, "cannot install the SIGSYS handler: %s", strerror(errno));
}

/* Called by fr_signal_entry with the host FS base and the selector open. */
void fr_signal_dispatch(int sig, siginfo_t *si, ucontext_t *uc, int in_guest)
{
	if (sig == SIGSYS && si->si_code == SYS_USER_DISPATCH) {
		fbsd_syscall(uc);
		return;
	}
	fbsd_signal_host(sig, si, uc, in_guest);
}
