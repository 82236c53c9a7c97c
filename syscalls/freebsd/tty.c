/*
 * FreeBSD ioctl(2).  FreeBSD encodes direction and size in the request
 * (sys/sys/ioccom.h); the requests a terminal and a pipe need are mapped
 * to Linux's.  Termios structures are converted both ways.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/thread.h"
#include <sys/syscall.h>

/* FreeBSD request numbers: sys/sys/ttycom.h and sys/sys/filio.h. */
#define FBSD_TIOCGETA 0x402c7413u
#define FBSD_TIOCSETA 0x802c7414u
#define FBSD_TIOCSETAW 0x802c7415u
#define FBSD_TIOCSETAF 0x802c7416u
#define FBSD_TIOCGWINSZ 0x40087468u
#define FBSD_TIOCSWINSZ 0x80087467u
#define FBSD_TIOCGPGRP 0x40047477u
#define FBSD_TIOCSPGRP 0x80047476u
#define FBSD_TIOCSCTTY 0x20007461u
#define FBSD_TIOCNOTTY 0x20007471u
#define FBSD_TIOCGSID 0x40047463u
#define FBSD_TIOCOUTQ 0x40047473u
#define FBSD_TIOCFLUSH 0x80047410u
#define FBSD_TIOCDRAIN 0x2000745eu
#define FBSD_TIOCEXCL 0x2000740du
#define FBSD_TIOCNXCL 0x2000740eu
#define FBSD_FIOCLEX 0x20006601u
#define FBSD_FIONCLEX 0x20006602u
#define FBSD_FIONREAD 0x4004667fu
#define FBSD_FIONBIO 0x8004667eu
#define FBSD_FIOASYNC 0x8004667du
#define FBSD_FIONWRITE 0x40046677u
#define FBSD_FIONSPACE 0x40046676u
#define FBSD_FIODGNAME 0x80106678u   /* _IOW('f', 120, struct fiodgname_arg) */
#define FBSD_TIOCPTMASTER 0x2000741cu /* _IO('t', 28) */

static long r0(int r)
{
	return r < 0 ? -errno : r;
}

/* FreeBSD ioctl(2). */
long fbsd_sys_ioctl(struct fr_sc *sc)
{
	int fd = (int)sc->a[0];
	uint32_t req = (uint32_t)sc->a[1];
	void *arg = (void *)sc->a[2];

	switch (req) {
	case FBSD_TIOCGETA: {
		struct fr_ktermios kt;
		if (ioctl(fd, TCGETS, &kt) != 0)
			return -errno;
		termios_host_to_fbsd(&kt, arg);
		return 0;
	}
	case FBSD_TIOCSETA:
	case FBSD_TIOCSETAW:
	case FBSD_TIOCSETAF: {
		struct fr_ktermios kt;
		termios_fbsd_to_host(arg, &kt);
		/* Keep the line discipline and the c_cc slots FreeBSD has no name for. */
		struct fr_ktermios cur;
		if (ioctl(fd, TCGETS, &cur) != 0)
			return -errno;
		kt.c_line = cur.c_line;
		kt.c_cc[7] = cur.c_cc[7]; /* VSWTC */
		kt.c_iflag |= cur.c_iflag & IUTF8; /* Linux-only: keep the terminal's UTF-8 erase */
		unsigned long hreq = req == FBSD_TIOCSETA ? TCSETS : req == FBSD_TIOCSETAW ? TCSETSW : TCSETSF;
		return fr_blocking_syscall(SYS_ioctl, fd, (long)hreq, (long)&kt, 0, 0, 0);
	}
	case FBSD_TIOCGWINSZ:
		return r0(ioctl(fd, TIOCGWINSZ, arg));
	case FBSD_TIOCSWINSZ:
		return r0(ioctl(fd, TIOCSWINSZ, arg));
	case FBSD_TIOCGPGRP:
		return r0(ioctl(fd, TIOCGPGRP, arg));
	case FBSD_TIOCSPGRP:
		return r0(ioctl(fd, TIOCSPGRP, arg));
	case FBSD_TIOCSCTTY:
		return r0(ioctl(fd, TIOCSCTTY, 0));
	case FBSD_TIOCNOTTY:
		return r0(ioctl(fd, TIOCNOTTY, 0));
	case FBSD_TIOCGSID:
		return r0(ioctl(fd, TIOCGSID, arg));
	case FBSD_TIOCOUTQ:
		return r0(ioctl(fd, TIOCOUTQ, arg));
	case FBSD_TIOCDRAIN:
		return fr_blocking_syscall(SYS_ioctl, fd, TCSBRK, 1, 0, 0, 0);
	case FBSD_TIOCEXCL:
		return r0(ioctl(fd, TIOCEXCL, 0));
	case FBSD_TIOCNXCL:
		return r0(ioctl(fd, TIOCNXCL, 0));
	case FBSD_TIOCFLUSH: {
		/* FreeBSD: FREAD 1, FWRITE 2, 0 means both. */
		int w = arg ? *(int *)arg : 0;
		int q = w == 1 ? TCIFLUSH : w == 2 ? TCOFLUSH : TCIOFLUSH;
		return r0(tcflush(fd, q));
	}
	case FBSD_FIOCLEX:
		return r0(fcntl(fd, F_SETFD, FD_CLOEXEC));
	case FBSD_FIONCLEX:
		return r0(fcntl(fd, F_SETFD, 0));
	case FBSD_FIONREAD:
		return r0(ioctl(fd, FIONREAD, arg));
	case FBSD_FIONBIO:
		return r0(ioctl(fd, FIONBIO, arg));
	case FBSD_FIOASYNC:
		return r0(ioctl(fd, FIOASYNC, arg));
	case FBSD_FIONWRITE:
		return r0(ioctl(fd, TIOCOUTQ, arg));
	case FBSD_TIOCPTMASTER: {
		/* Is fd a pty master?  Linux answers TIOCGPTN only for one. */
		unsigned n;
		return ioctl(fd, TIOCGPTN, &n) == 0 ? 0 : -EINVAL;
	}
	case FBSD_FIODGNAME: {
		/* struct fiodgname_arg { int len; void *buf; }: the device's name below /dev. */
		struct { int32_t len, pad; uint64_t buf; } *a = arg;
		char name[256];
		unsigned n;
		if (ioctl(fd, TIOCGPTN, &n) == 0) {
			snprintf(name, sizeof(name), "pts/%u", n);
		} else {
			char link[64], path[256];
			snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
			ssize_t l = readlink(link, path, sizeof(path) - 1);
			if (l < 6)
				return -EINVAL;
			path[l] = 0;
			if (strncmp(path, "/dev/", 5) != 0)
				return -EINVAL;
			snprintf(name, sizeof(name), "%s", path + 5);
		}
		if ((size_t)a->len < strlen(name) + 1)
			return -EINVAL;
		memcpy((void *)a->buf, name, strlen(name) + 1);
		return 0;
	}
	default:
		if (fr_trace_mask & FR_TRACE_SYSCALL)
			fr_trace("[%d] ioctl: FreeBSD request %#x is not translated\n", (int)getpid(), req);
		return -ENOTTY;
	}
}

/*
 * FreeBSD posix_openpt(2): flags O_RDWR, O_NOCTTY, O_CLOEXEC.  FreeBSD's
 * pty masters need no grantpt/unlockpt; Linux's is unlocked here.
 */
long fbsd_sys_posix_openpt(struct fr_sc *sc)
{
	int flags = (int)sc->a[0];
	if (flags & ~(0x3 | 0x8000 | 0x100000))
		return -EINVAL;
	int fd = open("/dev/ptmx", oflags_fbsd_to_host(flags));
	if (fd < 0)
		return -errno;
	int unlock = 0;
	ioctl(fd, TIOCSPTLCK, &unlock);
	return fd;
}
