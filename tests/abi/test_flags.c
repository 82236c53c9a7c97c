/*
 * Bit-flag tables (abi/freebsd/flags.def, flags.c): open, *at, mmap, wait
 * and sigaction flags.
 *
 * Every row is checked alone in both directions.  FreeBSD -> Linux gives
 * the row's host value (0: dropped).  Linux -> FreeBSD gives the FreeBSD
 * value of the first row of the table with that host value, since rows are
 * matched in order and a matched host value is consumed (several FreeBSD
 * flags may share one Linux value, e.g. AT_EACCESS and AT_REMOVEDIR).
 */
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <criterion/criterion.h>

#include "franca/abi_fbsd.h"

struct row {
	const char *table, *name;
	unsigned fbsd, host;
};

static const struct row rows[] = {
#define FLAG(t, n, f, h) {#t, #n, f, h},
#include "flags.def"
#undef FLAG
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

typedef int (*xlate)(int);

/* The FreeBSD flag a Linux value comes back as: the first row holding it. */
static unsigned first_fbsd_for_host(const char *table, unsigned host)
{
	for (size_t i = 0; i < NROWS; i++)
		if (!strcmp(rows[i].table, table) && rows[i].host == host)
			return rows[i].fbsd;
	return 0;
}

static int check_table(const char *table, xlate to_host, xlate to_fbsd)
{
	int n = 0;
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];
		if (strcmp(r->table, table))
			continue;
		n++;
		unsigned h = (unsigned)to_host((int)r->fbsd);
		cr_expect_eq(h, r->host, "%s %s: fbsd %#x -> host %#x, want %#x", table,
			     r->name, r->fbsd, h, r->host);
		if (!r->host)
			continue;
		unsigned f = (unsigned)to_fbsd((int)r->host);
		unsigned want = first_fbsd_for_host(table, r->host);
		cr_expect_eq(f, want, "%s %s: host %#x -> fbsd %#x, want %#x", table,
			     r->name, r->host, f, want);
	}
	return n;
}

#define TABLE_TEST(t)                                                           \
	Test(t, every_row_translates_both_ways)                                 \
	{                                                                       \
		cr_assert_gt(check_table(#t, t##_fbsd_to_host, t##_host_to_fbsd), 0); \
	}                                                                       \
	Test(t, zero_stays_zero)                                                \
	{                                                                       \
		cr_expect_eq(t##_fbsd_to_host(0), 0);                           \
		cr_expect_eq(t##_host_to_fbsd(0), 0);                           \
	}

TABLE_TEST(oflags)
TABLE_TEST(atflags)
TABLE_TEST(mmapflags)
TABLE_TEST(waitopts)
TABLE_TEST(saflags)

/* No table may give one FreeBSD bit two meanings. */
Test(flags_def, freebsd_values_are_disjoint_within_each_table)
{
	for (size_t i = 0; i < NROWS; i++)
		for (size_t j = i + 1; j < NROWS; j++)
			if (!strcmp(rows[i].table, rows[j].table))
				cr_expect_eq(rows[i].fbsd & rows[j].fbsd, 0, "%s: %s and %s overlap",
					     rows[i].table, rows[i].name, rows[j].name);
}

/* ---- open flags --------------------------------------------------------- */

/* Rows checked against the host's own <fcntl.h>. */
Test(oflags, host_values_match_linux_headers)
{
	cr_expect_eq(oflags_fbsd_to_host(0x4), O_NONBLOCK);
	cr_expect_eq(oflags_fbsd_to_host(0x8), O_APPEND);
	cr_expect_eq(oflags_fbsd_to_host(0x40), O_ASYNC);
	cr_expect_eq(oflags_fbsd_to_host(0x80), O_SYNC);
	cr_expect_eq(oflags_fbsd_to_host(0x100), O_NOFOLLOW);
	cr_expect_eq(oflags_fbsd_to_host(0x200), O_CREAT);
	cr_expect_eq(oflags_fbsd_to_host(0x400), O_TRUNC);
	cr_expect_eq(oflags_fbsd_to_host(0x800), O_EXCL);
	cr_expect_eq(oflags_fbsd_to_host(0x8000), O_NOCTTY);
	cr_expect_eq(oflags_fbsd_to_host(0x10000), O_DIRECT);
	cr_expect_eq(oflags_fbsd_to_host(0x20000), O_DIRECTORY);
	cr_expect_eq(oflags_fbsd_to_host(0x100000), O_CLOEXEC);
	cr_expect_eq(oflags_fbsd_to_host(0x1000000), O_DSYNC);
}

/* O_RDONLY 0, O_WRONLY 1, O_RDWR 2 are the same on both and must pass through. */
Test(oflags, access_mode_is_kept_both_ways)
{
	cr_expect_eq(oflags_fbsd_to_host(0x0), O_RDONLY);
	cr_expect_eq(oflags_fbsd_to_host(0x1), O_WRONLY);
	cr_expect_eq(oflags_fbsd_to_host(0x2), O_RDWR);
	cr_expect_eq(oflags_host_to_fbsd(O_RDONLY), 0x0);
	cr_expect_eq(oflags_host_to_fbsd(O_WRONLY), 0x1);
	cr_expect_eq(oflags_host_to_fbsd(O_RDWR), 0x2);
	/* O_RDWR | O_NONBLOCK as F_GETFL reports it (with O_LARGEFILE). */
	cr_expect_eq(oflags_host_to_fbsd(O_RDWR | O_NONBLOCK | 0x8000), 0x2 | 0x4);
}

Test(oflags, creat_trunc_wronly_cloexec_combined)
{
	/* O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC */
	cr_expect_eq(oflags_fbsd_to_host(0x100601), 0x80241);
	cr_expect_eq(oflags_host_to_fbsd(0x80241), 0x100601);
	/* O_RDWR | O_CREAT | O_EXCL */
	cr_expect_eq(oflags_fbsd_to_host(0xa02), O_RDWR | O_CREAT | O_EXCL);
	cr_expect_eq(oflags_host_to_fbsd(O_RDWR | O_CREAT | O_EXCL), 0xa02);
	/* O_NONBLOCK | O_APPEND | O_EXCL | O_DIRECTORY | O_NOFOLLOW */
	cr_expect_eq(oflags_fbsd_to_host(0x4 | 0x8 | 0x800 | 0x20000 | 0x100),
		     O_NONBLOCK | O_APPEND | O_EXCL | O_DIRECTORY | O_NOFOLLOW);
	cr_expect_eq(oflags_host_to_fbsd(O_NONBLOCK | O_APPEND | O_EXCL | O_DIRECTORY | O_NOFOLLOW),
		     0x4 | 0x8 | 0x800 | 0x20000 | 0x100);
}

/* FreeBSD O_PATH and O_EXEC both open with Linux O_PATH, which reads back as O_PATH. */
Test(oflags, o_path_and_o_exec_open_with_linux_o_path)
{
	cr_expect_eq(oflags_fbsd_to_host(0x400000), O_PATH);
	cr_expect_eq(oflags_fbsd_to_host(0x40000), O_PATH);
	cr_expect_eq(oflags_fbsd_to_host(0x400000 | 0x20000 | 0x100000),
		     O_PATH | O_DIRECTORY | O_CLOEXEC);
	cr_expect_eq(oflags_host_to_fbsd(O_PATH), 0x400000);
}

/* Linux O_SYNC is __O_SYNC|O_DSYNC: matched first, it consumes O_DSYNC. */
Test(oflags, linux_o_sync_consumes_o_dsync)
{
	cr_expect_eq(oflags_host_to_fbsd(0x101000), 0x80);
	cr_expect_eq(oflags_host_to_fbsd(0x1000), 0x1000000);
	cr_expect_eq(oflags_host_to_fbsd(0x101000 | O_APPEND), 0x80 | 0x8);
	cr_expect_eq(oflags_fbsd_to_host(0x80 | 0x1000000), 0x101000);
	cr_expect_eq(oflags_fbsd_to_host(0x1000000), 0x1000);
}

/* O_SHLOCK/O_EXLOCK, O_TTY_INIT, O_VERIFY... are handled by the syscall. */
Test(oflags, freebsd_only_flags_are_dropped)
{
	cr_expect_eq(oflags_fbsd_to_host(0x10 | 0x20 | 0x80000 | 0x200000 | 0x800000 | 0x2000000),
		     0);
	cr_expect_eq(oflags_fbsd_to_host(0x20 | 0x200), O_CREAT);
}

/* F_GETFL on x86_64 reports O_LARGEFILE (0x8000), FreeBSD's O_NOCTTY bit. */
Test(oflags, linux_o_largefile_is_not_reported)
{
	cr_expect_eq(oflags_host_to_fbsd(0x8000), 0);
	cr_expect_eq(oflags_host_to_fbsd(0x8000 | O_NONBLOCK), 0x4);
}

/* ---- *at flags ---------------------------------------------------------- */

Test(atflags, combined_flags_translate)
{
	/* AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH */
	cr_expect_eq(atflags_fbsd_to_host(0x200 | 0x4000), AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
	cr_expect_eq(atflags_host_to_fbsd(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH), 0x200 | 0x4000);
	cr_expect_eq(atflags_fbsd_to_host(0x800), AT_REMOVEDIR);
	cr_expect_eq(atflags_fbsd_to_host(0x100), AT_EACCESS);
	cr_expect_eq(atflags_fbsd_to_host(0x400), AT_SYMLINK_FOLLOW);
	cr_expect_eq(atflags_fbsd_to_host(0x2000), 0); /* AT_RESOLVE_BENEATH */
}

/* Linux AT_EACCESS and AT_REMOVEDIR are both 0x200: the first row wins. */
Test(atflags, shared_linux_value_reads_back_as_first_row)
{
	cr_assert_eq(AT_EACCESS, AT_REMOVEDIR);
	cr_expect_eq(atflags_host_to_fbsd(0x200), 0x100);
}

/* ---- mmap flags --------------------------------------------------------- */

Test(mmapflags, common_combinations_translate_both_ways)
{
	/* MAP_PRIVATE | MAP_ANON | MAP_FIXED */
	cr_expect_eq(mmapflags_fbsd_to_host(0x1012), MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
	cr_expect_eq(mmapflags_host_to_fbsd(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED), 0x1012);
	/* MAP_PRIVATE | MAP_ANON | MAP_STACK */
	cr_expect_eq(mmapflags_fbsd_to_host(0x1402), MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK);
	cr_expect_eq(mmapflags_host_to_fbsd(MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK), 0x1402);
	/* MAP_SHARED | MAP_PREFAULT_READ | MAP_32BIT */
	cr_expect_eq(mmapflags_fbsd_to_host(0x1 | 0x40000 | 0x80000),
		     MAP_SHARED | MAP_POPULATE | MAP_32BIT);
	cr_expect_eq(mmapflags_host_to_fbsd(MAP_SHARED | MAP_POPULATE | MAP_32BIT),
		     0x1 | 0x40000 | 0x80000);
}

Test(mmapflags, freebsd_only_flags_are_dropped)
{
	/* MAP_HASSEMAPHORE | MAP_NOSYNC | MAP_GUARD | MAP_EXCL | MAP_NOCORE */
	cr_expect_eq(mmapflags_fbsd_to_host(0x2 | 0x200 | 0x800 | 0x2000 | 0x4000 | 0x20000),
		     MAP_PRIVATE);
}

/* ---- wait options ------------------------------------------------------- */

Test(waitopts, combined_options_translate_both_ways)
{
	/* WNOHANG | WUNTRACED | WCONTINUED */
	cr_expect_eq(waitopts_fbsd_to_host(0x7), WNOHANG | WUNTRACED | WCONTINUED);
	cr_expect_eq(waitopts_host_to_fbsd(WNOHANG | WUNTRACED | WCONTINUED), 0x7);
	/* WEXITED | WNOWAIT (waitid) */
	cr_expect_eq(waitopts_fbsd_to_host(0x18), WEXITED | WNOWAIT);
	cr_expect_eq(waitopts_host_to_fbsd(WEXITED | WNOWAIT), 0x18);
	cr_expect_eq(waitopts_fbsd_to_host(0x20), 0); /* WTRAPPED */
}
