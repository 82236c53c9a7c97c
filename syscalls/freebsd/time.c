/* FreeBSD clocks, sleeps and timers. */
#include <errno.h>
#include <sys/time.h>
#include <time.h>

#include "franca/fbsd.h"
#include "franca/thread.h"
#include <sys/syscall.h>

/* FreeBSD clock_gettime(2). */
long fbsd_sys_clock_gettime(struct fr_sc *sc)
{
	int c = clockid_fbsd_to_host((int)sc->a[0]);
	if (c < 0)
		return -EINVAL;
	struct timespec *ts = (struct timespec *)sc->a[1];
	if (clock_gettime(c, ts) != 0)
		return -errno;
	if ((int)sc->a[0] == 13) /* CLOCK_SECOND */
		ts->tv_nsec = 0;
	return 0;
}

/* FreeBSD clock_getres(2). */
long fbsd_sys_clock_getres(struct fr_sc *sc)
{
	int c = clockid_fbsd_to_host((int)sc->a[0]);
	if (c < 0)
		return -EINVAL;
	return clock_getres(c, (struct timespec *)sc->a[1]) ? -errno : 0;
}

/* FreeBSD nanosleep(2). */
long fbsd_sys_nanosleep(struct fr_sc *sc)
{
	return fr_blocking_syscall(SYS_nanosleep, (long)sc->a[0], (long)sc->a[1], 0, 0, 0, 0);
}

/* FreeBSD clock_nanosleep(2): returns the error; TIMER_ABSTIME is 1 on both. */
long fbsd_sys_clock_nanosleep(struct fr_sc *sc)
{
	int c = clockid_fbsd_to_host((int)sc->a[0]);
	if (c < 0)
		return -EINVAL;
	return fr_blocking_syscall(SYS_clock_nanosleep, c, (long)sc->a[1], (long)sc->a[2], (long)sc->a[3], 0, 0);
}

/* FreeBSD gettimeofday(2). */
long fbsd_sys_gettimeofday(struct fr_sc *sc)
{
	struct timeval *tv = (struct timeval *)sc->a[0];
	struct timezone *tz = (struct timezone *)sc->a[1];
	if (tv && gettimeofday(tv, NULL) != 0)
		return -errno;
	if (tz) {
		tz->tz_minuteswest = 0;
		tz->tz_dsttime = 0;
	}
	return 0;
}

/* FreeBSD setitimer(2): ITIMER_* and struct itimerval are the same. */
long fbsd_sys_setitimer(struct fr_sc *sc)
{
	return setitimer((int)sc->a[0], (const struct itimerval *)sc->a[1],
			 (struct itimerval *)sc->a[2]) ? -errno : 0;
}

/* FreeBSD getitimer(2). */
long fbsd_sys_getitimer(struct fr_sc *sc)
{
	return getitimer((int)sc->a[0], (struct itimerval *)sc->a[1]) ? -errno : 0;
}
