/*
 * Signal numbers, signal sets and sigaction flags (abi/freebsd/signal.def,
 * signal.c; SA_* rows of flags.def).
 */
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>

#include "franca/abi_fbsd.h"

#define HOST_RTMIN 34
#define RT_COUNT 26 /* FreeBSD 65..90 <-> Linux 34..59 */

/* Bit helpers: signal n is bit n-1 in both representations. */
static uint64_t host_bit(int h)
{
	return 1ULL << (h - 1);
}

static void fbsd_add(struct fbsd_sigset *s, int f)
{
	s->bits[(f - 1) / 32] |= 1u << ((f - 1) % 32);
}

static int fbsd_has(const struct fbsd_sigset *s, int f)
{
	return (s->bits[(f - 1) / 32] >> ((f - 1) % 32)) & 1;
}

static int fbsd_count(const struct fbsd_sigset *s)
{
	int n = 0;
	for (int f = 1; f <= FBSD_NSIG; f++)
		n += fbsd_has(s, f);
	return n;
}

/* ---- numbers ------------------------------------------------------------ */

Test(signo, every_row_translates_both_ways)
{
#define SIG(n, f, h)                                                            \
	cr_expect_eq(signo_fbsd_to_host(f), h, "%s: fbsd %d -> host %d, want %d", \
		     #n, f, signo_fbsd_to_host(f), h);                          \
	cr_expect_eq(signo_host_to_fbsd(h), f, "%s: host %d -> fbsd %d, want %d", \
		     #n, h, signo_host_to_fbsd(h), f);
#include "signal.def"
#undef SIG
}

Test(signo, table_lists_freebsd_1_to_33_once_and_no_host_number_twice)
{
	int fseen[34] = {0}, hseen[65] = {0};
#define SIG(n, f, h) fseen[f]++; hseen[h]++;
#include "signal.def"
#undef SIG
	for (int f = 1; f <= 33; f++)
		cr_expect_eq(fseen[f], 1, "FreeBSD signal %d listed %d times", f, fseen[f]);
	for (int h = 1; h <= 64; h++)
		cr_expect(hseen[h] <= 1, "Linux signal %d listed %d times", h, hseen[h]);
}

/* The table's rows must not collide with the real-time range. */
Test(signo, table_host_numbers_avoid_the_realtime_range)
{
#define SIG(n, f, h)                                                            \
	cr_expect(h < HOST_RTMIN || h >= HOST_RTMIN + RT_COUNT,                \
		  "%s: host %d is inside Linux 34..59", #n, h);
#include "signal.def"
#undef SIG
}

Test(signo, specific_numbers_differ_between_systems)
{
	cr_expect_eq(signo_fbsd_to_host(30), 10); /* SIGUSR1 */
	cr_expect_eq(signo_fbsd_to_host(31), 12); /* SIGUSR2 */
	cr_expect_eq(signo_fbsd_to_host(20), 17); /* SIGCHLD */
	cr_expect_eq(signo_fbsd_to_host(16), 23); /* SIGURG */
	cr_expect_eq(signo_fbsd_to_host(17), 19); /* SIGSTOP */
	cr_expect_eq(signo_fbsd_to_host(18), 20); /* SIGTSTP */
	cr_expect_eq(signo_fbsd_to_host(10), 7);  /* SIGBUS */
	cr_expect_eq(signo_fbsd_to_host(12), 31); /* SIGSYS */
	cr_expect_eq(signo_host_to_fbsd(10), 30);
	cr_expect_eq(signo_host_to_fbsd(17), 20);
	cr_expect_eq(signo_host_to_fbsd(29), 23); /* SIGIO */
}

Test(signo, freebsd_only_signals_ride_on_high_linux_signals)
{
	cr_expect_eq(signo_fbsd_to_host(7), 60);  /* SIGEMT */
	cr_expect_eq(signo_fbsd_to_host(29), 61); /* SIGINFO */
	cr_expect_eq(signo_fbsd_to_host(33), 62); /* SIGLIBRT */
	cr_expect_eq(signo_fbsd_to_host(32), 63); /* SIGTHR */
	cr_expect_eq(signo_host_to_fbsd(60), 7);
	cr_expect_eq(signo_host_to_fbsd(61), 29);
	cr_expect_eq(signo_host_to_fbsd(62), 33);
	cr_expect_eq(signo_host_to_fbsd(63), 32);
}

Test(signo, linux_only_and_reserved_signals_have_no_freebsd_number)
{
	cr_expect_eq(signo_host_to_fbsd(16), 0); /* SIGSTKFLT */
	cr_expect_eq(signo_host_to_fbsd(30), 0); /* SIGPWR */
	cr_expect_eq(signo_host_to_fbsd(32), 0); /* glibc-internal */
	cr_expect_eq(signo_host_to_fbsd(33), 0); /* glibc-internal */
	cr_expect_eq(signo_host_to_fbsd(64), 0); /* kept for franca */
}

Test(signo, realtime_signals_map_in_order)
{
	for (int k = 0; k < RT_COUNT; k++) {
		cr_expect_eq(signo_fbsd_to_host(FBSD_SIGRTMIN + k), HOST_RTMIN + k,
			     "FreeBSD SIGRTMIN+%d", k);
		cr_expect_eq(signo_host_to_fbsd(HOST_RTMIN + k), FBSD_SIGRTMIN + k,
			     "Linux SIGRTMIN+%d", k);
	}
}

Test(signo, freebsd_numbers_without_a_host_carrier_give_zero)
{
	for (int f = 34; f < FBSD_SIGRTMIN; f++)
		cr_expect_eq(signo_fbsd_to_host(f), 0, "FreeBSD %d", f);
	for (int f = FBSD_SIGRTMIN + RT_COUNT; f <= FBSD_NSIG; f++)
		cr_expect_eq(signo_fbsd_to_host(f), 0, "FreeBSD %d", f);
}

Test(signo, out_of_range_numbers_give_zero)
{
	cr_expect_eq(signo_fbsd_to_host(0), 0);
	cr_expect_eq(signo_fbsd_to_host(-1), 0);
	cr_expect_eq(signo_fbsd_to_host(FBSD_NSIG + 1), 0);
	cr_expect_eq(signo_host_to_fbsd(0), 0);
	cr_expect_eq(signo_host_to_fbsd(-1), 0);
	cr_expect_eq(signo_host_to_fbsd(65), 0);
}

/* ---- sets --------------------------------------------------------------- */

Test(sigset, empty_sets_stay_empty)
{
	struct fbsd_sigset f;
	memset(&f, 0xa5, sizeof(f));
	uint64_t h = 0;
	sigset_host_to_fbsd(&h, &f);
	cr_expect_eq(fbsd_count(&f), 0);

	memset(&f, 0, sizeof(f));
	h = ~0ULL;
	sigset_fbsd_to_host(&f, &h);
	cr_expect_eq(h, 0);
}

Test(sigset, freebsd_sigusr1_is_linux_bit_10)
{
	struct fbsd_sigset f = {{0}};
	fbsd_add(&f, 30);
	uint64_t h;
	sigset_fbsd_to_host(&f, &h);
	cr_expect_eq(h, host_bit(10), "got %#llx", (unsigned long long)h);

	struct fbsd_sigset back;
	sigset_host_to_fbsd(&h, &back);
	cr_expect(fbsd_has(&back, 30));
	cr_expect_eq(fbsd_count(&back), 1);
}

Test(sigset, freebsd_sigchld_is_linux_bit_17)
{
	struct fbsd_sigset f = {{0}};
	fbsd_add(&f, 20);
	uint64_t h;
	sigset_fbsd_to_host(&f, &h);
	cr_expect_eq(h, host_bit(17), "got %#llx", (unsigned long long)h);

	h = host_bit(17);
	struct fbsd_sigset back;
	sigset_host_to_fbsd(&h, &back);
	cr_expect(fbsd_has(&back, 20));
	cr_expect_eq(fbsd_count(&back), 1);
}

/* Signals above 32 live in the second and third words of the FreeBSD set. */
Test(sigset, high_words_carry_sigthr_sigrtmin_and_last_realtime)
{
	struct fbsd_sigset f = {{0}};
	fbsd_add(&f, 33);                           /* SIGLIBRT: bits[1] bit 0 */
	fbsd_add(&f, FBSD_SIGRTMIN);                /* 65: bits[2] bit 0 */
	fbsd_add(&f, FBSD_SIGRTMIN + RT_COUNT - 1); /* 90: bits[2] bit 25 */
	cr_assert_eq(f.bits[1], 1u);
	cr_assert_eq(f.bits[2], (1u << 0) | (1u << 25));
	uint64_t h;
	sigset_fbsd_to_host(&f, &h);
	cr_expect_eq(h, host_bit(62) | host_bit(34) | host_bit(59), "got %#llx",
		     (unsigned long long)h);
}

Test(sigset, every_mappable_signal_round_trips_alone)
{
	for (int f = 1; f <= FBSD_NSIG; f++) {
		int h = signo_fbsd_to_host(f);
		if (!h)
			continue;
		struct fbsd_sigset in = {{0}}, out;
		fbsd_add(&in, f);
		uint64_t hs;
		sigset_fbsd_to_host(&in, &hs);
		cr_expect_eq(hs, host_bit(h), "FreeBSD %d -> host set %#llx", f,
			     (unsigned long long)hs);
		sigset_host_to_fbsd(&hs, &out);
		cr_expect(memcmp(&in, &out, sizeof(in)) == 0, "FreeBSD %d does not round-trip", f);
	}
}

/* A full FreeBSD set reaches every Linux signal that has a FreeBSD number. */
Test(sigset, full_freebsd_set_covers_all_mappable_linux_signals)
{
	struct fbsd_sigset f;
	memset(&f, 0xff, sizeof(f));
	uint64_t h;
	sigset_fbsd_to_host(&f, &h);
	uint64_t unmapped = host_bit(16) | host_bit(30) | host_bit(32) | host_bit(33) | host_bit(64);
	cr_expect_eq(h, ~unmapped, "got %#llx", (unsigned long long)h);
}

Test(sigset, full_linux_set_gives_freebsd_1_to_33_and_realtime)
{
	uint64_t h = ~0ULL;
	struct fbsd_sigset f;
	sigset_host_to_fbsd(&h, &f);
	cr_expect_eq(f.bits[0], 0xffffffffu);
	cr_expect_eq(f.bits[1], 1u);                     /* 33 only */
	cr_expect_eq(f.bits[2], (1u << RT_COUNT) - 1);   /* 65..90 */
	cr_expect_eq(f.bits[3], 0u);
}

Test(sigset, mixed_set_round_trips_both_ways)
{
	struct fbsd_sigset f = {{0}}, back;
	int sigs[] = {1, 2, 7, 14, 15, 17, 20, 29, 30, 31, 32, 33, 65, 70, 90};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		fbsd_add(&f, sigs[i]);
	uint64_t h;
	sigset_fbsd_to_host(&f, &h);
	sigset_host_to_fbsd(&h, &back);
	cr_expect(memcmp(&f, &back, sizeof(f)) == 0);

	uint64_t hs = host_bit(SIGINT) | host_bit(SIGUSR1) | host_bit(SIGCHLD) |
		      host_bit(SIGIO) | host_bit(SIGSYS) | host_bit(40) | host_bit(60) |
		      host_bit(63);
	struct fbsd_sigset mid;
	sigset_host_to_fbsd(&hs, &mid);
	uint64_t hback;
	sigset_fbsd_to_host(&mid, &hback);
	cr_expect_eq(hback, hs, "got %#llx want %#llx", (unsigned long long)hback,
		     (unsigned long long)hs);
}

/* ---- sigaction flags (each row alone: test_flags.c) ---------------------- */

Test(sigaction_flags, combined_flags_translate_both_ways)
{
	/* SA_SIGINFO | SA_RESTART | SA_ONSTACK | SA_NODEFER */
	cr_expect_eq(saflags_fbsd_to_host(0x40 | 0x2 | 0x1 | 0x10),
		     SA_SIGINFO | SA_RESTART | SA_ONSTACK | SA_NODEFER);
	cr_expect_eq(saflags_host_to_fbsd(SA_SIGINFO | SA_RESTART | SA_ONSTACK | SA_NODEFER),
		     0x40 | 0x2 | 0x1 | 0x10);
	/* SA_NOCLDSTOP | SA_NOCLDWAIT | SA_RESETHAND */
	cr_expect_eq(saflags_fbsd_to_host(0x8 | 0x20 | 0x4),
		     SA_NOCLDSTOP | SA_NOCLDWAIT | SA_RESETHAND);
	cr_expect_eq(saflags_host_to_fbsd(SA_NOCLDSTOP | SA_NOCLDWAIT | (int)SA_RESETHAND),
		     0x8 | 0x20 | 0x4);
	cr_expect_eq(saflags_fbsd_to_host(0), 0);
	cr_expect_eq(saflags_host_to_fbsd(0), 0);
}

Test(sigaction_flags, linux_sa_restorer_is_not_reported_to_guests)
{
	cr_expect_eq(saflags_host_to_fbsd(0x04000000 | SA_SIGINFO), 0x40);
}
