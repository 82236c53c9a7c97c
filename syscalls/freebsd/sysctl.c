/*
 * FreeBSD __sysctl(2) and __sysctlbyname(2).  One table of nodes serves
 * both: each has its dotted name, its numeric OID (the static ones from
 * sys/sys/sysctl.h; the OID_AUTO ones get numbers from 0x1000 up, as a
 * FreeBSD kernel assigns them dynamically) and a function that produces
 * its value.  The meta-nodes sysctl.name2oid, sysctl.name, sysctl.oidfmt
 * and sysctl.next are answered from the same table.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/thread.h"

#define FBSD_OSRELEASE "14.3-RELEASE"
#define FBSD_OSRELDATE 1403000
#define MAXNAME 24

enum vtype { V_INT, V_UINT, V_LONG, V_ULONG, V_STRING, V_OPAQUE, V_NODE };

struct node;
typedef long getter(const struct node *n, const int *rest, unsigned nrest, void *buf, size_t *len);

struct node {
	const char *name;
	int oid[MAXNAME];
	unsigned len;
	enum vtype type;
	getter *get;
	long ival;
	const char *sval;
};

static long put(const void *v, size_t vlen, void *buf, size_t *len)
{
	if (!buf) {
		*len = vlen;
		return 0;
	}
	if (*len < vlen) {
		memcpy(buf, v, *len);
		*len = vlen;
		return -ENOMEM;
	}
	memcpy(buf, v, vlen);
	*len = vlen;
	return 0;
}

static long get_const(const struct node *n, const int *rest, unsigned nrest, void *buf, size_t *len)
{
	(void)rest;
	(void)nrest;
	switch (n->type) {
	case V_INT:
	case V_UINT: {
		int32_t v = (int32_t)n->ival;
		return put(&v, sizeof(v), buf, len);
	}
	case V_LONG:
	case V_ULONG:
		return put(&n->ival, sizeof(long), buf, len);
	case V_STRING:
		return put(n->sval, strlen(n->sval) + 1, buf, len);
	default:
		return -ENOENT;
	}
}

static long get_ncpu(const struct node *n, const int *r, unsigned nr, void *buf, size_t *len)
{
	(void)n; (void)r; (void)nr;
	int32_t v = (int32_t)sysconf(_SC_NPROCESSORS_ONLN);
	return put(&v, sizeof(v), buf, len);
}

static long get_physmem(const struct node *n, const int *r, unsigned nr, void *buf, size_t *len)
{
	(void)n; (void)r; (void)nr;
	unsigned long v = (unsigned long)sysconf(_SC_PHYS_PAGES) * 4096UL;
	return put(&v, sizeof(v), buf, len);
}

static long get_hostname(const struct node *n, const int *r, unsigned nr, void *buf, size_t *len)
{
	(void)n; (void)r; (void)nr;
	char h[256];
	if (gethostname(h, sizeof(h)) != 0)
		strcpy(h, "localhost");
	return put(h, strlen(h) + 1, buf, len);
}

static long get_version(const struct node *n, const int *r, unsigned nr, void *buf, size_t *len)
{
	(void)n; (void)r; (void)nr;
	char v[256];
	snprintf(v, sizeof(v), "FreeBSD %s (franca " FRANCA_VERSION ")\n", FBSD_OSRELEASE);
	return put(v, strlen(v) + 1, buf, len);
}

static long get_arandom(const struct node *n, const int *r, unsigned nr, void *buf, size_t *len)
{
	(void)n; (void)r; (void)nr;
	if (!buf)
		return 0;
	size_t want = *len > 256 ? 256 : *len;
	ssize_t got = getrandom(buf, want, 0);
	if (got < 0)
		return -errno;
	*len = (size_t)got;
	return 0;
}

static long get_usrstack(const struct node *n, const int *r, unsigned nr, void *buf, size_t *len)
{
	(void)n; (void)r; (void)nr;
	unsigned long v = fbsd_usrstack;
	return put(&v, sizeof(v), buf, len);
}

static long get_pagesizes(const struct node *n, const int *r, unsigned nr, void *buf, size_t *len)
{
	(void)n; (void)r; (void)nr;
	unsigned long v[3] = {4096, 2UL << 20, 1UL << 30};
	return put(v, sizeof(v), buf, len);
}

/* kern.proc.pathname.<pid>: only this process (-1 or our pid). */
static long get_pathname(const struct node *n, const int *r, unsigned nr, void *buf, size_t *len)
{
	(void)n;
	if (nr != 1)
		return -EINVAL;
	if (r[0] != -1 && r[0] != getpid())
		return -ESRCH;
	return put(fbsd_execpath, strlen(fbsd_execpath) + 1, buf, len);
}

static long get_maxcpus(const struct node *n, const int *r, unsigned nr, void *buf, size_t *len)
{
	(void)n; (void)r; (void)nr;
	int32_t v = 256;
	return put(&v, sizeof(v), buf, len);
}

static long get_boottime(const struct node *n, const int *r, unsigned nr, void *buf, size_t *len)
{
	(void)n; (void)r; (void)nr;
	struct timespec now, up;
	clock_gettime(CLOCK_REALTIME, &now);
	clock_gettime(CLOCK_BOOTTIME, &up);
	struct { int64_t sec, usec; } tv = {now.tv_sec - up.tv_sec, 0};
	return put(&tv, sizeof(tv), buf, len);
}

#define CTL_KERN 1
#define CTL_VM 2
#define CTL_HW 6
#define CTL_USER 8
#define AUTO(n) (0x1000 + (n))

static const struct node nodes[] = {
	{"kern.ostype", {CTL_KERN, 1}, 2, V_STRING, get_const, 0, "FreeBSD"},
	{"kern.osrelease", {CTL_KERN, 2}, 2, V_STRING, get_const, 0, FBSD_OSRELEASE},
	{"kern.osrevision", {CTL_KERN, 3}, 2, V_INT, get_const, 199506, NULL},
	{"kern.version", {CTL_KERN, 4}, 2, V_STRING, get_version, 0, NULL},
	{"kern.maxproc", {CTL_KERN, 6}, 2, V_INT, get_const, 32768, NULL},
	{"kern.maxfiles", {CTL_KERN, 7}, 2, V_INT, get_const, 1048576, NULL},
	{"kern.argmax", {CTL_KERN, 8}, 2, V_INT, get_const, 2097152, NULL},
	{"kern.hostname", {CTL_KERN, 10}, 2, V_STRING, get_hostname, 0, NULL},
	{"kern.hostid", {CTL_KERN, 11}, 2, V_ULONG, get_const, 0, NULL},
	{"kern.proc.pathname", {CTL_KERN, 14, 12}, 3, V_STRING, get_pathname, 0, NULL},
	{"kern.boottime", {CTL_KERN, 21}, 2, V_OPAQUE, get_boottime, 0, NULL},
	{"kern.osreldate", {CTL_KERN, 24}, 2, V_INT, get_const, FBSD_OSRELDATE, NULL},
	{"kern.usrstack", {CTL_KERN, 33}, 2, V_ULONG, get_usrstack, 0, NULL},
	{"kern.arandom", {CTL_KERN, 37}, 2, V_OPAQUE, get_arandom, 0, NULL},
	{"kern.smp.maxcpus", {CTL_KERN, AUTO(1), AUTO(2)}, 3, V_INT, get_maxcpus, 0, NULL},
	{"kern.smp.cpus", {CTL_KERN, AUTO(1), AUTO(3)}, 3, V_INT, get_ncpu, 0, NULL},
	{"kern.ngroups", {CTL_KERN, 18}, 2, V_INT, get_const, 1023, NULL},
	{"kern.iov_max", {CTL_KERN, 35}, 2, V_INT, get_const, 1024, NULL},
	{"kern.conftxt", {CTL_KERN, AUTO(10)}, 2, V_STRING, get_const, 0, "machine\tamd64\n"},
	{"kern.ipc.somaxconn", {CTL_KERN, AUTO(7), AUTO(8)}, 3, V_INT, get_const, 4096, NULL},
	{"kern.ipc.soacceptqueue", {CTL_KERN, AUTO(7), AUTO(9)}, 3, V_INT, get_const, 4096, NULL},
	{"vm.overcommit", {CTL_VM, AUTO(4)}, 2, V_INT, get_const, 0, NULL},
	{"hw.machine", {CTL_HW, 1}, 2, V_STRING, get_const, 0, "amd64"},
	{"hw.model", {CTL_HW, 2}, 2, V_STRING, get_const, 0, "x86-64"},
	{"hw.ncpu", {CTL_HW, 3}, 2, V_INT, get_ncpu, 0, NULL},
	{"hw.byteorder", {CTL_HW, 4}, 2, V_INT, get_const, 1234, NULL},
	{"hw.physmem", {CTL_HW, 5}, 2, V_ULONG, get_physmem, 0, NULL},
	{"hw.pagesize", {CTL_HW, 7}, 2, V_INT, get_const, 4096, NULL},
	{"hw.floatingpoint", {CTL_HW, 10}, 2, V_INT, get_const, 1, NULL},
	{"hw.machine_arch", {CTL_HW, 11}, 2, V_STRING, get_const, 0, "amd64"},
	{"hw.pagesizes", {CTL_HW, AUTO(5)}, 2, V_OPAQUE, get_pagesizes, 0, NULL},
	{"hw.availpages", {CTL_HW, AUTO(6)}, 2, V_LONG, get_const, 0, NULL},
	{"user.cs_path", {CTL_USER, 1}, 2, V_STRING, get_const, 0, "/usr/bin:/bin:/usr/sbin:/sbin"},
	{"user.posix2_version", {CTL_USER, 10}, 2, V_INT, get_const, 200112, NULL},
};

static const struct node *by_oid(const int *oid, unsigned len, unsigned *used)
{
	for (size_t i = 0; i < FR_ARRAY_LEN(nodes); i++) {
		const struct node *n = &nodes[i];
		if (len >= n->len && memcmp(oid, n->oid, n->len * sizeof(int)) == 0) {
			/* Only kern.proc.pathname takes a trailing argument. */
			if (len > n->len && n->get != get_pathname)
				continue;
			*used = n->len;
			return n;
		}
	}
	return NULL;
}

static const struct node *by_name(const char *name, size_t len)
{
	for (size_t i = 0; i < FR_ARRAY_LEN(nodes); i++)
		if (strlen(nodes[i].name) == len && strncmp(nodes[i].name, name, len) == 0)
			return &nodes[i];
	return NULL;
}

static long read_node(const int *oid, unsigned len, void *old, size_t *oldlen, const void *new)
{
	unsigned used;
	const struct node *n = by_oid(oid, len, &used);
	if (!n)
		return -ENOENT;
	if (new)
		return -EPERM;
	size_t dummy = 0;
	return n->get(n, oid + used, len - used, old, oldlen ? oldlen : &dummy);
}

/* The meta-MIB {0, x}: 1 name, 2 next, 3 name2oid, 4 oidfmt. */
static long meta(const int *oid, unsigned len, void *old, size_t *oldlen, const void *new, size_t newlen)
{
	if (len < 2)
		return -ENOENT;
	switch (oid[1]) {
	case 3: { /* name2oid */
		if (!new || newlen == 0)
			return -ENOENT;
		size_t nl = strnlen(new, newlen);
		const struct node *n = by_name(new, nl);
		if (!n)
			return -ENOENT;
		return put(n->oid, n->len * sizeof(int), old, oldlen);
	}
	case 1: { /* name */
		unsigned used;
		const struct node *n = by_oid(oid + 2, len - 2, &used);
		if (!n)
			return -ENOENT;
		return put(n->name, strlen(n->name) + 1, old, oldlen);
	}
	case 4: { /* oidfmt: u_int kind, then a format string */
		unsigned used;
		const struct node *n = by_oid(oid + 2, len - 2, &used);
		if (!n)
			return -ENOENT;
		static const struct { unsigned kind; const char *fmt; } f[] = {
			[V_INT] = {2, "I"}, [V_UINT] = {6, "IU"}, [V_LONG] = {7, "L"},
			[V_ULONG] = {8, "LU"}, [V_STRING] = {3, "A"}, [V_OPAQUE] = {5, "S"},
			[V_NODE] = {1, "N"},
		};
		char b[32];
		unsigned kind = f[n->type].kind | 0x80000000u; /* CTLFLAG_RD */
		memcpy(b, &kind, 4);
		strcpy(b + 4, f[n->type].fmt);
		return put(b, 4 + strlen(f[n->type].fmt) + 1, old, oldlen);
	}
	default:
		return -ENOENT;
	}
}

/* FreeBSD __sysctl(2): name, namelen, old, oldlenp, new, newlen. */
long fbsd_sys___sysctl(struct fr_sc *sc)
{
	const int *oid = (const int *)sc->a[0];
	unsigned len = (unsigned)sc->a[1];
	if (len < 2 || len > MAXNAME)
		return -EINVAL;
	if (oid[0] == 0)
		return meta(oid, len, (void *)sc->a[2], (size_t *)sc->a[3], (const void *)sc->a[4], sc->a[5]);
	if (oid[0] == 4 && oid[1] == 17 && sc->a[3]) /* CTL_NET, PF_ROUTE: route.c */
		return fbsd_net_rt_sysctl(oid, len, (void *)sc->a[2], (size_t *)sc->a[3]);
	return read_node(oid, len, (void *)sc->a[2], (size_t *)sc->a[3], (const void *)sc->a[4]);
}

/* FreeBSD __sysctlbyname(2): name, namelen, old, oldlenp, new, newlen. */
long fbsd_sys___sysctlbyname(struct fr_sc *sc)
{
	const char *name = (const char *)sc->a[0];
	size_t nl = sc->a[1];
	const struct node *n = by_name(name, strnlen(name, nl));
	if (!n)
		return -ENOENT;
	return read_node(n->oid, n->len, (void *)sc->a[2], (size_t *)sc->a[3], (const void *)sc->a[4]);
}

/* FreeBSD sysarch(2): the FS base is all a user program of ours needs. */
long fbsd_sys_sysarch(struct fr_sc *sc)
{
	enum { AMD64_GET_FSBASE = 128, AMD64_SET_FSBASE = 129, AMD64_GET_GSBASE = 130,
	       AMD64_SET_GSBASE = 131, AMD64_GET_XFPUSTATE = 132, AMD64_SET_PKRU = 133 };
	uint64_t *p = (uint64_t *)sc->a[1];
	switch ((int)sc->a[0]) {
	case AMD64_GET_FSBASE:
		*p = fr_self()->guest_fs;
		return 0;
	case AMD64_SET_FSBASE:
		fr_self()->guest_fs = *p;
		return 0;
	case AMD64_GET_GSBASE:
		*p = 0;
		return 0;
	case AMD64_SET_GSBASE:
		return -EPERM; /* franca keeps its own state in the GS base */
	default:
		return -EINVAL;
	}
}
