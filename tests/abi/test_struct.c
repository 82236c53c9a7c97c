/*
 * Structure layouts and conversions (include/franca/abi_fbsd.h,
 * abi/freebsd/struct.c): stat (FreeBSD 12+ and freebsd11_stat), rlimit,
 * dirent.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <criterion/criterion.h>

#include "franca/abi_fbsd.h"

/* ---- layouts (FreeBSD amd64 sys/sys/stat.h, sys/sys/dirent.h) ---------- */

Test(layout, fbsd_stat_matches_freebsd_amd64)
{
	cr_expect_eq(offsetof(struct fbsd_stat, st_dev), 0);
	cr_expect_eq(offsetof(struct fbsd_stat, st_ino), 8);
	cr_expect_eq(offsetof(struct fbsd_stat, st_nlink), 16);
	cr_expect_eq(offsetof(struct fbsd_stat, st_mode), 24);
	cr_expect_eq(offsetof(struct fbsd_stat, st_bsdflags), 26);
	cr_expect_eq(offsetof(struct fbsd_stat, st_uid), 28);
	cr_expect_eq(offsetof(struct fbsd_stat, st_gid), 32);
	cr_expect_eq(offsetof(struct fbsd_stat, st_rdev), 40);
	cr_expect_eq(offsetof(struct fbsd_stat, st_atim), 48);
	cr_expect_eq(offsetof(struct fbsd_stat, st_mtim), 64);
	cr_expect_eq(offsetof(struct fbsd_stat, st_ctim), 80);
	cr_expect_eq(offsetof(struct fbsd_stat, st_birthtim), 96);
	cr_expect_eq(offsetof(struct fbsd_stat, st_size), 112);
	cr_expect_eq(offsetof(struct fbsd_stat, st_blocks), 120);
	cr_expect_eq(offsetof(struct fbsd_stat, st_blksize), 128);
	cr_expect_eq(offsetof(struct fbsd_stat, st_flags), 132);
	cr_expect_eq(offsetof(struct fbsd_stat, st_gen), 136);
	cr_expect_eq(offsetof(struct fbsd_stat, st_spare), 144);
	cr_expect_eq(sizeof(struct fbsd_stat), 224);
}

Test(layout, fbsd11_stat_matches_freebsd_amd64)
{
	cr_expect_eq(offsetof(struct fbsd11_stat, st_dev), 0);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_ino), 4);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_mode), 8);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_nlink), 10);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_uid), 12);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_gid), 16);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_rdev), 20);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_atim), 24);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_mtim), 40);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_ctim), 56);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_size), 72);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_blocks), 80);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_blksize), 88);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_flags), 92);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_gen), 96);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_lspare), 100);
	cr_expect_eq(offsetof(struct fbsd11_stat, st_birthtim), 104);
	cr_expect_eq(sizeof(struct fbsd11_stat), 120);
}

Test(layout, fbsd_dirent_matches_freebsd)
{
	cr_expect_eq(offsetof(struct fbsd_dirent, d_fileno), 0);
	cr_expect_eq(offsetof(struct fbsd_dirent, d_off), 8);
	cr_expect_eq(offsetof(struct fbsd_dirent, d_reclen), 16);
	cr_expect_eq(offsetof(struct fbsd_dirent, d_type), 18);
	cr_expect_eq(offsetof(struct fbsd_dirent, d_namlen), 20);
	cr_expect_eq(offsetof(struct fbsd_dirent, d_name), 24);
	cr_expect_eq(sizeof(struct fbsd_dirent), 280);
}

Test(layout, small_structs_match_freebsd)
{
	cr_expect_eq(sizeof(struct fbsd_timespec), 16);
	cr_expect_eq(sizeof(struct fbsd_rlimit), 16);
	cr_expect_eq(offsetof(struct fbsd_rlimit, rlim_max), 8);
	cr_expect_eq(sizeof(struct fbsd_sigset), 16);
	cr_expect_eq(offsetof(struct fbsd_termios, c_cc), 16);
	cr_expect_eq(offsetof(struct fbsd_termios, c_ispeed), 36);
	cr_expect_eq(offsetof(struct fbsd_termios, c_ospeed), 40);
}

/* ---- stat ---------------------------------------------------------------- */

/* A Linux stat with a different value in every field FreeBSD can carry. */
static struct stat sample_host_stat(void)
{
	struct stat h;
	memset(&h, 0, sizeof(h));
	h.st_dev = 0x0000000100000803ULL;
	h.st_ino = 0x123456789abcdef0ULL;
	h.st_nlink = 0x100000007ULL;
	h.st_mode = S_IFREG | 0640;
	h.st_uid = 1001;
	h.st_gid = 2002;
	h.st_rdev = 0x0000000200000504ULL;
	h.st_atim.tv_sec = 1700000001;
	h.st_atim.tv_nsec = 111111111;
	h.st_mtim.tv_sec = 1700000002;
	h.st_mtim.tv_nsec = 222222222;
	h.st_ctim.tv_sec = 1700000003;
	h.st_ctim.tv_nsec = 333333333;
	h.st_size = 0x123456789aLL;
	h.st_blocks = 0x91a2b3cLL;
	h.st_blksize = 65536;
	return h;
}

static void expect_same_host_stat(const struct stat *a, const struct stat *b)
{
	cr_expect_eq(a->st_dev, b->st_dev);
	cr_expect_eq(a->st_ino, b->st_ino);
	cr_expect_eq(a->st_nlink, b->st_nlink);
	cr_expect_eq(a->st_mode, b->st_mode);
	cr_expect_eq(a->st_uid, b->st_uid);
	cr_expect_eq(a->st_gid, b->st_gid);
	cr_expect_eq(a->st_rdev, b->st_rdev);
	cr_expect_eq(a->st_atim.tv_sec, b->st_atim.tv_sec);
	cr_expect_eq(a->st_atim.tv_nsec, b->st_atim.tv_nsec);
	cr_expect_eq(a->st_mtim.tv_sec, b->st_mtim.tv_sec);
	cr_expect_eq(a->st_mtim.tv_nsec, b->st_mtim.tv_nsec);
	cr_expect_eq(a->st_ctim.tv_sec, b->st_ctim.tv_sec);
	cr_expect_eq(a->st_ctim.tv_nsec, b->st_ctim.tv_nsec);
	cr_expect_eq(a->st_size, b->st_size);
	cr_expect_eq(a->st_blocks, b->st_blocks);
	cr_expect_eq(a->st_blksize, b->st_blksize);
}

Test(stat, host_to_fbsd_copies_every_field)
{
	struct stat h = sample_host_stat();
	struct fbsd_stat f;
	memset(&f, 0xa5, sizeof(f));
	stat_host_to_fbsd(&h, &f);
	cr_expect_eq(f.st_dev, 0x0000000100000803ULL);
	cr_expect_eq(f.st_ino, 0x123456789abcdef0ULL);
	cr_expect_eq(f.st_nlink, 0x100000007ULL);
	cr_expect_eq(f.st_mode, S_IFREG | 0640);
	cr_expect_eq(f.st_uid, 1001);
	cr_expect_eq(f.st_gid, 2002);
	cr_expect_eq(f.st_rdev, 0x0000000200000504ULL);
	cr_expect_eq(f.st_atim.tv_sec, 1700000001);
	cr_expect_eq(f.st_atim.tv_nsec, 111111111);
	cr_expect_eq(f.st_mtim.tv_sec, 1700000002);
	cr_expect_eq(f.st_mtim.tv_nsec, 222222222);
	cr_expect_eq(f.st_ctim.tv_sec, 1700000003);
	cr_expect_eq(f.st_ctim.tv_nsec, 333333333);
	cr_expect_eq(f.st_size, 0x123456789aLL);
	cr_expect_eq(f.st_blocks, 0x91a2b3cLL);
	cr_expect_eq(f.st_blksize, 65536);
	/* What Linux does not have is zero, not left over. */
	cr_expect_eq(f.st_bsdflags, 0);
	cr_expect_eq(f.st_padding1, 0);
	cr_expect_eq(f.st_flags, 0);
	cr_expect_eq(f.st_gen, 0);
	for (int i = 0; i < 10; i++)
		cr_expect_eq(f.st_spare[i], 0, "st_spare[%d]", i);
}

/* Linux's struct stat has no birth time: FreeBSD reports -1 when unknown. */
Test(stat, birthtime_from_linux_is_minus_one)
{
	struct stat h = sample_host_stat();
	struct fbsd_stat f;
	stat_host_to_fbsd(&h, &f);
	cr_expect_eq(f.st_birthtim.tv_sec, -1);
	cr_expect_eq(f.st_birthtim.tv_nsec, 0);

	struct fbsd11_stat o;
	memset(&o, 0xa5, sizeof(o));
	stat_host_to_fbsd11(&h, &o);
	cr_expect_eq(o.st_birthtim.tv_sec, -1);
	cr_expect_eq(o.st_birthtim.tv_nsec, 0);
}

Test(stat, host_round_trip_through_fbsd_is_identical)
{
	struct stat h = sample_host_stat(), back;
	struct fbsd_stat f;
	stat_host_to_fbsd(&h, &f);
	memset(&back, 0xa5, sizeof(back));
	stat_fbsd_to_host(&f, &back);
	expect_same_host_stat(&h, &back);
	cr_expect(memcmp(&h, &back, sizeof(h)) == 0, "reserved fields differ");
}

Test(stat, fbsd_round_trip_through_host_keeps_linux_fields)
{
	struct fbsd_stat f, back;
	memset(&f, 0, sizeof(f));
	f.st_dev = 0xfedcba9876543210ULL;
	f.st_ino = 0x0fedcba987654321ULL;
	f.st_nlink = 3;
	f.st_mode = S_IFDIR | 0755;
	f.st_uid = 65534;
	f.st_gid = 65533;
	f.st_rdev = 0x1234;
	f.st_atim = (struct fbsd_timespec){11, 12};
	f.st_mtim = (struct fbsd_timespec){21, 22};
	f.st_ctim = (struct fbsd_timespec){31, 32};
	f.st_birthtim = (struct fbsd_timespec){41, 42};
	f.st_size = 4096;
	f.st_blocks = 8;
	f.st_blksize = 32768;
	f.st_flags = 0x20000; /* SF_ARCHIVED: FreeBSD only */
	f.st_gen = 77;

	struct stat h;
	stat_fbsd_to_host(&f, &h);
	stat_host_to_fbsd(&h, &back);
	cr_expect_eq(back.st_dev, f.st_dev);
	cr_expect_eq(back.st_ino, f.st_ino);
	cr_expect_eq(back.st_nlink, f.st_nlink);
	cr_expect_eq(back.st_mode, f.st_mode);
	cr_expect_eq(back.st_uid, f.st_uid);
	cr_expect_eq(back.st_gid, f.st_gid);
	cr_expect_eq(back.st_rdev, f.st_rdev);
	cr_expect(memcmp(&back.st_atim, &f.st_atim, sizeof(f.st_atim)) == 0);
	cr_expect(memcmp(&back.st_mtim, &f.st_mtim, sizeof(f.st_mtim)) == 0);
	cr_expect(memcmp(&back.st_ctim, &f.st_ctim, sizeof(f.st_ctim)) == 0);
	cr_expect_eq(back.st_size, f.st_size);
	cr_expect_eq(back.st_blocks, f.st_blocks);
	cr_expect_eq(back.st_blksize, f.st_blksize);
	/* Not representable on Linux. */
	cr_expect_eq(back.st_birthtim.tv_sec, -1);
	cr_expect_eq(back.st_flags, 0);
	cr_expect_eq(back.st_gen, 0);
}

/* freebsd11_stat: a sample whose dev, ino and nlink fit the old widths. */
static struct stat sample_host_stat11(void)
{
	struct stat h = sample_host_stat();
	h.st_dev = 0x00000803;
	h.st_ino = 0x9abcdef0;
	h.st_nlink = 0x1234;
	h.st_rdev = 0x00000504;
	return h;
}

Test(stat11, host_to_fbsd11_copies_every_field)
{
	struct stat h = sample_host_stat11();
	struct fbsd11_stat f;
	memset(&f, 0xa5, sizeof(f));
	stat_host_to_fbsd11(&h, &f);
	cr_expect_eq(f.st_dev, 0x00000803u);
	cr_expect_eq(f.st_ino, 0x9abcdef0u);
	cr_expect_eq(f.st_mode, S_IFREG | 0640);
	cr_expect_eq(f.st_nlink, 0x1234);
	cr_expect_eq(f.st_uid, 1001);
	cr_expect_eq(f.st_gid, 2002);
	cr_expect_eq(f.st_rdev, 0x00000504u);
	cr_expect_eq(f.st_atim.tv_sec, 1700000001);
	cr_expect_eq(f.st_atim.tv_nsec, 111111111);
	cr_expect_eq(f.st_mtim.tv_sec, 1700000002);
	cr_expect_eq(f.st_mtim.tv_nsec, 222222222);
	cr_expect_eq(f.st_ctim.tv_sec, 1700000003);
	cr_expect_eq(f.st_ctim.tv_nsec, 333333333);
	cr_expect_eq(f.st_size, 0x123456789aLL);
	cr_expect_eq(f.st_blocks, 0x91a2b3cLL);
	cr_expect_eq(f.st_blksize, 65536);
	cr_expect_eq(f.st_flags, 0);
	cr_expect_eq(f.st_gen, 0);
	cr_expect_eq(f.st_lspare, 0);
}

Test(stat11, host_round_trip_through_fbsd11_is_identical)
{
	struct stat h = sample_host_stat11(), back;
	struct fbsd11_stat f;
	stat_host_to_fbsd11(&h, &f);
	memset(&back, 0xa5, sizeof(back));
	stat_fbsd11_to_host(&f, &back);
	expect_same_host_stat(&h, &back);
	cr_expect(memcmp(&h, &back, sizeof(h)) == 0, "reserved fields differ");
}

Test(stat11, fbsd11_round_trip_through_host_keeps_linux_fields)
{
	struct fbsd11_stat f, back;
	memset(&f, 0, sizeof(f));
	f.st_dev = 0x11223344;
	f.st_ino = 0x55667788;
	f.st_mode = S_IFLNK | 0777;
	f.st_nlink = 65535;
	f.st_uid = 7;
	f.st_gid = 8;
	f.st_rdev = 0x99aabbcc;
	f.st_atim = (struct fbsd_timespec){1, 2};
	f.st_mtim = (struct fbsd_timespec){3, 4};
	f.st_ctim = (struct fbsd_timespec){5, 6};
	f.st_size = 12;
	f.st_blocks = 1;
	f.st_blksize = 512;
	struct stat h;
	stat_fbsd11_to_host(&f, &h);
	stat_host_to_fbsd11(&h, &back);
	f.st_birthtim.tv_sec = -1; /* what Linux cannot carry comes back unknown */
	cr_expect(memcmp(&f, &back, sizeof(f)) == 0);
}

/* Wider values are cut to the old widths; nlink saturates. */
Test(stat11, wide_values_truncate_and_nlink_saturates)
{
	struct stat h = sample_host_stat();
	struct fbsd11_stat f;
	stat_host_to_fbsd11(&h, &f);
	cr_expect_eq(f.st_dev, 0x00000803u);
	cr_expect_eq(f.st_ino, 0x9abcdef0u);
	cr_expect_eq(f.st_rdev, 0x00000504u);
	cr_expect_eq(f.st_nlink, UINT16_MAX);
	h.st_nlink = UINT16_MAX;
	stat_host_to_fbsd11(&h, &f);
	cr_expect_eq(f.st_nlink, UINT16_MAX);
}

/* ---- rlimit ------------------------------------------------------------ */

Test(rlimit, infinity_translates_both_ways)
{
	struct rlimit h = {RLIM_INFINITY, RLIM_INFINITY};
	struct fbsd_rlimit f;
	rlimit_host_to_fbsd(&h, &f);
	cr_expect_eq(f.rlim_cur, FBSD_RLIM_INFINITY);
	cr_expect_eq(f.rlim_max, FBSD_RLIM_INFINITY);

	f = (struct fbsd_rlimit){FBSD_RLIM_INFINITY, FBSD_RLIM_INFINITY};
	memset(&h, 0, sizeof(h));
	rlimit_fbsd_to_host(&f, &h);
	cr_expect_eq(h.rlim_cur, RLIM_INFINITY);
	cr_expect_eq(h.rlim_max, RLIM_INFINITY);
}

Test(rlimit, finite_limits_are_copied_both_ways)
{
	struct rlimit h = {1024, 524288};
	struct fbsd_rlimit f;
	rlimit_host_to_fbsd(&h, &f);
	cr_expect_eq(f.rlim_cur, 1024);
	cr_expect_eq(f.rlim_max, 524288);

	f = (struct fbsd_rlimit){8 << 20, FBSD_RLIM_INFINITY};
	rlimit_fbsd_to_host(&f, &h);
	cr_expect_eq(h.rlim_cur, 8 << 20);
	cr_expect_eq(h.rlim_max, RLIM_INFINITY);

	h = (struct rlimit){0, 0};
	rlimit_host_to_fbsd(&h, &f);
	cr_expect_eq(f.rlim_cur, 0);
	cr_expect_eq(f.rlim_max, 0);
}

/* Linux values above FreeBSD's INT64_MAX cannot be told apart from infinity. */
Test(rlimit, linux_values_beyond_int64_max_are_infinite)
{
	struct rlimit h = {(rlim_t)INT64_MAX + 1, RLIM_INFINITY - 1};
	struct fbsd_rlimit f;
	rlimit_host_to_fbsd(&h, &f);
	cr_expect_eq(f.rlim_cur, FBSD_RLIM_INFINITY);
	cr_expect_eq(f.rlim_max, FBSD_RLIM_INFINITY);
}

/* ---- dirent ------------------------------------------------------------ */

Test(dirent, reclen_is_name_offset_plus_name_plus_nul_rounded_to_8)
{
	cr_expect_eq(FBSD_DIRENT_RECLEN(0), 32);
	cr_expect_eq(FBSD_DIRENT_RECLEN(1), 32);
	cr_expect_eq(FBSD_DIRENT_RECLEN(7), 32);
	cr_expect_eq(FBSD_DIRENT_RECLEN(8), 40);
	cr_expect_eq(FBSD_DIRENT_RECLEN(255), 280);
	for (size_t n = 0; n <= 255; n++) {
		size_t want = (24 + n + 1 + 7) / 8 * 8;
		cr_expect_eq(FBSD_DIRENT_RECLEN(n), want, "namlen %zu", n);
	}
}

Test(dirent, record_holds_every_field)
{
	unsigned char buf[512];
	memset(buf, 0xa5, sizeof(buf));
	size_t n = dirent_host_to_fbsd(0x1122334455667788ULL, 0x7fffffff12345678LL, 8 /* DT_REG */,
				       "hello.c", buf, sizeof(buf));
	cr_assert_eq(n, 32);
	const struct fbsd_dirent *d = (const struct fbsd_dirent *)buf;
	cr_expect_eq(d->d_fileno, 0x1122334455667788ULL);
	cr_expect_eq(d->d_off, 0x7fffffff12345678LL);
	cr_expect_eq(d->d_reclen, 32);
	cr_expect_eq(d->d_type, 8);
	cr_expect_eq(d->d_namlen, 7);
	cr_expect_eq(d->d_pad0, 0);
	cr_expect_eq(d->d_pad1, 0);
	cr_expect_str_eq(d->d_name, "hello.c");
	/* NUL and padding up to the record end are zero, nothing past it written. */
	for (size_t i = 24 + 7; i < 32; i++)
		cr_expect_eq(buf[i], 0, "byte %zu", i);
	cr_expect_eq(buf[32], 0xa5);
}

Test(dirent, reclen_and_namlen_for_every_name_length)
{
	char name[256];
	unsigned char buf[300];
	for (size_t len = 1; len <= 255; len++) {
		memset(name, 'a' + len % 26, len);
		name[len] = 0;
		memset(buf, 0xa5, sizeof(buf));
		size_t n = dirent_host_to_fbsd(len, (int64_t)len, 4, name, buf, sizeof(buf));
		const struct fbsd_dirent *d = (const struct fbsd_dirent *)buf;
		cr_expect_eq(n, FBSD_DIRENT_RECLEN(len), "len %zu", len);
		cr_expect_eq(n % 8, 0, "len %zu", len);
		cr_expect_eq(d->d_reclen, n, "len %zu", len);
		cr_expect_eq(d->d_namlen, len, "len %zu", len);
		cr_expect_eq(d->d_name[len], 0, "len %zu: not NUL-terminated", len);
		cr_expect(memcmp(d->d_name, name, len) == 0, "len %zu", len);
	}
}

Test(dirent, returns_zero_and_writes_nothing_when_it_does_not_fit)
{
	unsigned char buf[64];
	memset(buf, 0xa5, sizeof(buf));
	cr_expect_eq(dirent_host_to_fbsd(1, 2, 4, "hello.c", buf, 31), 0);
	cr_expect_eq(dirent_host_to_fbsd(1, 2, 4, "", buf, 0), 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		cr_expect_eq(buf[i], 0xa5, "byte %zu written", i);
	/* Exactly enough room is enough. */
	cr_expect_eq(dirent_host_to_fbsd(1, 2, 4, "hello.c", buf, 32), 32);
}

Test(dirent, consecutive_records_pack_back_to_back)
{
	unsigned char buf[512];
	memset(buf, 0xa5, sizeof(buf));
	size_t a = dirent_host_to_fbsd(1, 1, 4, ".", buf, sizeof(buf));
	size_t b = dirent_host_to_fbsd(2, 2, 4, "..", buf + a, sizeof(buf) - a);
	size_t c = dirent_host_to_fbsd(3, 3, 8, "a-longer-file-name.txt", buf + a + b,
				       sizeof(buf) - a - b);
	cr_assert_eq(a, 32);
	cr_assert_eq(b, 32);
	cr_assert_eq(c, 48);
	const struct fbsd_dirent *d = (const struct fbsd_dirent *)(buf + a + b);
	cr_expect_eq(d->d_fileno, 3);
	cr_expect_str_eq(d->d_name, "a-longer-file-name.txt");
	cr_expect_eq(((const struct fbsd_dirent *)(buf + a))->d_namlen, 2);
}
