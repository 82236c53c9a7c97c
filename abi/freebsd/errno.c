/* errno between FreeBSD and Linux, from errno.def. */
#include <errno.h>

#include "franca/abi_fbsd.h"

#define FBSD_ELAST 97
#define HOST_EMAX EHWPOISON

static const unsigned char host_to_fbsd[HOST_EMAX + 1] = {
#define ERRNO(n, f, h) [h] = f,
#define ERRNO_FBSD(n, f, h)
#define ERRNO_HOST(n, h, f) [h] = f,
#include "errno.def"
#undef ERRNO
#undef ERRNO_FBSD
#undef ERRNO_HOST
};

static const unsigned char fbsd_to_host[FBSD_ELAST + 1] = {
#define ERRNO(n, f, h) [f] = h,
#define ERRNO_FBSD(n, f, h) [f] = h,
#define ERRNO_HOST(n, h, f)
#include "errno.def"
#undef ERRNO
#undef ERRNO_FBSD
#undef ERRNO_HOST
};

/* Every FreeBSD errno up to ELAST and every Linux one has an entry. */
enum {
#define ERRNO(n, f, h) fbsd_count_##n,
#define ERRNO_FBSD(n, f, h) fbsd_count_##n,
#define ERRNO_HOST(n, h, f)
#include "errno.def"
#undef ERRNO
#undef ERRNO_FBSD
#undef ERRNO_HOST
	FBSD_ERRNO_COUNT
};
_Static_assert(FBSD_ERRNO_COUNT == FBSD_ELAST, "errno.def misses a FreeBSD errno");
enum {
#define ERRNO(n, f, h) host_count_##n,
#define ERRNO_FBSD(n, f, h)
#define ERRNO_HOST(n, h, f) host_count_##n,
#include "errno.def"
#undef ERRNO
#undef ERRNO_FBSD
#undef ERRNO_HOST
	HOST_ERRNO_COUNT
};
/* Linux has no errno 41 or 58. */
_Static_assert(HOST_ERRNO_COUNT == HOST_EMAX - 2, "errno.def misses a Linux errno");

int errno_host_to_fbsd(int host)
{
	if (host > 0 && host <= HOST_EMAX && host_to_fbsd[host])
		return host_to_fbsd[host];
	return 22; /* EINVAL */
}

int errno_fbsd_to_host(int fbsd)
{
	if (fbsd > 0 && fbsd <= FBSD_ELAST)
		return fbsd_to_host[fbsd];
	return EINVAL;
}
