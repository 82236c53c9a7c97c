/*
 * FreeBSD's routing sysctl for interfaces: {CTL_NET, PF_ROUTE, 0, af,
 * NET_RT_IFLIST, ifindex}.  The answer is a stream of routing messages
 * (sys/net/if.h, sys/net/route.h): per interface an if_msghdr with its
 * sockaddr_dl, then an ifa_msghdr per address with netmask, address and
 * broadcast sockaddrs, each padded to a long.  Built from getifaddrs(3).
 * NET_RT_IFMALIST lists multicast memberships from /proc/net/igmp{,6}.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "franca/fbsd.h"

#define RTM_VERSION 5
#define RTM_NEWADDR 0xc
#define RTM_IFINFO 0xe
#define RTA_NETMASK 0x4
#define RTA_IFP 0x10
#define RTA_IFA 0x20
#define RTA_BRD 0x80
#define FBSD_AF_LINK 18
#define NET_RT_IFLIST 3
#define NET_RT_IFMALIST 4
#define IF_MSGHDR_SIZE 0xa8   /* struct if_msghdr with struct if_data */
#define IFA_MSGHDR_SIZE 0x14  /* struct ifa_msghdr */
#define SDL_SIZE 54           /* struct sockaddr_dl */
#define IFMA_MSGHDR_SIZE 0x10 /* struct ifma_msghdr */
#define RTM_NEWMADDR 0xf

struct buf {
	uint8_t *p;
	size_t len, cap;
};

static uint8_t *grow(struct buf *b, size_t n)
{
	if (b->len + n > b->cap) {
		size_t c = (b->cap + n) * 2;
		uint8_t *np = realloc(b->p, c);
		if (!np)
			return NULL;
		b->p = np;
		b->cap = c;
	}
	uint8_t *at = b->p + b->len;
	memset(at, 0, n);
	b->len += n;
	return at;
}

/* IFF_MULTICAST is 0x1000 on Linux, 0x8000 on FreeBSD; the lower bits agree. */
static int ifflags_host_to_fbsd(unsigned f)
{
	return (int)((f & 0x3df) | (f & IFF_MULTICAST ? 0x8000 : 0));
}

static size_t put_sa(struct buf *b, const struct sockaddr *sa)
{
	struct sockaddr_storage ss;
	size_t hl = sa->sa_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
	memcpy(&ss, sa, hl);
	size_t room = (hl + 7) & ~7UL;
	uint8_t *at = grow(b, room);
	if (!at)
		return 0;
	sockaddr_host_to_fbsd(&ss, (unsigned)hl, at, room);
	return room;
}

static int wanted(const struct ifaddrs *a, int af)
{
	return a->ifa_addr && (a->ifa_addr->sa_family == AF_INET || a->ifa_addr->sa_family == AF_INET6) &&
	       (af == 0 || af_host_to_fbsd(a->ifa_addr->sa_family) == af);
}

/* One ifma_msghdr (RTM_NEWMADDR) with the group address as RTA_IFA. */
static void put_group(struct buf *b, int index, const struct sockaddr *group)
{
	size_t start = b->len;
	uint8_t *h = grow(b, IFMA_MSGHDR_SIZE);
	if (!h)
		return;
	h[2] = RTM_VERSION;
	h[3] = RTM_NEWMADDR;
	*(int32_t *)(h + 4) = RTA_IFA;
	*(uint16_t *)(h + 12) = (uint16_t)index;
	put_sa(b, group);
	*(uint16_t *)(b->p + start) = (uint16_t)(b->len - start);
}

/* Multicast memberships, from Linux's /proc/net/igmp and /proc/net/igmp6. */
static void append_multicast(struct buf *b, int af, int only)
{
	char line[256];
	FILE *f;
	if ((af == 0 || af == FBSD_AF_INET) && (f = fopen("/proc/net/igmp", "re"))) {
		int index = 0;
		while (fgets(line, sizeof(line), f)) {
			int idx;
			unsigned v;
			if (line[0] != '\t' && sscanf(line, "%d", &idx) == 1) {
				index = idx;
			} else if (sscanf(line, " %8x", &v) == 1 && index && (!only || index == only)) {
				struct sockaddr_in sin = {.sin_family = AF_INET};
				memcpy(&sin.sin_addr, &v, 4); /* printed as the raw network-order word */
				put_group(b, index, (struct sockaddr *)&sin);
			}
		}
		fclose(f);
	}
	if ((af == 0 || af == FBSD_AF_INET6) && (f = fopen("/proc/net/igmp6", "re"))) {
		while (fgets(line, sizeof(line), f)) {
			int idx;
			char name[32], hex[33];
			if (sscanf(line, "%d %31s %32s", &idx, name, hex) != 3 || (only && idx != only))
				continue;
			struct sockaddr_in6 s6 = {.sin6_family = AF_INET6};
			for (int i = 0; i < 16; i++) {
				unsigned byte;
				sscanf(hex + 2 * i, "%2x", &byte);
				s6.sin6_addr.s6_addr[i] = (uint8_t)byte;
			}
			put_group(b, idx, (struct sockaddr *)&s6);
		}
		fclose(f);
	}
}

long fbsd_net_rt_sysctl(const int *oid, unsigned len, void *old, size_t *oldlen)
{
	if (len < 6)
		return -EINVAL;
	int af = oid[3], what = oid[4], only = oid[5];
	if (what != NET_RT_IFLIST && what != NET_RT_IFMALIST)
		return -EOPNOTSUPP;
	struct buf b = {0};
	if (what == NET_RT_IFLIST) {
		struct ifaddrs *all;
		if (getifaddrs(&all) != 0)
			return -errno;
		for (struct ifaddrs *l = all; l; l = l->ifa_next) {
			if (!l->ifa_addr || l->ifa_addr->sa_family != AF_PACKET)
				continue;
			const struct sockaddr_ll *ll = (const void *)l->ifa_addr;
			int index = ll->sll_ifindex;
			if (only && index != only)
				continue;
			size_t start = b.len;
			uint8_t *m = grow(&b, IF_MSGHDR_SIZE + SDL_SIZE + 2);
			if (!m)
				break;
			size_t nlen = strnlen(l->ifa_name, 16), alen = ll->sll_halen > 8 ? 8 : ll->sll_halen;
			if (ll->sll_hatype == 772)
				alen = 0; /* loopback: FreeBSD lo0 has no link-layer address */
			m[2] = RTM_VERSION;
			m[3] = RTM_IFINFO;
			*(int32_t *)(m + 4) = RTA_IFP;
			*(int32_t *)(m + 8) = ifflags_host_to_fbsd(l->ifa_flags);
			*(uint16_t *)(m + 12) = (uint16_t)index;
			/* struct if_data at 16: type, addrlen, hdrlen, datalen, mtu */
			m[16] = ll->sll_hatype == 772 ? 0x18 : 6; /* IFT_LOOP or IFT_ETHER */
			m[18] = (uint8_t)alen;
			*(uint16_t *)(m + 22) = 152;
			int mtu = 0;
			int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
			if (s >= 0) {
				struct ifreq ifr;
				memset(&ifr, 0, sizeof(ifr));
				strncpy(ifr.ifr_name, l->ifa_name, IFNAMSIZ - 1);
				if (ioctl(s, SIOCGIFMTU, &ifr) == 0)
					mtu = ifr.ifr_mtu;
				close(s);
			}
			*(uint32_t *)(m + 24) = (uint32_t)mtu;
			uint8_t *dl = m + IF_MSGHDR_SIZE;
			dl[0] = SDL_SIZE;
			dl[1] = FBSD_AF_LINK;
			*(uint16_t *)(dl + 2) = (uint16_t)index;
			dl[4] = m[16];
			dl[5] = (uint8_t)nlen;
			dl[6] = (uint8_t)alen;
			memcpy(dl + 8, l->ifa_name, nlen);
			memcpy(dl + 8 + nlen, ll->sll_addr, alen);
			b.len = start + IF_MSGHDR_SIZE + ((SDL_SIZE + 7) & ~7UL);
			*(uint16_t *)(b.p + start) = (uint16_t)(b.len - start);

			for (struct ifaddrs *a = all; a; a = a->ifa_next) {
				if (strcmp(a->ifa_name, l->ifa_name) != 0 || !wanted(a, af))
					continue;
				size_t astart = b.len;
				uint8_t *h = grow(&b, IFA_MSGHDR_SIZE);
				if (!h)
					break;
				int addrs = RTA_IFA;
				if (a->ifa_netmask)
					addrs |= RTA_NETMASK;
				if ((a->ifa_flags & IFF_BROADCAST) && a->ifa_broadaddr && a->ifa_addr->sa_family == AF_INET)
					addrs |= RTA_BRD;
				h[2] = RTM_VERSION;
				h[3] = RTM_NEWADDR;
				*(int32_t *)(h + 4) = addrs;
				*(int32_t *)(h + 8) = ifflags_host_to_fbsd(a->ifa_flags);
				*(uint16_t *)(h + 12) = (uint16_t)index;
				/* RTAX order: netmask (2), then ifa (5), then brd (7). */
				if (addrs & RTA_NETMASK) {
					struct sockaddr_storage nm;
					memcpy(&nm, a->ifa_netmask, a->ifa_addr->sa_family == AF_INET
								     ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6));
					nm.ss_family = a->ifa_addr->sa_family;
					put_sa(&b, (struct sockaddr *)&nm);
				}
				put_sa(&b, a->ifa_addr);
				if (addrs & RTA_BRD)
					put_sa(&b, a->ifa_broadaddr);
				*(uint16_t *)(b.p + astart) = (uint16_t)(b.len - astart);
			}
		}
		freeifaddrs(all);
	} else {
		append_multicast(&b, af, only);
	}
	long r = 0;
	if (!old) {
		*oldlen = b.len + 512; /* room for change, as FreeBSD estimates */
	} else if (*oldlen < b.len) {
		*oldlen = b.len;
		r = -ENOMEM;
	} else {
		memcpy(old, b.p, b.len);
		*oldlen = b.len;
	}
	free(b.p);
	return r;
}
