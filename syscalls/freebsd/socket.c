/*
 * FreeBSD sockets for AF_UNIX, AF_INET and AF_INET6.  Addresses, option
 * names, MSG_ flags and control messages are translated through
 * abi/freebsd/socket.def; SCM_RIGHTS passes descriptors both ways.
 * SCM_CREDS maps onto Linux's SCM_CREDENTIALS: a sender's empty SCM_CREDS
 * becomes its stated pid/uid/gid, and a receiver sees them when it asked
 * with LOCAL_CREDS (SO_PASSCRED), where FreeBSD would show them always.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/thread.h"
#include <sys/syscall.h>

#define FBSD_SOCK_CLOEXEC 0x10000000
#define FBSD_SOCK_NONBLOCK 0x20000000
#define FBSD_SO_NOSIGPIPE 0x800
#define FBSD_SO_SNDTIMEO 0x1005
#define FBSD_SO_RCVTIMEO 0x1006
#define FBSD_SCM_RIGHTS 1
#define FBSD_SCM_CREDS 3
/* SOL_LOCAL (0) options of AF_UNIX sockets: sys/sys/un.h */
#define FBSD_LOCAL_PEERCRED 1
#define FBSD_LOCAL_CREDS 2
#define FBSD_LOCAL_CREDS_PERSISTENT 3

/* FreeBSD struct cmsgcred (sys/sys/socket.h), what SCM_CREDS carries. */
struct fbsd_cmsgcred {
	int32_t pid;
	uint32_t uid, euid, gid;
	int16_t ngroups, pad;
	uint32_t groups[16];
};
_Static_assert(sizeof(struct fbsd_cmsgcred) == 84, "sys/socket.h cmsgcred");

/* FreeBSD struct xucred (sys/sys/ucred.h), LOCAL_PEERCRED's answer. */
struct fbsd_xucred {
	uint32_t version;
	uint32_t uid;
	int16_t ngroups, pad;
	uint32_t groups[16];
	uint32_t pad1;
	int64_t pid; /* cr_pid, in a pointer-sized union */
};
_Static_assert(sizeof(struct fbsd_xucred) == 88, "sys/ucred.h xucred");

static int is_unix(int fd)
{
	int d = 0;
	socklen_t l = sizeof(d);
	return getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &d, &l) == 0 && d == AF_UNIX;
}

static long ret(long r)
{
	return r < 0 ? -errno : r;
}

static int socktype_fbsd_to_host(int t)
{
	return (t & ~(FBSD_SOCK_CLOEXEC | FBSD_SOCK_NONBLOCK)) | (t & FBSD_SOCK_CLOEXEC ? SOCK_CLOEXEC : 0) |
	       (t & FBSD_SOCK_NONBLOCK ? SOCK_NONBLOCK : 0);
}

/* Writes a host address back to a guest (addr, *addrlen) pair. */
static void put_addr(const struct sockaddr_storage *ss, socklen_t hl, void *addr, uint32_t *lenp)
{
	if (!addr || !lenp)
		return;
	if (hl == 0) {
		*lenp = 0; /* an unnamed peer: nothing to report */
		return;
	}
	size_t n = sockaddr_host_to_fbsd(ss, hl, addr, *lenp);
	*lenp = (uint32_t)n;
}

/* FreeBSD socket(2). */
long fbsd_sys_socket(struct fr_sc *sc)
{
	int af = af_fbsd_to_host((int)sc->a[0]);
	if (af < 0)
		return -EAFNOSUPPORT;
	return ret(socket(af, socktype_fbsd_to_host((int)sc->a[1]), (int)sc->a[2]));
}

/* FreeBSD socketpair(2). */
long fbsd_sys_socketpair(struct fr_sc *sc)
{
	int af = af_fbsd_to_host((int)sc->a[0]);
	if (af < 0)
		return -EAFNOSUPPORT;
	return ret(socketpair(af, socktype_fbsd_to_host((int)sc->a[1]), (int)sc->a[2], (int *)sc->a[3]));
}

/* FreeBSD bind(2). */
long fbsd_sys_bind(struct fr_sc *sc)
{
	struct sockaddr_storage ss;
	socklen_t hl;
	int r = sockaddr_fbsd_to_host((const void *)sc->a[1], (size_t)sc->a[2], &ss, &hl);
	if (r)
		return r;
	return ret(bind((int)sc->a[0], (struct sockaddr *)&ss, hl));
}

/* FreeBSD connect(2). */
long fbsd_sys_connect(struct fr_sc *sc)
{
	struct sockaddr_storage ss;
	socklen_t hl;
	int r = sockaddr_fbsd_to_host((const void *)sc->a[1], (size_t)sc->a[2], &ss, &hl);
	if (r)
		return r;
	return fr_blocking_syscall(SYS_connect, (long)sc->a[0], (long)&ss, hl, 0, 0, 0);
}

/* FreeBSD listen(2). */
long fbsd_sys_listen(struct fr_sc *sc)
{
	return ret(listen((int)sc->a[0], (int)sc->a[1]));
}

static long do_accept(struct fr_sc *sc, int flags)
{
	struct sockaddr_storage ss;
	socklen_t hl = sizeof(ss);
	long fd = fr_blocking_syscall(SYS_accept4, (long)sc->a[0], (long)&ss, (long)&hl, flags, 0, 0);
	if (fd < 0)
		return fd;
	put_addr(&ss, hl, (void *)sc->a[1], (uint32_t *)sc->a[2]);
	return fd;
}

/* FreeBSD accept(2). */
long fbsd_sys_accept(struct fr_sc *sc)
{
	return do_accept(sc, 0);
}

/* FreeBSD accept4(2). */
long fbsd_sys_accept4(struct fr_sc *sc)
{
	return do_accept(sc, socktype_fbsd_to_host((int)sc->a[3]));
}

/* FreeBSD getsockname(2). */
long fbsd_sys_getsockname(struct fr_sc *sc)
{
	struct sockaddr_storage ss;
	socklen_t hl = sizeof(ss);
	if (getsockname((int)sc->a[0], (struct sockaddr *)&ss, &hl) != 0)
		return -errno;
	put_addr(&ss, hl, (void *)sc->a[1], (uint32_t *)sc->a[2]);
	return 0;
}

/* FreeBSD getpeername(2). */
long fbsd_sys_getpeername(struct fr_sc *sc)
{
	struct sockaddr_storage ss;
	socklen_t hl = sizeof(ss);
	if (getpeername((int)sc->a[0], (struct sockaddr *)&ss, &hl) != 0)
		return -errno;
	put_addr(&ss, hl, (void *)sc->a[1], (uint32_t *)sc->a[2]);
	return 0;
}

/* FreeBSD shutdown(2): SHUT_RD/WR/RDWR are 0/1/2 on both. */
long fbsd_sys_shutdown(struct fr_sc *sc)
{
	return ret(shutdown((int)sc->a[0], (int)sc->a[1]));
}

static int opt_level(int level)
{
	return level == FBSD_SOL_SOCKET ? SOL_SOCKET : level;
}

/* FreeBSD setsockopt(2). */
long fbsd_sys_setsockopt(struct fr_sc *sc)
{
	int fd = (int)sc->a[0], level = opt_level((int)sc->a[1]), name = (int)sc->a[2];
	const void *val = (const void *)sc->a[3];
	socklen_t len = (socklen_t)sc->a[4];
	if (level == SOL_SOCKET && name == FBSD_SO_NOSIGPIPE)
		return 0; /* Go and libc pass MSG_NOSIGNAL or ignore SIGPIPE anyway */
	if (level == 0 && is_unix(fd)) {
		/* LOCAL_CREDS: the peer's credentials come with received data. */
		if (name == FBSD_LOCAL_CREDS || name == FBSD_LOCAL_CREDS_PERSISTENT) {
			int on = val && len >= 4 ? *(const int *)val : 0;
			return ret(setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
		}
		return -ENOPROTOOPT;
	}
	if (level == SOL_SOCKET && (name == FBSD_SO_SNDTIMEO || name == FBSD_SO_RCVTIMEO))
		return ret(setsockopt(fd, level, name == FBSD_SO_SNDTIMEO ? SO_SNDTIMEO : SO_RCVTIMEO, val, len));
	int h = sockopt_fbsd_to_host(level, name);
	if (h < 0) {
		if (level == IPPROTO_TCP || level == IPPROTO_IP || level == IPPROTO_IPV6 || level == SOL_SOCKET)
			return -ENOPROTOOPT;
		h = name;
	}
	return ret(setsockopt(fd, level, h, val, len));
}

/* FreeBSD getsockopt(2). */
long fbsd_sys_getsockopt(struct fr_sc *sc)
{
	int fd = (int)sc->a[0], level = opt_level((int)sc->a[1]), name = (int)sc->a[2];
	void *val = (void *)sc->a[3];
	uint32_t *lenp = (uint32_t *)sc->a[4];
	socklen_t len = lenp ? *lenp : 0;
	int h;
	if (level == 0 && is_unix(fd) && name == FBSD_LOCAL_PEERCRED) {
		struct ucred uc;
		socklen_t ul = sizeof(uc);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &ul) != 0)
			return -errno;
		struct fbsd_xucred x = {.version = 0 /* XUCRED_VERSION */, .uid = uc.uid, .ngroups = 1,
					.pid = uc.pid};
		x.groups[0] = uc.gid;
		if (!val || len < sizeof(x))
			return -EINVAL;
		memcpy(val, &x, sizeof(x));
		*lenp = sizeof(x);
		return 0;
	}
	if (level == SOL_SOCKET && (name == FBSD_SO_SNDTIMEO || name == FBSD_SO_RCVTIMEO))
		h = name == FBSD_SO_SNDTIMEO ? SO_SNDTIMEO : SO_RCVTIMEO;
	else
		h = sockopt_fbsd_to_host(level, name);
	if (h < 0)
		return -ENOPROTOOPT;
	if (getsockopt(fd, level, h, val, &len) != 0)
		return -errno;
	if (lenp)
		*lenp = len;
	if (level == SOL_SOCKET && h == SO_ERROR && val && len >= 4)
		*(int *)val = *(int *)val ? errno_host_to_fbsd(*(int *)val) : 0;
	if (level == SOL_SOCKET && h == SO_DOMAIN && val && len >= 4)
		*(int *)val = af_host_to_fbsd(*(int *)val);
	return 0;
}

/* FreeBSD sendto(2). */
long fbsd_sys_sendto(struct fr_sc *sc)
{
	struct sockaddr_storage ss;
	socklen_t hl = 0;
	if (sc->a[4]) {
		int r = sockaddr_fbsd_to_host((const void *)sc->a[4], (size_t)sc->a[5], &ss, &hl);
		if (r)
			return r;
	}
	return fr_blocking_syscall(SYS_sendto, (long)sc->a[0], (long)sc->a[1], (long)sc->a[2],
		   msgflags_fbsd_to_host((int)sc->a[3]), sc->a[4] ? (long)&ss : 0, hl);
}

/* FreeBSD recvfrom(2). */
long fbsd_sys_recvfrom(struct fr_sc *sc)
{
	struct sockaddr_storage ss;
	socklen_t hl = sizeof(ss);
	void *addr = (void *)sc->a[4];
	long n = fr_blocking_syscall(SYS_recvfrom, (long)sc->a[0], (long)sc->a[1], (long)sc->a[2], msgflags_fbsd_to_host((int)sc->a[3]),
		      addr ? (long)&ss : 0, addr ? (long)&hl : 0);
	if (n < 0)
		return n;
	if (addr)
		put_addr(&ss, hl, addr, (uint32_t *)sc->a[5]);
	return n;
}

/* FreeBSD struct msghdr and cmsghdr (sys/sys/socket.h). */
struct fbsd_msghdr {
	uint64_t name;
	uint32_t namelen, pad0;
	uint64_t iov;
	int32_t iovlen, pad1;
	uint64_t control;
	uint32_t controllen;
	int32_t flags;
};
_Static_assert(sizeof(struct fbsd_msghdr) == 48, "sys/socket.h msghdr");
struct fbsd_cmsghdr {
	uint32_t len;
	int32_t level, type;
};
#define FBSD_CMSG_ALIGN(n) (((n) + 7) & ~(size_t)7)
#define FBSD_CMSG_HDR FBSD_CMSG_ALIGN(sizeof(struct fbsd_cmsghdr))

/* Guest control messages to host ones; only SCM_RIGHTS is carried. */
static long cmsg_fbsd_to_host(const uint8_t *in, size_t inlen, uint8_t *out, size_t room, size_t *outlen)
{
	size_t o = 0;
	for (size_t i = 0; i + sizeof(struct fbsd_cmsghdr) <= inlen;) {
		const struct fbsd_cmsghdr *c = (const void *)(in + i);
		if (c->len < sizeof(*c) || i + c->len > inlen)
			return -EINVAL;
		size_t dlen = c->len - FBSD_CMSG_HDR;
		if (c->level == FBSD_SOL_SOCKET && c->type == FBSD_SCM_CREDS) {
			/* The kernel fills SCM_CREDS in; on Linux the sender states them. */
			struct ucred uc = {.pid = getpid(), .uid = getuid(), .gid = getgid()};
			if (o + CMSG_SPACE(sizeof(uc)) > room)
				return -ENOBUFS;
			struct cmsghdr *h = (struct cmsghdr *)(out + o);
			h->cmsg_len = CMSG_LEN(sizeof(uc));
			h->cmsg_level = SOL_SOCKET;
			h->cmsg_type = SCM_CREDENTIALS;
			memcpy(CMSG_DATA(h), &uc, sizeof(uc));
			o += CMSG_SPACE(sizeof(uc));
			i += FBSD_CMSG_ALIGN(c->len);
			continue;
		}
		if (c->level != FBSD_SOL_SOCKET || c->type != FBSD_SCM_RIGHTS)
			return -EINVAL;
		if (o + CMSG_SPACE(dlen) > room)
			return -ENOBUFS;
		struct cmsghdr *h = (struct cmsghdr *)(out + o);
		h->cmsg_len = CMSG_LEN(dlen);
		h->cmsg_level = SOL_SOCKET;
		h->cmsg_type = SCM_RIGHTS;
		memcpy(CMSG_DATA(h), in + i + FBSD_CMSG_HDR, dlen);
		o += CMSG_SPACE(dlen);
		i += FBSD_CMSG_ALIGN(c->len);
	}
	*outlen = o;
	return 0;
}

static size_t cmsg_host_to_fbsd(struct msghdr *hm, uint8_t *out, size_t room, int *trunc)
{
	size_t o = 0;
	for (struct cmsghdr *h = CMSG_FIRSTHDR(hm); h; h = CMSG_NXTHDR(hm, h)) {
		size_t dlen = h->cmsg_len - CMSG_LEN(0);
		if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_CREDENTIALS && dlen >= sizeof(struct ucred)) {
			const struct ucred *uc = (const void *)CMSG_DATA(h);
			struct fbsd_cmsgcred cc = {.pid = uc->pid, .uid = uc->uid, .euid = uc->uid, .gid = uc->gid,
						   .ngroups = 1};
			cc.groups[0] = uc->gid;
			if (o + FBSD_CMSG_HDR + sizeof(cc) > room) {
				*trunc = 1;
				continue;
			}
			struct fbsd_cmsghdr *c = (void *)(out + o);
			c->len = (uint32_t)(FBSD_CMSG_HDR + sizeof(cc));
			c->level = FBSD_SOL_SOCKET;
			c->type = FBSD_SCM_CREDS;
			memcpy(out + o + FBSD_CMSG_HDR, &cc, sizeof(cc));
			o += FBSD_CMSG_ALIGN(FBSD_CMSG_HDR + sizeof(cc));
			continue;
		}
		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		if (o + FBSD_CMSG_HDR + dlen > room) {
			*trunc = 1;
			int *fds = (int *)CMSG_DATA(h);
			for (size_t k = 0; k < dlen / sizeof(int); k++)
				close(fds[k]);
			continue;
		}
		struct fbsd_cmsghdr *c = (void *)(out + o);
		c->len = (uint32_t)(FBSD_CMSG_HDR + dlen);
		c->level = FBSD_SOL_SOCKET;
		c->type = FBSD_SCM_RIGHTS;
		memcpy(out + o + FBSD_CMSG_HDR, CMSG_DATA(h), dlen);
		o += FBSD_CMSG_ALIGN(FBSD_CMSG_HDR + dlen);
	}
	return o > room ? room : o;
}

/* FreeBSD sendmsg(2). */
long fbsd_sys_sendmsg(struct fr_sc *sc)
{
	const struct fbsd_msghdr *fm = (const void *)sc->a[1];
	struct sockaddr_storage ss;
	socklen_t hl = 0;
	uint8_t ctl[1024];
	size_t ctllen = 0;
	if (fm->name && fm->namelen) {
		int r = sockaddr_fbsd_to_host((const void *)fm->name, fm->namelen, &ss, &hl);
		if (r)
			return r;
	}
	if (fm->control && fm->controllen) {
		long r = cmsg_fbsd_to_host((const void *)fm->control, fm->controllen, ctl, sizeof(ctl), &ctllen);
		if (r)
			return r;
	}
	struct msghdr hm = {
		.msg_name = hl ? &ss : NULL, .msg_namelen = hl,
		.msg_iov = (struct iovec *)fm->iov, .msg_iovlen = (size_t)fm->iovlen,
		.msg_control = ctllen ? ctl : NULL, .msg_controllen = ctllen,
	};
	return fr_blocking_syscall(SYS_sendmsg, (long)sc->a[0], (long)&hm, msgflags_fbsd_to_host((int)sc->a[2]), 0, 0, 0);
}

/* FreeBSD recvmsg(2). */
long fbsd_sys_recvmsg(struct fr_sc *sc)
{
	struct fbsd_msghdr *fm = (void *)sc->a[1];
	struct sockaddr_storage ss;
	uint8_t ctl[1024];
	struct msghdr hm = {
		.msg_name = fm->name ? &ss : NULL, .msg_namelen = fm->name ? sizeof(ss) : 0,
		.msg_iov = (struct iovec *)fm->iov, .msg_iovlen = (size_t)fm->iovlen,
		.msg_control = fm->control && fm->controllen ? ctl : NULL,
		.msg_controllen = fm->control && fm->controllen ? sizeof(ctl) : 0,
	};
	long n = fr_blocking_syscall(SYS_recvmsg, (long)sc->a[0], (long)&hm, msgflags_fbsd_to_host((int)sc->a[2]), 0, 0, 0);
	if (n < 0)
		return n;
	if (fm->name)
		fm->namelen = hm.msg_namelen ? (uint32_t)sockaddr_host_to_fbsd(&ss, hm.msg_namelen, (void *)fm->name,
									       fm->namelen) : 0;
	int trunc = 0;
	if (fm->control && fm->controllen)
		fm->controllen = (uint32_t)cmsg_host_to_fbsd(&hm, (void *)fm->control, fm->controllen, &trunc);
	else
		fm->controllen = 0;
	fm->flags = msgflags_host_to_fbsd(hm.msg_flags) | (trunc ? 0x20 : 0);
	return n;
}


/* FreeBSD struct sf_hdtr (sys/sys/socket.h). */
struct fbsd_sf_hdtr {
	uint64_t headers;
	int32_t hdr_cnt, pad0;
	uint64_t trailers;
	int32_t trl_cnt, pad1;
};

/*
 * FreeBSD sendfile(2): fd, s, offset, nbytes (0: to the end), hdtr,
 * sbytes, flags.  Headers, the file range and trailers go out in turn;
 * *sbytes counts all of them, also when a non-blocking socket stops early
 * with EAGAIN, as FreeBSD reports it.  The SF_ flags are hints.
 */
long fbsd_sys_sendfile(struct fr_sc *sc)
{
	int fd = (int)sc->a[0], s = (int)sc->a[1];
	off_t off = (off_t)sc->a[2];
	size_t nbytes = sc->a[3];
	const struct fbsd_sf_hdtr *hdtr = (const void *)sc->a[4];
	int64_t *sbytes = (int64_t *)sc->a[5];
	int64_t sent = 0;
	long err = 0;

	if (hdtr && hdtr->headers && hdtr->hdr_cnt > 0) {
		long n = fr_blocking_syscall(SYS_writev, s, (long)hdtr->headers, hdtr->hdr_cnt, 0, 0, 0);
		if (n < 0)
			err = n;
		else
			sent += n;
	}
	if (!err) {
		if (nbytes == 0) {
			struct stat st;
			if (fstat(fd, &st) != 0)
				err = -errno;
			else
				nbytes = st.st_size > off ? (size_t)(st.st_size - off) : 0;
		}
		while (!err && nbytes > 0) {
			long n = fr_blocking_syscall(SYS_sendfile, s, fd, (long)&off, (long)nbytes, 0, 0);
			if (n < 0) {
				err = n;
				break;
			}
			if (n == 0)
				break;
			sent += n;
			nbytes -= (size_t)n;
		}
	}
	if (!err && hdtr && hdtr->trailers && hdtr->trl_cnt > 0) {
		long n = fr_blocking_syscall(SYS_writev, s, (long)hdtr->trailers, hdtr->trl_cnt, 0, 0, 0);
		if (n < 0)
			err = n;
		else
			sent += n;
	}
	if (sbytes)
		*sbytes = sent;
	return err;
}
