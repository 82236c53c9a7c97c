/* FreeBSD memory-management syscalls. */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"

#define FBSD_MAP_FIXED 0x10
#define FBSD_MAP_ANON 0x1000
#define FBSD_MAP_GUARD 0x2000
#define FBSD_MAP_EXCL 0x4000
#define FBSD_MAP_ALIGNMENT_SHIFT 24
#define FBSD_MAP_ALIGNED_SUPER 1

/*
 * FreeBSD mmap(2).  MAP_GUARD reserves address space that faults on every
 * access; MAP_EXCL turns MAP_FIXED into "fail rather than replace";
 * MAP_ALIGNED(n) asks for 2^n alignment, done by over-allocating and
 * trimming.
 */
long fbsd_sys_mmap(struct fr_sc *sc)
{
	uint64_t addr = sc->a[0], len = sc->a[1];
	int prot = (int)sc->a[2], fflags = (int)sc->a[3], fd = (int)sc->a[4];
	off_t pos = (off_t)sc->a[5];
	int align_log = (int)(((unsigned)fflags) >> FBSD_MAP_ALIGNMENT_SHIFT);
	int hflags = mmapflags_fbsd_to_host(fflags & ((1 << FBSD_MAP_ALIGNMENT_SHIFT) - 1));

	if (len == 0)
		return -EINVAL;
	if (fflags & FBSD_MAP_GUARD) {
		if (prot != PROT_NONE || fd != -1 || pos != 0 ||
		    (fflags & ~(FBSD_MAP_GUARD | FBSD_MAP_FIXED | FBSD_MAP_EXCL)))
			return -EINVAL;
		hflags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | (fflags & FBSD_MAP_FIXED ? MAP_FIXED : 0);
	}
	if ((fflags & FBSD_MAP_EXCL) && (fflags & FBSD_MAP_FIXED))
		hflags = (hflags & ~MAP_FIXED) | MAP_FIXED_NOREPLACE;
	if (fflags & FBSD_MAP_ANON)
		fd = -1;

	uint64_t align = 0;
	if (align_log == FBSD_MAP_ALIGNED_SUPER)
		align = 2UL << 20;
	else if (align_log >= 12 && align_log < 48)
		align = 1UL << align_log;
	else if (align_log)
		return -EINVAL;
	if (align && !(hflags & (MAP_FIXED | MAP_FIXED_NOREPLACE))) {
		uint64_t big = FR_PAGE_UP(len) + align;
		void *p = mmap(NULL, big, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			return -errno;
		uint64_t start = ((uint64_t)p + align - 1) & ~(align - 1);
		if (start > (uint64_t)p)
			munmap(p, start - (uint64_t)p);
		uint64_t end = start + FR_PAGE_UP(len);
		if ((uint64_t)p + big > end)
			munmap((void *)end, (uint64_t)p + big - end);
		addr = start;
		hflags |= MAP_FIXED;
	}
	void *r = mmap((void *)addr, len, prot, hflags, fd, pos);
	if (r == MAP_FAILED)
		return errno == EEXIST ? -ENOMEM : -errno;
	return (long)r;
}

/* FreeBSD munmap(2). */
long fbsd_sys_munmap(struct fr_sc *sc)
{
	return munmap((void *)sc->a[0], sc->a[1]) ? -errno : 0;
}

/* FreeBSD mprotect(2): PROT_* are the same. */
long fbsd_sys_mprotect(struct fr_sc *sc)
{
	return mprotect((void *)sc->a[0], sc->a[1], (int)sc->a[2]) ? -errno : 0;
}

/* FreeBSD madvise(2). */
long fbsd_sys_madvise(struct fr_sc *sc)
{
	int adv = madvise_fbsd_to_host((int)sc->a[2]);
	if (adv < 0)
		return 0; /* FreeBSD-only advice (NOSYNC, PROTECT...) is a hint */
	return madvise((void *)sc->a[0], sc->a[1], adv) ? -errno : 0;
}

/* FreeBSD msync(2): MS_SYNC is 0 on FreeBSD, 4 on Linux. */
long fbsd_sys_msync(struct fr_sc *sc)
{
	int f = (int)sc->a[2];
	int h = (f & 1 ? MS_ASYNC : MS_SYNC) | (f & 2 ? MS_INVALIDATE : 0);
	return msync((void *)sc->a[0], sc->a[1], h) ? -errno : 0;
}

/* FreeBSD mlock(2). */
long fbsd_sys_mlock(struct fr_sc *sc)
{
	return mlock((void *)sc->a[0], sc->a[1]) ? -errno : 0;
}

/* FreeBSD munlock(2). */
long fbsd_sys_munlock(struct fr_sc *sc)
{
	return munlock((void *)sc->a[0], sc->a[1]) ? -errno : 0;
}

/* FreeBSD mincore(2): FreeBSD reports more bits; bit 0 (incore) is common. */
long fbsd_sys_mincore(struct fr_sc *sc)
{
	return mincore((void *)sc->a[0], sc->a[1], (unsigned char *)sc->a[2]) ? -errno : 0;
}

/* FreeBSD minherit(2): INHERIT_NONE maps to MADV_DONTFORK, ZERO to WIPEONFORK. */
long fbsd_sys_minherit(struct fr_sc *sc)
{
	int inh = (int)sc->a[2], adv;
	switch (inh) {
	case 0: adv = MADV_DOFORK; break;      /* INHERIT_SHARE: approximated */
	case 1: adv = MADV_DOFORK; break;      /* INHERIT_COPY */
	case 2: adv = MADV_DONTFORK; break;    /* INHERIT_NONE */
	case 3: adv = MADV_WIPEONFORK; break;  /* INHERIT_ZERO */
	default: return -EINVAL;
	}
	return madvise((void *)sc->a[0], sc->a[1], adv) ? -errno : 0;
}
