/*
 * Enumerations (abi/freebsd/enums.def, flags.c): clock ids, resource
 * limits, fcntl commands, madvise advice; and wait status words.
 *
 * FreeBSD -> Linux gives the row's host value (-1: no counterpart).
 * Linux -> FreeBSD gives the FreeBSD value of the first row listing that
 * host value, and -1 for host values no row lists.
 */
#include <string.h>

#include <criterion/criterion.h>

#include "franca/abi_fbsd.h"

struct row {
	const char *table, *name;
	int fbsd, host;
};

static const struct row rows[] = {
#define ENUM(t, n, f, h) {#t, #n, f, h},
#include "enums.def"
#undef ENUM
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

typedef int (*xlate)(int);

static int first_fbsd_for_host(const char *table, int host)
{
	for (size_t i = 0; i < NROWS; i++)
		if (!strcmp(rows[i].table, table) && rows[i].host == host)
			return rows[i].fbsd;
	return -1;
}

static int check_table(const char *table, xlate to_host, xlate to_fbsd)
{
	int n = 0;
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];
		if (strcmp(r->table, table))
			continue;
		n++;
		cr_expect_eq(to_host(r->fbsd), r->host, "%s %s: fbsd %d -> host %d, want %d",
			     table, r->name, r->fbsd, to_host(r->fbsd), r->host);
		if (r->host == -1)
			continue;
		int want = first_fbsd_for_host(table, r->host);
		cr_expect_eq(to_fbsd(r->host), want, "%s %s: host %d -> fbsd %d, want %d",
			     table, r->name, r->host, to_fbsd(r->host), want);
	}
	return n;
}

/* FreeBSD values below 32 that no row of the table lists map to -1. */
static void check_unlisted_fbsd(const char *table, xlate to_host)
{
	for (int f = -1; f < 32; f++) {
		int listed = 0;
		for (size_t i = 0; i < NROWS; i++)
			if (!strcmp(rows[i].table, table) && rows[i].fbsd == f)
				listed = 1;
		if (!listed)
			cr_expect_eq(to_host(f), -1, "%s: unlisted FreeBSD %d", table, f);
	}
}

#define TABLE_TESTS(t)                                                          \
	Test(t, every_row_translates_both_ways)                                 \
	{                                                                       \
		cr_assert_gt(check_table(#t, t##_fbsd_to_host, t##_host_to_fbsd), 0); \
	}                                                                       \
	Test(t, unlisted_freebsd_values_have_no_counterpart)                    \
	{                                                                       \
		check_unlisted_fbsd(#t, t##_fbsd_to_host);                      \
	}                                                                       \
	/* -1 marks "no counterpart" in the table; it is never a match. */      \
	Test(t, minus_one_is_never_translated)                                  \
	{                                                                       \
		cr_expect_eq(t##_host_to_fbsd(-1), -1);                         \
		cr_expect_eq(t##_fbsd_to_host(-1), -1);                         \
	}

TABLE_TESTS(clockid)
TABLE_TESTS(rlimitres)
TABLE_TESTS(fcntlcmd)
TABLE_TESTS(madvise)

Test(enums_def, freebsd_values_are_unique_within_each_table)
{
	for (size_t i = 0; i < NROWS; i++)
		for (size_t j = i + 1; j < NROWS; j++)
			if (!strcmp(rows[i].table, rows[j].table))
				cr_expect_neq(rows[i].fbsd, rows[j].fbsd, "%s: %s and %s",
					      rows[i].table, rows[i].name, rows[j].name);
}

/* ---- first listed wins ------------------------------------------------- */

Test(clockid, shared_linux_clocks_read_back_as_first_row)
{
	cr_expect_eq(clockid_host_to_fbsd(0), 0);  /* REALTIME, not REALTIME_PRECISE */
	cr_expect_eq(clockid_host_to_fbsd(1), 4);  /* MONOTONIC, not UPTIME... */
	cr_expect_eq(clockid_host_to_fbsd(5), 10); /* REALTIME_COARSE: REALTIME_FAST */
	cr_expect_eq(clockid_host_to_fbsd(6), 8);  /* MONOTONIC_COARSE: UPTIME_FAST */
	cr_expect_eq(clockid_host_to_fbsd(2), 15); /* PROCESS_CPUTIME_ID */
	cr_expect_eq(clockid_host_to_fbsd(3), 14); /* THREAD_CPUTIME_ID */
}

Test(clockid, linux_only_clocks_have_no_freebsd_id)
{
	cr_expect_eq(clockid_host_to_fbsd(4), -1);  /* MONOTONIC_RAW */
	cr_expect_eq(clockid_host_to_fbsd(7), -1);  /* BOOTTIME */
	cr_expect_eq(clockid_host_to_fbsd(11), -1); /* TAI */
}

Test(rlimitres, linux_only_resources_have_no_freebsd_number)
{
	for (int h = 10; h <= 15; h++) /* LOCKS SIGPENDING MSGQUEUE NICE RTPRIO RTTIME */
		cr_expect_eq(rlimitres_host_to_fbsd(h), -1, "Linux rlimit %d", h);
}

Test(rlimitres, reordered_resources)
{
	cr_expect_eq(rlimitres_fbsd_to_host(6), 8); /* MEMLOCK */
	cr_expect_eq(rlimitres_fbsd_to_host(7), 6); /* NPROC */
	cr_expect_eq(rlimitres_fbsd_to_host(8), 7); /* NOFILE */
	cr_expect_eq(rlimitres_fbsd_to_host(10), 9); /* AS/VMEM */
	cr_expect_eq(rlimitres_host_to_fbsd(7), 8);
}

Test(fcntlcmd, lock_owner_and_cloexec_commands)
{
	cr_expect_eq(fcntlcmd_fbsd_to_host(11), 5);  /* F_GETLK */
	cr_expect_eq(fcntlcmd_fbsd_to_host(13), 7);  /* F_SETLKW */
	cr_expect_eq(fcntlcmd_fbsd_to_host(5), 9);   /* F_GETOWN */
	cr_expect_eq(fcntlcmd_fbsd_to_host(6), 8);   /* F_SETOWN */
	cr_expect_eq(fcntlcmd_fbsd_to_host(17), 1030); /* F_DUPFD_CLOEXEC */
	cr_expect_eq(fcntlcmd_host_to_fbsd(1034), 20); /* F_GET_SEALS */
	cr_expect_eq(fcntlcmd_host_to_fbsd(1024), -1); /* F_SETLEASE */
}

Test(madvise, renumbered_and_freebsd_only_advice)
{
	cr_expect_eq(madvise_fbsd_to_host(5), 8);   /* FREE */
	/* FreeBSD DONTNEED keeps the contents: Linux COLD, not Linux DONTNEED. */
	cr_expect_eq(madvise_fbsd_to_host(4), 20);
	cr_expect_eq(madvise_host_to_fbsd(4), -1);
	cr_expect_eq(madvise_fbsd_to_host(8), 16);  /* NOCORE: DONTDUMP */
	cr_expect_eq(madvise_fbsd_to_host(9), 17);  /* CORE: DODUMP */
	cr_expect_eq(madvise_fbsd_to_host(6), -1);  /* NOSYNC */
	cr_expect_eq(madvise_fbsd_to_host(10), -1); /* PROTECT */
	cr_expect_eq(madvise_host_to_fbsd(9), -1);  /* REMOVE */
}

/* ---- wait status ------------------------------------------------------- */

Test(waitstatus, exited_status_is_unchanged)
{
	cr_expect_eq(waitstatus_host_to_fbsd(0x0000), 0x0000);
	cr_expect_eq(waitstatus_host_to_fbsd(0x0300), 0x0300);
	cr_expect_eq(waitstatus_host_to_fbsd(0xff00), 0xff00);
}

Test(waitstatus, killed_status_carries_freebsd_signal)
{
	cr_expect_eq(waitstatus_host_to_fbsd(10), 30);  /* SIGUSR1 */
	cr_expect_eq(waitstatus_host_to_fbsd(9), 9);    /* SIGKILL */
	cr_expect_eq(waitstatus_host_to_fbsd(15), 15);  /* SIGTERM */
	cr_expect_eq(waitstatus_host_to_fbsd(17), 20);  /* SIGCHLD */
	cr_expect_eq(waitstatus_host_to_fbsd(60), 7);   /* SIGEMT's carrier */
	cr_expect_eq(waitstatus_host_to_fbsd(34), 65);  /* SIGRTMIN */
}

Test(waitstatus, core_dump_bit_is_kept)
{
	cr_expect_eq(waitstatus_host_to_fbsd(0x80 | 11), 0x80 | 11); /* SIGSEGV */
	cr_expect_eq(waitstatus_host_to_fbsd(0x80 | 7), 0x80 | 10);  /* SIGBUS */
	cr_expect_eq(waitstatus_host_to_fbsd(0x80 | 10), 0x80 | 30); /* SIGUSR1 */
}

Test(waitstatus, stopped_status_carries_freebsd_signal)
{
	cr_expect_eq(waitstatus_host_to_fbsd(20 << 8 | 0x7f), 18 << 8 | 0x7f); /* SIGTSTP */
	cr_expect_eq(waitstatus_host_to_fbsd(19 << 8 | 0x7f), 17 << 8 | 0x7f); /* SIGSTOP */
	cr_expect_eq(waitstatus_host_to_fbsd(21 << 8 | 0x7f), 21 << 8 | 0x7f); /* SIGTTIN */
	cr_expect_eq(waitstatus_host_to_fbsd(5 << 8 | 0x7f), 5 << 8 | 0x7f);   /* SIGTRAP */
}

Test(waitstatus, continued_is_0x13)
{
	cr_expect_eq(waitstatus_host_to_fbsd(0xffff), 0x13);
}
