/*
 * errno translation (abi/freebsd/errno.def, errno.c).
 *
 * Every row of errno.def is checked in the direction(s) it defines, by
 * including the table itself; the invariants check that the table covers
 * both systems' errno ranges without duplicates.
 */
#include <errno.h>

#include <criterion/criterion.h>

#include "franca/abi_fbsd.h"

#define FBSD_ELAST 97
#define FBSD_EINVAL 22
#define HOST_EMAX 133 /* EHWPOISON */

/* ERRNO(name, freebsd, host): the same error, so both directions hold. */
Test(errno_table, shared_errors_translate_both_ways)
{
#define ERRNO(n, f, h)                                                          \
	cr_expect_eq(errno_host_to_fbsd(h), f, "%s: host %d -> fbsd %d, want %d", \
		     #n, h, errno_host_to_fbsd(h), f);                          \
	cr_expect_eq(errno_fbsd_to_host(f), h, "%s: fbsd %d -> host %d, want %d", \
		     #n, f, errno_fbsd_to_host(f), h);
#define ERRNO_FBSD(n, f, h)
#define ERRNO_HOST(n, h, f)
#include "errno.def"
#undef ERRNO
#undef ERRNO_FBSD
#undef ERRNO_HOST
}

/* ERRNO_FBSD(name, freebsd, host): FreeBSD-only, FreeBSD -> Linux only. */
Test(errno_table, freebsd_only_errors_map_to_nearest_host_error)
{
#define ERRNO(n, f, h)
#define ERRNO_FBSD(n, f, h)                                                     \
	cr_expect_eq(errno_fbsd_to_host(f), h, "%s: fbsd %d -> host %d, want %d", \
		     #n, f, errno_fbsd_to_host(f), h);
#define ERRNO_HOST(n, h, f)
#include "errno.def"
#undef ERRNO
#undef ERRNO_FBSD
#undef ERRNO_HOST
}

/* ERRNO_HOST(name, host, freebsd): Linux-only, Linux -> FreeBSD only. */
Test(errno_table, linux_only_errors_map_to_nearest_freebsd_error)
{
#define ERRNO(n, f, h)
#define ERRNO_FBSD(n, f, h)
#define ERRNO_HOST(n, h, f)                                                     \
	cr_expect_eq(errno_host_to_fbsd(h), f, "%s: host %d -> fbsd %d, want %d", \
		     #n, h, errno_host_to_fbsd(h), f);
#include "errno.def"
#undef ERRNO
#undef ERRNO_FBSD
#undef ERRNO_HOST
}

Test(errno_table, no_freebsd_number_listed_twice)
{
	int seen[FBSD_ELAST + 1] = {0};
#define ERRNO(n, f, h) seen[f]++;
#define ERRNO_FBSD(n, f, h) seen[f]++;
#define ERRNO_HOST(n, h, f)
#include "errno.def"
#undef ERRNO
#undef ERRNO_FBSD
#undef ERRNO_HOST
	for (int f = 1; f <= FBSD_ELAST; f++)
		cr_expect_eq(seen[f], 1, "FreeBSD errno %d is listed %d times", f, seen[f]);
}

/* Linux has no errno 41 or 58; every other one up to EHWPOISON has a row. */
Test(errno_table, every_linux_errno_listed_exactly_once)
{
	int seen[HOST_EMAX + 1] = {0};
#define ERRNO(n, f, h) seen[h]++;
#define ERRNO_FBSD(n, f, h)
#define ERRNO_HOST(n, h, f) seen[h]++;
#include "errno.def"
#undef ERRNO
#undef ERRNO_FBSD
#undef ERRNO_HOST
	cr_assert_eq(EHWPOISON, HOST_EMAX);
	for (int h = 1; h <= HOST_EMAX; h++) {
		int want = (h == 41 || h == 58) ? 0 : 1;
		cr_expect_eq(seen[h], want, "Linux errno %d is listed %d times", h, seen[h]);
	}
}

Test(errno_table, every_freebsd_errno_maps_to_a_host_errno)
{
	for (int f = 1; f <= FBSD_ELAST; f++) {
		int h = errno_fbsd_to_host(f);
		cr_expect(h > 0 && h <= HOST_EMAX, "FreeBSD errno %d -> host %d", f, h);
	}
}

Test(errno_table, every_linux_errno_maps_into_freebsd_range)
{
	for (int h = 1; h <= HOST_EMAX; h++) {
		if (h == 41 || h == 58)
			continue;
		int f = errno_host_to_fbsd(h);
		cr_expect(f >= 1 && f <= FBSD_ELAST, "Linux errno %d -> FreeBSD %d", h, f);
	}
}

/* Aliases Linux defines as the same number as a listed error. */
Test(errno_table, linux_aliases_follow_their_target)
{
	cr_expect_eq(errno_host_to_fbsd(EWOULDBLOCK), 35);
	cr_expect_eq(errno_host_to_fbsd(EDEADLOCK), 11);
	cr_expect_eq(errno_host_to_fbsd(ENOTSUP), 45);
	cr_expect_eq(errno_host_to_fbsd(ENODATA), 87); /* FreeBSD ENOATTR */
}

Test(errno_table, unknown_values_become_einval)
{
	cr_expect_eq(errno_host_to_fbsd(0), FBSD_EINVAL);
	cr_expect_eq(errno_host_to_fbsd(-1), FBSD_EINVAL);
	cr_expect_eq(errno_host_to_fbsd(41), FBSD_EINVAL);
	cr_expect_eq(errno_host_to_fbsd(58), FBSD_EINVAL);
	cr_expect_eq(errno_host_to_fbsd(HOST_EMAX + 1), FBSD_EINVAL);
	cr_expect_eq(errno_fbsd_to_host(0), EINVAL);
	cr_expect_eq(errno_fbsd_to_host(-1), EINVAL);
	cr_expect_eq(errno_fbsd_to_host(FBSD_ELAST + 1), EINVAL);
}
