/* Socket addresses, option names and MSG_ flags, from socket.def. */
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "franca/abi_fbsd.h"

static const struct { int level, fbsd, host; } sockopts[] = {
#define SOCKOPT(l, n, f, h) {l, f, h},
#define MSGF(n, f, h)
#include "socket.def"
#undef SOCKOPT
#undef MSGF
};

static const struct { int fbsd, host; } msgflags[] = {
#define SOCKOPT(l, n, f, h)
#define MSGF(n, f, h) {f, h},
#include "socket.def"
#undef SOCKOPT
#undef MSGF
};

int sockopt_fbsd_to_host(int level, int name)
{
	for (size_t i = 0; i < sizeof(sockopts) / sizeof(sockopts[0]); i++)
		if (sockopts[i].level == level && sockopts[i].fbsd == name)
			return sockopts[i].host;
	return -1;
}

int sockopt_host_to_fbsd(int level, int name)
{
	for (size_t i = 0; i < sizeof(sockopts) / sizeof(sockopts[0]); i++)
		if (sockopts[i].level == level && sockopts[i].host == name)
			return sockopts[i].fbsd;
	return -1;
}

int msgflags_fbsd_to_host(int f)
{
	int h = 0;
	for (size_t i = 0; i < sizeof(msgflags) / sizeof(msgflags[0]); i++)
		if (f & msgflags[i].fbsd)
			h |= msgflags[i].host;
	return h;
}

int msgflags_host_to_fbsd(int h)
{
	int f = 0;
	for (size_t i = 0; i < sizeof(msgflags) / sizeof(msgflags[0]); i++)
		if (h & msgflags[i].host)
			f |= msgflags[i].fbsd;
	return f;
}

int af_fbsd_to_host(int af)
{
	switch (af) {
	case FBSD_AF_UNSPEC: return AF_UNSPEC;
	case FBSD_AF_UNIX: return AF_UNIX;
	case FBSD_AF_INET: return AF_INET;
	case FBSD_AF_INET6: return AF_INET6;
	default: return -1;
	}
}

int af_host_to_fbsd(int af)
{
	switch (af) {
	case AF_UNSPEC: return FBSD_AF_UNSPEC;
	case AF_UNIX: return FBSD_AF_UNIX;
	case AF_INET: return FBSD_AF_INET;
	case AF_INET6: return FBSD_AF_INET6;
	default: return -1;
	}
}

/*
 * FreeBSD sockaddrs start {uint8 len, uint8 family}, Linux's {uint16
 * family}; the rest of sockaddr_in and sockaddr_in6 is the same, and
 * sockaddr_un differs only in its path size (104 against 108).
 */
int sockaddr_fbsd_to_host(const void *f, size_t flen, struct sockaddr_storage *h, unsigned *hlen)
{
	const uint8_t *b = f;
	if (flen < 2)
		return -EINVAL;
	int af = af_fbsd_to_host(b[1]);
	if (af < 0)
		return -EAFNOSUPPORT;
	memset(h, 0, sizeof(*h));
	h->ss_family = (sa_family_t)af;
	size_t body = flen - 2;
	if (af == AF_UNIX) {
		struct sockaddr_un *u = (struct sockaddr_un *)h;
		if (body > sizeof(u->sun_path) - 1)
			return -EINVAL;
		memcpy(u->sun_path, b + 2, body);
		*hlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strnlen(u->sun_path, body));
		return 0;
	}
	if (af == AF_INET && flen < sizeof(struct sockaddr_in))
		return -EINVAL;
	if (af == AF_INET6 && flen < sizeof(struct sockaddr_in6))
		return -EINVAL;
	size_t want = af == AF_INET ? sizeof(struct sockaddr_in) : af == AF_INET6 ? sizeof(struct sockaddr_in6) : flen;
	if (want > sizeof(*h))
		return -EINVAL;
	memcpy((uint8_t *)h + 2, b + 2, want - 2);
	*hlen = (socklen_t)want;
	return 0;
}

size_t sockaddr_host_to_fbsd(const struct sockaddr_storage *h, unsigned hlen, void *f, size_t room)
{
	uint8_t tmp[sizeof(struct sockaddr_storage)];
	size_t len;
	memset(tmp, 0, sizeof(tmp));
	if (hlen < 2) {
		len = 2; /* unnamed */
		tmp[1] = (uint8_t)af_host_to_fbsd(h->ss_family);
	} else if (h->ss_family == AF_UNIX) {
		const struct sockaddr_un *u = (const struct sockaddr_un *)h;
		size_t plen = hlen - offsetof(struct sockaddr_un, sun_path);
		if (plen > FBSD_SUN_PATH - 1)
			plen = FBSD_SUN_PATH - 1;
		plen = strnlen(u->sun_path, plen);
		memcpy(tmp + 2, u->sun_path, plen);
		len = 2 + plen + (plen ? 1 : 0);
		tmp[1] = FBSD_AF_UNIX;
	} else {
		len = hlen > sizeof(tmp) ? sizeof(tmp) : hlen;
		memcpy(tmp + 2, (const uint8_t *)h + 2, len - 2);
		int af = af_host_to_fbsd(h->ss_family);
		tmp[1] = (uint8_t)(af < 0 ? 255 : af);
	}
	tmp[0] = (uint8_t)len;
	memcpy(f, tmp, len < room ? len : room);
	return len;
}
