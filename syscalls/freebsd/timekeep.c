/*
 * FreeBSD's shared timekeeping page (AT_TIMEKEEP; sys/sys/vdso.h): struct
 * vdso_timekeep followed by VDSO_TH_NUM struct vdso_timehands.  Go's
 * runtime and FreeBSD's libc read the clock from it with rdtsc instead of
 * calling clock_gettime, which under franca would cost a trap each time.
 *
 * franca fills it the way FreeBSD's kernel does: each timehands anchors a
 * TSC reading to a CLOCK_MONOTONIC value and carries the scale from TSC
 * ticks to bintime.  The page starts disabled (readers fall back to the
 * syscall); once 10 ms of run time give a TSC-frequency estimate it is
 * enabled, and it is re-anchored on the way out of any syscall when it is
 * older than REFRESH.  The TSC is shifted so that the 32-bit counter wraps
 * only after a minute or more: a Go program's sysmon makes a syscall at
 * least every 10 ms while any goroutine runs.  Re-anchoring never moves
 * the clock backwards.  Only used when the CPU has an invariant TSC.
 */
#include <cpuid.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <x86intrin.h>

#include "franca/fbsd.h"

#define VDSO_TK_VER_CURR 1
#define VDSO_TH_NUM 4
#define VDSO_TH_ALGO_X86_TSC 1

struct bintime {
	int64_t sec;
	uint64_t frac;
};

struct vdso_timehands {
	uint32_t algo, gen;
	uint64_t scale;
	uint32_t offset_count, counter_mask;
	struct bintime offset, boottime;
	uint32_t x86_shift, x86_hpet_idx;
	uint32_t res[6];
};
_Static_assert(sizeof(struct vdso_timehands) == 0x58, "sys/vdso.h");

struct vdso_timekeep {
	uint32_t ver, enabled, current, pad;
	struct vdso_timehands th[VDSO_TH_NUM];
};

#define CALIBRATE_NS 10000000ULL   /* first estimate after 10 ms */
#define REFRESH_NS 20000000ULL     /* then re-anchor every 20 ms of syscalls */

static struct vdso_timekeep *tk;
static uint64_t tsc0, mono0_ns, next_tsc, tsc_per_refresh;
static unsigned shift;
static uint32_t gen;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t ns_of(const struct timespec *t)
{
	return (uint64_t)t->tv_sec * 1000000000ULL + (uint64_t)t->tv_nsec;
}

static struct bintime bt_of_ns(uint64_t ns)
{
	struct bintime b = {(int64_t)(ns / 1000000000ULL), 0};
	b.frac = (uint64_t)(((unsigned __int128)(ns % 1000000000ULL) << 64) / 1000000000ULL);
	return b;
}

static uint64_t ns_of_bt(struct bintime b)
{
	return (uint64_t)b.sec * 1000000000ULL + (uint64_t)(((unsigned __int128)b.frac * 1000000000ULL) >> 64);
}

uint64_t fbsd_timekeep_init(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(0x80000007, &a, &b, &c, &d) || !(d & (1u << 8)))
		return 0; /* no invariant TSC: the syscall is the clock */
	tk = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (tk == MAP_FAILED) {
		tk = NULL;
		return 0;
	}
	tk->ver = VDSO_TK_VER_CURR;
	struct timespec m;
	clock_gettime(CLOCK_MONOTONIC, &m);
	tsc0 = __rdtsc();
	mono0_ns = ns_of(&m);
	next_tsc = tsc0 + 20000000; /* ~10 ms at 2 GHz; refined below */
	return (uint64_t)tk;
}

/* The current guest view of the clock at TSC value tsc, in ns. */
static uint64_t guest_now(uint64_t tsc)
{
	const struct vdso_timehands *th = &tk->th[tk->current];
	uint32_t delta = ((uint32_t)(tsc >> th->x86_shift) - th->offset_count) & th->counter_mask;
	struct bintime b = th->offset;
	uint64_t add = th->scale * (uint64_t)delta, u = b.frac;
	b.frac += add;
	if (b.frac < u)
		b.sec++;
	return ns_of_bt(b);
}

static void refresh(uint64_t tsc)
{
	struct timespec m, r;
	clock_gettime(CLOCK_MONOTONIC, &m);
	clock_gettime(CLOCK_REALTIME, &r);
	tsc = __rdtsc();
	uint64_t mono = ns_of(&m), elapsed = mono - mono0_ns;
	if (elapsed < CALIBRATE_NS) {
		next_tsc = tsc + (tsc - tsc0) / 4 + 1;
		return;
	}
	/* The longest baseline gives the best frequency estimate. */
	uint64_t freq = (uint64_t)(((unsigned __int128)(tsc - tsc0) * 1000000000ULL) / elapsed);
	if (freq < 1000000)
		return;
	if (!tk->enabled) {
		shift = 0;
		while (((freq >> shift) * 60ULL) >> 32)
			shift++;
	}
	uint64_t anchor = mono;
	if (tk->enabled) {
		uint64_t seen = guest_now(tsc);
		if (seen > anchor)
			anchor = seen; /* never backwards */
	}
	unsigned next = (tk->current + 1) % VDSO_TH_NUM;
	struct vdso_timehands *th = &tk->th[next];
	__atomic_store_n(&th->gen, 0, __ATOMIC_RELEASE);
	th->algo = VDSO_TH_ALGO_X86_TSC;
	th->x86_shift = shift;
	th->scale = (uint64_t)(((unsigned __int128)1 << 64) / (freq >> shift));
	th->offset_count = (uint32_t)(tsc >> shift);
	th->counter_mask = 0xffffffffu;
	th->offset = bt_of_ns(anchor);
	th->boottime = bt_of_ns(ns_of(&r) - mono);
	if (++gen == 0)
		gen = 1;
	__atomic_store_n(&th->gen, gen, __ATOMIC_RELEASE);
	__atomic_store_n(&tk->current, next, __ATOMIC_RELEASE);
	__atomic_store_n(&tk->enabled, 1, __ATOMIC_RELEASE);
	tsc_per_refresh = (uint64_t)(((unsigned __int128)freq * REFRESH_NS) / 1000000000ULL);
	next_tsc = tsc + tsc_per_refresh;
}

/* In a fork(2) child: another thread of the parent may have held the lock. */
void fbsd_timekeep_after_fork(void)
{
	pthread_mutex_init(&lock, NULL);
}

/* On the way out of every syscall: cheap unless the page is due. */
void fbsd_timekeep_tick(void)
{
	if (!tk)
		return;
	uint64_t tsc = __rdtsc();
	if (tsc < __atomic_load_n(&next_tsc, __ATOMIC_RELAXED))
		return;
	if (pthread_mutex_trylock(&lock) != 0)
		return;
	if (tsc >= next_tsc)
		refresh(tsc);
	pthread_mutex_unlock(&lock);
}
