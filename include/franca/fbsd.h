/* The FreeBSD personality's kernel interface: dispatch and handlers. */
#ifndef FRANCA_FBSD_H
#define FRANCA_FBSD_H

#include <stdint.h>
#include <signal.h>
#include <ucontext.h>

#include "franca/abi_fbsd.h"

/* One trapped syscall: arguments in, the second return register out. */
struct fr_sc {
	uint64_t a[8];
	uint64_t rv1;     /* %rdx on success; preset to the guest's %rdx */
	ucontext_t *uc;   /* the interrupted guest context */
	int nr;
};

/*
 * Handlers return a value >= 0 or a negative host errno, which the
 * dispatcher alone converts.  These two are not errors but instructions.
 */
#define FR_EJUSTRETURN 0x7001 /* the handler rewrote the context (sigreturn) */
#define FR_ERESTART 0x7002    /* re-execute the syscall instruction */

typedef long fr_sysfn(struct fr_sc *);

enum fr_support { FR_FULL, FR_PARTIAL, FR_UNIMPL, FR_ENOSYS };

/* Argument kinds for the tracer, as spelled in syscalls.tbl. */
enum fr_argkind {
	FR_A_INT, FR_A_UINT, FR_A_LONG, FR_A_HEX, FR_A_PTR, FR_A_SIZE,
	FR_A_FD, FR_A_STR, FR_A_IBUF, FR_A_OBUF, FR_A_OFLAGS, FR_A_SIG,
	FR_A_MODE, FR_A_STRV,
};

struct fr_sysent {
	const char *name;
	fr_sysfn *fn;
	uint8_t support;
	uint8_t blocks;   /* may block: runs with signals unblocked */
	uint8_t restarts; /* SA_RESTART re-executes it after an EINTR */
	uint8_t nargs;
	uint8_t args[8];
};

/* Generated from syscalls/freebsd/syscalls.tbl by tools/gensyscalls.py. */
extern const struct fr_sysent fbsd_sysent[];
extern const unsigned fbsd_nsysent;
#include "fbsd_sysent.h"

void fbsd_syscall(ucontext_t *uc);
void fbsd_trace_syscall(const struct fr_sc *sc, const struct fr_sysent *e, long r);

/* Process-wide state the handlers share. */
extern uint64_t fbsd_usrstack;      /* top of the main thread's stack */
extern const char *fbsd_execpath;   /* absolute path of the program */
__attribute__((noreturn)) void fbsd_exit_process(int status);
int fbsd_kq_close(int fd);           /* event.c: forget a kqueue on close */
void fbsd_kq_forget_all(void);
void fbsd_kq_fd_closing(int fd);    /* event.c: FreeBSD drops a closed fd's knotes */
int fbsd_signal_caught(int fbsd_sig);
struct fr_thread;
void fbsd_signal_thread_init(struct fr_thread *t);
void fbsd_thread_register(struct fr_thread *t);
void fbsd_signal_watch(int fbsd_sig, int delta);
void fbsd_kq_signal(int fbsd_sig);           /* event.c, from a signal handler */
void fbsd_thread_unregister(struct fr_thread *t);
int fbsd_signal_deliverable(const struct fr_thread *t);
void fbsd_signal_host(int sig, siginfo_t *si, ucontext_t *uc, int in_guest);
void fbsd_signal_on_return(struct fr_thread *t, ucontext_t *uc, int eintr, int restartable, int nr);
void fbsd_signal_init(void);
int fbsd_nthreads_add(int delta);
uint64_t fbsd_timekeep_init(void);  /* AT_TIMEKEEP page, or 0 */
void fbsd_timekeep_tick(void);
long fbsd_net_rt_sysctl(const int *oid, unsigned len, void *old, size_t *oldlen);
void fbsd_timekeep_after_fork(void);
void fbsd_signal_after_fork(void);

#endif

