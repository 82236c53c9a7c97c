/* FreeBSD process syscalls: exit, fork, exec, wait, ids and limits. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <grp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/loader.h"
#include "franca/thread.h"

static long ret(long r)
{
	return r < 0 ? -errno : r;
}

void fbsd_exit_process(int status)
{
	syscall(SYS_exit_group, status);
	__builtin_unreachable();
}

/* FreeBSD exit(2). */
long fbsd_sys_exit(struct fr_sc *sc)
{
	fbsd_exit_process((int)sc->a[0]);
}

/*
 * FreeBSD fork(2).  The child sees %rax = 0 and %rdx = 1, the parent the
 * child's pid and %rdx = 0.  Syscall User Dispatch does not survive fork,
 * so the child turns it back on before it returns to guest code.  glibc's
 * fork (not _Fork) keeps malloc consistent in the child: the code this
 * handler interrupted is guest code, so this thread holds no glibc lock,
 * and the other threads' are taken and released around the fork.
 */
long fbsd_sys_fork(struct fr_sc *sc)
{
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		struct fr_thread *t = fr_self();
		t->tid = (int)syscall(SYS_gettid);
		fbsd_nthreads_add(1 - fbsd_nthreads_add(0));
		fbsd_kq_forget_all();
		fbsd_signal_after_fork();
		fbsd_timekeep_after_fork();
		memset(&t->pending, 0, sizeof(t->pending));
		fr_sud_enable(t);
		sc->rv1 = 1;
		return 0;
	}
	sc->rv1 = 0;
	return pid;
}

/* FreeBSD rfork(2): only the fork-like forms (RFPROC|RFFDG). */
long fbsd_sys_rfork(struct fr_sc *sc)
{
	int flags = (int)sc->a[0];
	const int RFFDG = 1 << 2, RFPROC = 1 << 4, RFCFDG = 1 << 12;
	if ((flags & RFPROC) && !(flags & RFCFDG) && (flags & ~(RFPROC | RFFDG | (1 << 31))) == 0)
		return fbsd_sys_fork(sc);
	return -EINVAL;
}

/* Is this file a FreeBSD program franca should run? */
static int is_freebsd_program(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	int yes = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			struct fr_image img;
			const char *why;
			enum fr_verdict v = fr_image_parse(m, (size_t)st.st_size, &img, &why);
			yes = img.kind == FR_KIND_ELF_FREEBSD && v == FR_OK;
			munmap(m, (size_t)st.st_size);
		}
	}
	close(fd);
	return yes;
}

/*
 * FreeBSD execve(2).  A FreeBSD program re-enters franca through
 * /proc/self/exe with its argv[0] preserved; anything else (a Linux
 * program, a script) is a plain host execve.
 */
long fbsd_sys_execve(struct fr_sc *sc)
{
	const char *path = (const char *)sc->a[0];
	char **argv = (char **)sc->a[1], **envp = (char **)sc->a[2];
	sigset_t none, old;

	if (access(path, X_OK) != 0)
		return -errno;
	/* The new image inherits the guest's mask, not the handler's. */
	uint64_t bits;
	sigset_fbsd_to_host(&fr_self()->sigmask, &bits);
	sigemptyset(&none);
	for (int h = 1; h <= 64; h++)
		if (bits & (1ULL << (h - 1)))
			sigaddset(&none, h);
	if (is_freebsd_program(path)) {
		int n = 0;
		while (argv && argv[n])
			n++;
		char **nv = calloc((size_t)n + 6, sizeof(char *));
		if (!nv)
			return -ENOMEM;
		int k = 0;
		nv[k++] = "franca";
		if (fr_strict)
			nv[k++] = "--strict";
		nv[k++] = "--argv0";
		nv[k++] = n ? argv[0] : (char *)path;
		nv[k++] = "--";
		nv[k++] = (char *)path;
		for (int i = 1; i < n; i++)
			nv[k++] = argv[i];
		nv[k] = NULL;
		sigprocmask(SIG_SETMASK, &none, &old);
		execve("/proc/self/exe", nv, envp);
		int e = errno;
		sigprocmask(SIG_SETMASK, &old, NULL);
		free(nv);
		return -e;
	}
	sigprocmask(SIG_SETMASK, &none, &old);
	execve(path, argv, envp);
	int e = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return -e;
}

/* FreeBSD fexecve(2). */
long fbsd_sys_fexecve(struct fr_sc *sc)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", (int)sc->a[0]);
	struct fr_sc s2 = *sc;
	s2.a[0] = (uint64_t)path;
	s2.a[1] = sc->a[1];
	s2.a[2] = sc->a[2];
	return fbsd_sys_execve(&s2);
}

/* FreeBSD wait4(2): options and the signal numbers in the status differ. */
long fbsd_sys_wait4(struct fr_sc *sc)
{
	int st = 0;
	int *stp = (int *)sc->a[1];
	long r = fr_blocking_syscall(SYS_wait4, (long)(pid_t)sc->a[0], (long)&st, waitopts_fbsd_to_host((int)sc->a[2]),
			  (long)sc->a[3], 0, 0);
	if (r < 0)
		return r;
	if (stp && r > 0)
		*stp = waitstatus_host_to_fbsd(st);
	return r;
}

/* FreeBSD idtype_t (sys/sys/wait.h) to Linux's for waitid. */
static int idtype_fbsd_to_host(int t)
{
	switch (t) {
	case 0: return P_PID;
	case 2: return P_PGID;
	case 7: return P_ALL;
	default: return -1;
	}
}

/* FreeBSD struct __wrusage: the process's own and its children's rusage. */
struct fbsd_wrusage {
	struct rusage self, children;
};

/*
 * FreeBSD wait6(2): idtype, id, status, options, wrusage, siginfo.  Linux
 * waitid has the same model but returns the status pieces in a siginfo;
 * the wait(2) status word is rebuilt from them.
 */
long fbsd_sys_wait6(struct fr_sc *sc)
{
	int idtype = idtype_fbsd_to_host((int)sc->a[0]);
	id_t id = (id_t)sc->a[1];
	int *stp = (int *)sc->a[2];
	int opts = waitopts_fbsd_to_host((int)sc->a[3]);
	struct fbsd_wrusage *wru = (struct fbsd_wrusage *)sc->a[4];
	struct fbsd_siginfo *fsi = (struct fbsd_siginfo *)sc->a[5];
	siginfo_t si;
	struct rusage ru;

	if (idtype < 0)
		return -EINVAL;
	if (!(opts & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	memset(&si, 0, sizeof(si));
	long wr = fr_blocking_syscall(SYS_waitid, idtype, (long)id, (long)&si, opts, (long)&ru, 0);
	if (wr != 0)
		return wr;
	if (si.si_pid == 0)
		return 0; /* WNOHANG and nothing to report */
	int st = 0;
	switch (si.si_code) {
	case CLD_EXITED: st = (si.si_status & 0xff) << 8; break;
	case CLD_KILLED: st = si.si_status & 0x7f; break;
	case CLD_DUMPED: st = (si.si_status & 0x7f) | 0x80; break;
	case CLD_TRAPPED:
	case CLD_STOPPED: st = ((si.si_status & 0xff) << 8) | 0x7f; break;
	case CLD_CONTINUED: st = 0xffff; break;
	}
	if (stp)
		*stp = waitstatus_host_to_fbsd(st);
	if (wru) {
		memset(wru, 0, sizeof(*wru));
		wru->self = ru;
	}
	if (fsi) {
		memset(fsi, 0, sizeof(*fsi));
		fsi->signo = signo_host_to_fbsd(SIGCHLD);
		fsi->code = si.si_code; /* CLD_* are the same */
		fsi->pid = si.si_pid;
		fsi->uid = si.si_uid;
		fsi->status = si.si_code == CLD_EXITED ? si.si_status : signo_host_to_fbsd(si.si_status);
	}
	return si.si_pid;
}

/* FreeBSD getpid(2). */
long fbsd_sys_getpid(struct fr_sc *sc)
{
	(void)sc;
	return getpid();
}

/* FreeBSD getppid(2). */
long fbsd_sys_getppid(struct fr_sc *sc)
{
	(void)sc;
	return getppid();
}

/* FreeBSD getuid(2). */
long fbsd_sys_getuid(struct fr_sc *sc)
{
	(void)sc;
	return getuid();
}

/* FreeBSD geteuid(2). */
long fbsd_sys_geteuid(struct fr_sc *sc)
{
	(void)sc;
	return geteuid();
}

/* FreeBSD getgid(2). */
long fbsd_sys_getgid(struct fr_sc *sc)
{
	(void)sc;
	return getgid();
}

/* FreeBSD getegid(2). */
long fbsd_sys_getegid(struct fr_sc *sc)
{
	(void)sc;
	return getegid();
}

/* FreeBSD getresuid(2). */
long fbsd_sys_getresuid(struct fr_sc *sc)
{
	return ret(getresuid((uid_t *)sc->a[0], (uid_t *)sc->a[1], (uid_t *)sc->a[2]));
}

/* FreeBSD getresgid(2). */
long fbsd_sys_getresgid(struct fr_sc *sc)
{
	return ret(getresgid((gid_t *)sc->a[0], (gid_t *)sc->a[1], (gid_t *)sc->a[2]));
}

/* FreeBSD setuid(2). */
long fbsd_sys_setuid(struct fr_sc *sc)
{
	return ret(setuid((uid_t)sc->a[0]));
}

/* FreeBSD seteuid(2). */
long fbsd_sys_seteuid(struct fr_sc *sc)
{
	return ret(seteuid((uid_t)sc->a[0]));
}

/* FreeBSD setgid(2). */
long fbsd_sys_setgid(struct fr_sc *sc)
{
	return ret(setgid((gid_t)sc->a[0]));
}

/* FreeBSD setegid(2). */
long fbsd_sys_setegid(struct fr_sc *sc)
{
	return ret(setegid((gid_t)sc->a[0]));
}

/* FreeBSD setreuid(2). */
long fbsd_sys_setreuid(struct fr_sc *sc)
{
	return ret(setreuid((uid_t)sc->a[0], (uid_t)sc->a[1]));
}

/* FreeBSD setregid(2). */
long fbsd_sys_setregid(struct fr_sc *sc)
{
	return ret(setregid((gid_t)sc->a[0], (gid_t)sc->a[1]));
}

/* FreeBSD setresuid(2). */
long fbsd_sys_setresuid(struct fr_sc *sc)
{
	return ret(setresuid((uid_t)sc->a[0], (uid_t)sc->a[1], (uid_t)sc->a[2]));
}

/* FreeBSD setresgid(2). */
long fbsd_sys_setresgid(struct fr_sc *sc)
{
	return ret(setresgid((gid_t)sc->a[0], (gid_t)sc->a[1], (gid_t)sc->a[2]));
}

/* FreeBSD getgroups(2). */
long fbsd_sys_getgroups(struct fr_sc *sc)
{
	return ret(getgroups((int)sc->a[0], (gid_t *)sc->a[1]));
}

/* FreeBSD setgroups(2). */
long fbsd_sys_setgroups(struct fr_sc *sc)
{
	return ret(setgroups((size_t)sc->a[0], (const gid_t *)sc->a[1]));
}

/* FreeBSD issetugid(2): franca never honours set-id bits, so always 0. */
long fbsd_sys_issetugid(struct fr_sc *sc)
{
	(void)sc;
	return 0;
}

/* FreeBSD setsid(2). */
long fbsd_sys_setsid(struct fr_sc *sc)
{
	(void)sc;
	return ret(setsid());
}

/* FreeBSD getsid(2). */
long fbsd_sys_getsid(struct fr_sc *sc)
{
	return ret(getsid((pid_t)sc->a[0]));
}

/* FreeBSD setpgid(2). */
long fbsd_sys_setpgid(struct fr_sc *sc)
{
	return ret(setpgid((pid_t)sc->a[0], (pid_t)sc->a[1]));
}

/* FreeBSD getpgid(2). */
long fbsd_sys_getpgid(struct fr_sc *sc)
{
	return ret(getpgid((pid_t)sc->a[0]));
}

/* FreeBSD getpgrp(2). */
long fbsd_sys_getpgrp(struct fr_sc *sc)
{
	(void)sc;
	return getpgrp();
}

/* FreeBSD getrlimit(2). */
long fbsd_sys_getrlimit(struct fr_sc *sc)
{
	int r = rlimitres_fbsd_to_host((int)sc->a[0]);
	struct fbsd_rlimit *out = (struct fbsd_rlimit *)sc->a[1];
	if (r < 0) {
		/* FreeBSD-only limits (sbsize, npts, swap, kqueues, umtxp): unlimited. */
		if (sc->a[0] < 15) {
			out->rlim_cur = out->rlim_max = FBSD_RLIM_INFINITY;
			return 0;
		}
		return -EINVAL;
	}
	struct rlimit rl;
	if (getrlimit(r, &rl) != 0)
		return -errno;
	rlimit_host_to_fbsd(&rl, out);
	return 0;
}

/* FreeBSD setrlimit(2). */
long fbsd_sys_setrlimit(struct fr_sc *sc)
{
	int r = rlimitres_fbsd_to_host((int)sc->a[0]);
	if (r < 0)
		return sc->a[0] < 15 ? 0 : -EINVAL;
	struct rlimit rl;
	rlimit_fbsd_to_host((const struct fbsd_rlimit *)sc->a[1], &rl);
	return ret(setrlimit(r, &rl));
}

/* FreeBSD getrusage(2): RUSAGE_SELF 0, CHILDREN -1, THREAD 1, as on Linux. */
long fbsd_sys_getrusage(struct fr_sc *sc)
{
	return ret(getrusage((int)sc->a[0], (struct rusage *)sc->a[1]));
}

/* FreeBSD getpriority(2): returns the nice value itself, not 20-nice. */
long fbsd_sys_getpriority(struct fr_sc *sc)
{
	errno = 0;
	int r = getpriority((int)sc->a[0], (id_t)sc->a[1]);
	return r == -1 && errno ? -errno : r;
}

/* FreeBSD setpriority(2). */
long fbsd_sys_setpriority(struct fr_sc *sc)
{
	return ret(setpriority((int)sc->a[0], (id_t)sc->a[1], (int)sc->a[2]));
}

/* FreeBSD chroot(2): refused, as for an unprivileged FreeBSD process. */
long fbsd_sys_chroot(struct fr_sc *sc)
{
	(void)sc;
	return -EPERM;
}

/* FreeBSD jail(2) and jail_attach(2): franca offers no jails. */
long fbsd_sys_jail(struct fr_sc *sc)
{
	(void)sc;
	return -EPERM;
}

/* FreeBSD ptrace(2): a process under franca cannot be traced this way. */
long fbsd_sys_ptrace(struct fr_sc *sc)
{
	(void)sc;
	return -EPERM;
}

/* FreeBSD getlogin (__getlogin / getlogin syscall 49): name, length. */
long fbsd_sys_getlogin(struct fr_sc *sc)
{
	char *buf = (char *)sc->a[0];
	size_t len = sc->a[1];
	const char *name = getenv("LOGNAME");
	if (!name)
		name = getenv("USER");
	if (!name)
		name = "";
	if (strlen(name) + 1 > len)
		return -ERANGE;
	strcpy(buf, name);
	return 0;
}

/* FreeBSD getdtablesize(2). */
long fbsd_sys_getdtablesize(struct fr_sc *sc)
{
	(void)sc;
	return getdtablesize();
}

/* FreeBSD getrandom(2): GRND_NONBLOCK 1 and GRND_RANDOM 2 are the same. */
long fbsd_sys_getrandom(struct fr_sc *sc)
{
	return ret(syscall(SYS_getrandom, sc->a[0], sc->a[1], (unsigned)sc->a[2] & 3));
}

/*
 * FreeBSD procctl(2) (sys/sys/procctl.h): the parent-death signal maps to
 * PR_SET_PDEATHSIG; the trace, ASLR, stack-gap, PROT_MAX and W^X queries
 * report the defaults of an unprivileged process; the rest is EINVAL.
 */
long fbsd_sys_procctl(struct fr_sc *sc)
{
	int cmd = (int)sc->a[2];
	int *data = (int *)sc->a[3];
	switch (cmd) {
	case 11: { /* PROC_PDEATHSIG_CTL */
		int h = data && *data ? signo_fbsd_to_host(*data) : 0;
		if (data && *data && !h)
			return -EINVAL;
		return prctl(PR_SET_PDEATHSIG, h) ? -errno : 0;
	}
	case 12: { /* PROC_PDEATHSIG_STATUS */
		int h = 0;
		if (prctl(PR_GET_PDEATHSIG, &h) != 0)
			return -errno;
		if (data)
			*data = h ? signo_host_to_fbsd(h) : 0;
		return 0;
	}
	case 8: /* PROC_TRACE_STATUS: not traced */
		if (data)
			*data = 0;
		return 0;
	case 7:  /* PROC_TRACE_CTL */
	case 13: /* PROC_ASLR_CTL */
	case 15: /* PROC_PROTMAX_CTL */
	case 17: /* PROC_STACKGAP_CTL */
	case 21: /* PROC_WXMAP_CTL */
	case 1:  /* PROC_SPROTECT */
		return 0;
	case 16: /* PROC_PROTMAX_STATUS: PROC_PROTMAX_NOFORCE */
		if (data)
			*data = 3;
		return 0;
	case 14: /* PROC_ASLR_STATUS */
	case 18: /* PROC_STACKGAP_STATUS */
	case 22: /* PROC_WXMAP_STATUS */
		if (data)
			*data = 0;
		return 0;
	default:
		return -EINVAL;
	}
}

/* FreeBSD uuidgen(2): version-4 UUIDs from getrandom. */
long fbsd_sys_uuidgen(struct fr_sc *sc)
{
	uint8_t *out = (uint8_t *)sc->a[0];
	int n = (int)sc->a[1];
	if (n < 1 || n > 2048)
		return -EINVAL;
	for (int i = 0; i < n; i++) {
		uint8_t *u = out + 16 * i;
		if (syscall(SYS_getrandom, u, 16, 0) != 16)
			return -EIO;
		u[6] = (u[6] & 0x0f) | 0x40;
		u[8] = (u[8] & 0x3f) | 0x80;
	}
	return 0;
}
