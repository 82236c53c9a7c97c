/* Structure layouts: stat (two ABIs), rlimit, dirent, termios. */
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "franca/abi_fbsd.h"

/*
 * FreeBSD dev_t is 64-bit with major in bits 32-63 and 8-39 mixed
 * (sys/sys/types.h makedev); we keep Linux's encoding of the number, which
 * round-trips and is what programs compare against each other.
 */
void stat_host_to_fbsd(const struct stat *h, struct fbsd_stat *f)
{
	memset(f, 0, sizeof(*f));
	f->st_dev = h->st_dev;
	f->st_ino = h->st_ino;
	f->st_nlink = h->st_nlink;
	f->st_mode = (uint16_t)h->st_mode;
	f->st_uid = h->st_uid;
	f->st_gid = h->st_gid;
	f->st_rdev = h->st_rdev;
	f->st_atim.tv_sec = h->st_atim.tv_sec;
	f->st_atim.tv_nsec = h->st_atim.tv_nsec;
	f->st_mtim.tv_sec = h->st_mtim.tv_sec;
	f->st_mtim.tv_nsec = h->st_mtim.tv_nsec;
	f->st_ctim.tv_sec = h->st_ctim.tv_sec;
	f->st_ctim.tv_nsec = h->st_ctim.tv_nsec;
	/* Linux's stat has no birth time; FreeBSD reports -1 when unknown. */
	f->st_birthtim.tv_sec = -1;
	f->st_birthtim.tv_nsec = 0;
	f->st_size = h->st_size;
	f->st_blocks = h->st_blocks;
	f->st_blksize = (int32_t)h->st_blksize;
}

void stat_fbsd_to_host(const struct fbsd_stat *f, struct stat *h)
{
	memset(h, 0, sizeof(*h));
	h->st_dev = f->st_dev;
	h->st_ino = f->st_ino;
	h->st_nlink = f->st_nlink;
	h->st_mode = f->st_mode;
	h->st_uid = f->st_uid;
	h->st_gid = f->st_gid;
	h->st_rdev = f->st_rdev;
	h->st_atim.tv_sec = f->st_atim.tv_sec;
	h->st_atim.tv_nsec = f->st_atim.tv_nsec;
	h->st_mtim.tv_sec = f->st_mtim.tv_sec;
	h->st_mtim.tv_nsec = f->st_mtim.tv_nsec;
	h->st_ctim.tv_sec = f->st_ctim.tv_sec;
	h->st_ctim.tv_nsec = f->st_ctim.tv_nsec;
	h->st_size = f->st_size;
	h->st_blocks = f->st_blocks;
	h->st_blksize = f->st_blksize;
}

/* freebsd11_stat truncates dev, ino and nlink to their old widths. */
void stat_host_to_fbsd11(const struct stat *h, struct fbsd11_stat *f)
{
	memset(f, 0, sizeof(*f));
	f->st_dev = (uint32_t)h->st_dev;
	f->st_ino = (uint32_t)h->st_ino;
	f->st_mode = (uint16_t)h->st_mode;
	f->st_nlink = h->st_nlink > UINT16_MAX ? UINT16_MAX : (uint16_t)h->st_nlink;
	f->st_uid = h->st_uid;
	f->st_gid = h->st_gid;
	f->st_rdev = (uint32_t)h->st_rdev;
	f->st_atim.tv_sec = h->st_atim.tv_sec;
	f->st_atim.tv_nsec = h->st_atim.tv_nsec;
	f->st_mtim.tv_sec = h->st_mtim.tv_sec;
	f->st_mtim.tv_nsec = h->st_mtim.tv_nsec;
	f->st_ctim.tv_sec = h->st_ctim.tv_sec;
	f->st_ctim.tv_nsec = h->st_ctim.tv_nsec;
	f->st_birthtim.tv_sec = -1;
	f->st_size = h->st_size;
	f->st_blocks = h->st_blocks;
	f->st_blksize = (int32_t)h->st_blksize;
}

void stat_fbsd11_to_host(const struct fbsd11_stat *f, struct stat *h)
{
	memset(h, 0, sizeof(*h));
	h->st_dev = f->st_dev;
	h->st_ino = f->st_ino;
	h->st_mode = f->st_mode;
	h->st_nlink = f->st_nlink;
	h->st_uid = f->st_uid;
	h->st_gid = f->st_gid;
	h->st_rdev = f->st_rdev;
	h->st_atim.tv_sec = f->st_atim.tv_sec;
	h->st_atim.tv_nsec = f->st_atim.tv_nsec;
	h->st_mtim.tv_sec = f->st_mtim.tv_sec;
	h->st_mtim.tv_nsec = f->st_mtim.tv_nsec;
	h->st_ctim.tv_sec = f->st_ctim.tv_sec;
	h->st_ctim.tv_nsec = f->st_ctim.tv_nsec;
	h->st_size = f->st_size;
	h->st_blocks = f->st_blocks;
	h->st_blksize = f->st_blksize;
}

/* RLIM_INFINITY is INT64_MAX on FreeBSD and ~0 on Linux. */
static int64_t rlim_host_to_fbsd(rlim_t v)
{
	return v == RLIM_INFINITY || v > (rlim_t)INT64_MAX ? FBSD_RLIM_INFINITY : (int64_t)v;
}

static rlim_t rlim_fbsd_to_host(int64_t v)
{
	return v == FBSD_RLIM_INFINITY || v < 0 ? RLIM_INFINITY : (rlim_t)v;
}

void rlimit_host_to_fbsd(const struct rlimit *h, struct fbsd_rlimit *f)
{
	f->rlim_cur = rlim_host_to_fbsd(h->rlim_cur);
	f->rlim_max = rlim_host_to_fbsd(h->rlim_max);
}

void rlimit_fbsd_to_host(const struct fbsd_rlimit *f, struct rlimit *h)
{
	h->rlim_cur = rlim_fbsd_to_host(f->rlim_cur);
	h->rlim_max = rlim_fbsd_to_host(f->rlim_max);
}

/* d_type values (DT_*) are the same on both systems. */
size_t dirent_host_to_fbsd(uint64_t ino, int64_t off, uint8_t type,
			   const char *name, void *out, size_t room)
{
	size_t namlen = strlen(name);
	if (namlen > 255)
		namlen = 255;
	size_t reclen = FBSD_DIRENT_RECLEN(namlen);
	if (reclen > room)
		return 0;
	struct fbsd_dirent *d = out;
	memset(d, 0, reclen);
	d->d_fileno = ino;
	d->d_off = off;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = type;
	d->d_namlen = (uint16_t)namlen;
	memcpy(d->d_name, name, namlen);
	return reclen;
}
