/*
 * Per-thread franca state.  Guest code owns %fs, so this is reached through
 * the GS base, which FreeBSD userland never uses: %gs:0 is the self pointer.
 * The first fields are read by assembly (syscalls/trap/entry.S); their
 * offsets are fixed and checked below.
 */
#ifndef FRANCA_THREAD_H
#define FRANCA_THREAD_H

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>

#include "franca/abi_fbsd.h"

#define FR_T_SELF 0
#define FR_T_HOST_FS 8
#define FR_T_GUEST_FS 16
#define FR_T_SELECTOR 24
#define FR_T_INTR 25

struct fr_thread {
	struct fr_thread *self;
	uint64_t host_fs;
	uint64_t guest_fs;
	/* Syscall User Dispatch selector: ALLOW (0) while franca runs. */
	volatile uint8_t selector;
	/* A signal for the guest arrived: blocking host calls must not start. */
	volatile uint8_t intr;
	uint8_t pad[6];

	int tid;                  /* host thread id, also the FreeBSD lwpid */
	int is_main;
	void *altstack;           /* host signal stack for franca's handlers */
	size_t altstack_size;
	sigjmp_buf exit_jmp;      /* where thr_exit unwinds to */
	long *exit_state;         /* thr_exit's state word */

	/* FreeBSD signal state kept for the guest. */
	struct fbsd_sigset sigmask;
	struct fbsd_sigset pending;       /* caught, waiting for delivery */
	struct fbsd_sigset suspend_mask;  /* the mask sigsuspend will restore */
	int in_suspend;
	struct fbsd_sigset wait_set;      /* sigwait and friends: wake for these */
	struct fbsd_stack sigstack;
	struct fbsd_siginfo pending_info[FBSD_NSIG + 1];
	char name[20];            /* thr_set_name */
};

_Static_assert(__builtin_offsetof(struct fr_thread, self) == FR_T_SELF, "asm");
_Static_assert(__builtin_offsetof(struct fr_thread, host_fs) == FR_T_HOST_FS, "asm");
_Static_assert(__builtin_offsetof(struct fr_thread, guest_fs) == FR_T_GUEST_FS, "asm");
_Static_assert(__builtin_offsetof(struct fr_thread, selector) == FR_T_SELECTOR, "asm");
_Static_assert(__builtin_offsetof(struct fr_thread, intr) == FR_T_INTR, "asm");

/*
 * entry.S: a host syscall that a signal for the guest can always interrupt.
 * Returns the raw result (-errno on failure); -EINTR without entering the
 * kernel when a signal arrived first.  Every syscall handler that may block
 * makes its host calls through it.
 */
long fr_blocking_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
extern char fr_intr_window_start[], fr_intr_window_end[], fr_intr_cancel[];

static inline struct fr_thread *fr_self(void)
{
	struct fr_thread *t;
	__asm__ volatile("mov %%gs:0, %0" : "=r"(t));
	return t;
}

/* abi/x86_64: the FS and GS bases, with or without FSGSBASE. */
extern int fr_have_fsgsbase;
void fr_cpu_init(void);
uint64_t fr_get_fs(void);
void fr_set_gs(uint64_t base);

/* syscalls/trap: a thread becomes able to run guest code. */
struct fr_thread *fr_thread_new(int is_main);
void fr_thread_attach(struct fr_thread *t);
void fr_thread_free(struct fr_thread *t);
void fr_sud_enable(struct fr_thread *t);
void fr_sud_disable(void);
void fr_trap_init(void);

/* entry.S: leave franca for the guest; never returns. */
__attribute__((noreturn))
void fr_enter_guest(uint64_t rip, uint64_t rsp, uint64_t rdi);

#endif
