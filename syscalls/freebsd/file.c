/* FreeBSD file and directory syscalls. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/thread.h"

#define FBSD_AT_FDCWD (-100)
#define FBSD_O_SHLOCK 0x10
#define FBSD_O_EXLOCK 0x20

/* A guest fd or AT_FDCWD (the same -100 on both). */
static int dirfd_arg(uint64_t v)
{
	return (int)v;
}

static long ret(long r)
{
	return r < 0 ? -errno : r;
}

/* O_SHLOCK/O_EXLOCK take a flock(2) lock as part of the open. */
static long open_common(int dirfd, const char *path, int fflags, int mode)
{
	int hflags = oflags_fbsd_to_host(fflags);
	int fd = (int)fr_blocking_syscall(SYS_openat, dirfd, (long)path, hflags, mode, 0, 0);
	if (fd < 0)
		return fd;
	if (fflags & (FBSD_O_SHLOCK | FBSD_O_EXLOCK)) {
		int op = (fflags & FBSD_O_EXLOCK ? LOCK_EX : LOCK_SH) | (fflags & 0x4 ? LOCK_NB : 0);
		long r = fr_blocking_syscall(SYS_flock, fd, op, 0, 0, 0, 0);
		if (r < 0) {
			close(fd);
			return r;
		}
	}
	return fd;
}

/*
 * FreeBSD's namei follows a final symlink when the path ends in a slash,
 * also for mkdir, rmdir and rename, where Linux refuses instead (mkdir
 * "link/" of a dangling link creates the link's target on FreeBSD).  This
 * rewrites such a path to the one FreeBSD would act on; out must hold
 * PATH_MAX bytes.  Other paths are returned unchanged.
 */
static const char *trailing_slash_path(int dirfd, const char *path, char *out)
{
	size_t len = strlen(path);
	if (len < 2 || path[len - 1] != '/' || len >= PATH_MAX)
		return path;
	char cur[PATH_MAX];
	memcpy(cur, path, len + 1);
	for (int hops = 0; hops < 32; hops++) {
		size_t n = strlen(cur);
		while (n > 1 && cur[n - 1] == '/')
			cur[--n] = 0;
		struct stat st;
		if (fstatat(dirfd, cur, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISLNK(st.st_mode)) {
			if (hops == 0)
				return path;
			snprintf(out, PATH_MAX, "%s/", cur);
			return out;
		}
		char target[PATH_MAX];
		ssize_t t = readlinkat(dirfd, cur, target, sizeof(target) - 1);
		if (t <= 0)
			return path;
		target[t] = 0;
		if (target[0] == '/') {
			memcpy(cur, target, (size_t)t + 1);
		} else {
			char *slash = strrchr(cur, '/');
			size_t dirlen = slash ? (size_t)(slash - cur) + 1 : 0;
			if (dirlen + (size_t)t + 1 > sizeof(cur))
				return path;
			memcpy(cur + dirlen, target, (size_t)t + 1);
		}
	}
	return path; /* ELOOP is the kernel's to report */
}

/* FreeBSD read(2). */
long fbsd_sys_read(struct fr_sc *sc)
{
	return fr_blocking_syscall(SYS_read, (long)sc->a[0], (long)sc->a[1], (long)sc->a[2], 0, 0, 0);
}

/* FreeBSD write(2). */
long fbsd_sys_write(struct fr_sc *sc)
{
	return fr_blocking_syscall(SYS_write, (long)sc->a[0], (long)sc->a[1], (long)sc->a[2], 0, 0, 0);
}

/* FreeBSD readv(2); struct iovec is the same. */
long fbsd_sys_readv(struct fr_sc *sc)
{
	return fr_blocking_syscall(SYS_readv, (long)sc->a[0], (long)sc->a[1], (long)sc->a[2], 0, 0, 0);
}

/* FreeBSD writev(2). */
long fbsd_sys_writev(struct fr_sc *sc)
{
	return fr_blocking_syscall(SYS_writev, (long)sc->a[0], (long)sc->a[1], (long)sc->a[2], 0, 0, 0);
}

/* FreeBSD pread(2). */
long fbsd_sys_pread(struct fr_sc *sc)
{
	return fr_blocking_syscall(SYS_pread64, (long)sc->a[0], (long)sc->a[1], (long)sc->a[2], (long)sc->a[3], 0, 0);
}

/* FreeBSD pwrite(2). */
long fbsd_sys_pwrite(struct fr_sc *sc)
{
	return fr_blocking_syscall(SYS_pwrite64, (long)sc->a[0], (long)sc->a[1], (long)sc->a[2], (long)sc->a[3], 0, 0);
}

/* FreeBSD preadv(2). */
long fbsd_sys_preadv(struct fr_sc *sc)
{
	return fr_blocking_syscall(SYS_preadv, (long)sc->a[0], (long)sc->a[1], (long)sc->a[2], (long)sc->a[3], 0, 0);
}

/* FreeBSD pwritev(2). */
long fbsd_sys_pwritev(struct fr_sc *sc)
{
	return fr_blocking_syscall(SYS_pwritev, (long)sc->a[0], (long)sc->a[1], (long)sc->a[2], (long)sc->a[3], 0, 0);
}

/* FreeBSD open(2). */
long fbsd_sys_open(struct fr_sc *sc)
{
	return open_common(AT_FDCWD, (const char *)sc->a[0], (int)sc->a[1], (int)sc->a[2]);
}

/* FreeBSD openat(2). */
long fbsd_sys_openat(struct fr_sc *sc)
{
	return open_common(dirfd_arg(sc->a[0]), (const char *)sc->a[1], (int)sc->a[2], (int)sc->a[3]);
}

/* FreeBSD close(2). */
long fbsd_sys_close(struct fr_sc *sc)
{
	int fd = (int)sc->a[0];
	if (!fbsd_kq_close(fd))
		fbsd_kq_fd_closing(fd);
	return ret(close(fd));
}

/* FreeBSD close_range(2): CLOSE_RANGE_CLOEXEC is 1<<2 on both. */
long fbsd_sys_close_range(struct fr_sc *sc)
{
	if (!(sc->a[2] & 4))
		for (uint64_t fd = sc->a[0]; fd <= sc->a[1] && fd < 65536; fd++)
			if (!fbsd_kq_close((int)fd))
				fbsd_kq_fd_closing((int)fd);
	return ret(syscall(SYS_close_range, (unsigned)sc->a[0], (unsigned)sc->a[1], (int)sc->a[2]));
}

/* FreeBSD lseek(2); SEEK_DATA/SEEK_HOLE are 3/4 on both. */
long fbsd_sys_lseek(struct fr_sc *sc)
{
	off_t r = lseek((int)sc->a[0], (off_t)sc->a[1], (int)sc->a[2]);
	return r < 0 ? -errno : r;
}

/* FreeBSD dup(2). */
long fbsd_sys_dup(struct fr_sc *sc)
{
	return ret(dup((int)sc->a[0]));
}

/* FreeBSD dup2(2). */
long fbsd_sys_dup2(struct fr_sc *sc)
{
	if (sc->a[0] != sc->a[1])
		fbsd_kq_fd_closing((int)sc->a[1]);
	return ret(dup2((int)sc->a[0], (int)sc->a[1]));
}

/* FreeBSD fcntl(2). */
long fbsd_sys_fcntl(struct fr_sc *sc)
{
	int fd = (int)sc->a[0], cmd = (int)sc->a[1];
	long arg = (long)sc->a[2];
	switch (cmd) {
	case 3: { /* F_GETFL */
		int r = fcntl(fd, F_GETFL);
		return r < 0 ? -errno : oflags_host_to_fbsd(r);
	}
	case 4: /* F_SETFL */
		return ret(fcntl(fd, F_SETFL, oflags_fbsd_to_host((int)arg)));
	case 10: /* F_DUP2FD */
		if (fd != (int)arg)
			fbsd_kq_fd_closing((int)arg);
		return ret(dup2(fd, (int)arg));
	case 18: /* F_DUP2FD_CLOEXEC */
		if (fd == (int)arg)
			return ret(fcntl(fd, F_GETFD) < 0 ? -1 : fd);
		fbsd_kq_fd_closing((int)arg);
		return ret(dup3(fd, (int)arg, O_CLOEXEC));
	case 11: case 12: case 13: { /* F_GETLK F_SETLK F_SETLKW */
		/* FreeBSD struct flock: start, len, pid, short type, short whence, sysid. */
		struct fbsd_flock { int64_t start, len; int32_t pid; int16_t type, whence; int32_t sysid; };
		struct fbsd_flock *ff = (void *)arg;
		static const short type_to_host[] = {0, F_RDLCK, F_UNLCK, F_WRLCK};
		if (ff->type < 1 || ff->type > 3)
			return -EINVAL;
		struct flock fl = {.l_type = type_to_host[ff->type], .l_whence = ff->whence,
				   .l_start = ff->start, .l_len = ff->len, .l_pid = ff->pid};
		long r = fr_blocking_syscall(SYS_fcntl, fd, fcntlcmd_fbsd_to_host(cmd), (long)&fl, 0, 0, 0);
		if (r < 0)
			return r;
		if (cmd == 11) {
			ff->type = fl.l_type == F_RDLCK ? 1 : fl.l_type == F_WRLCK ? 3 : 2;
			ff->whence = fl.l_whence;
			ff->start = fl.l_start;
			ff->len = fl.l_len;
			ff->pid = fl.l_pid;
		}
		return r;
	}
	default: {
		int hc = fcntlcmd_fbsd_to_host(cmd);
		if (hc < 0)
			return -EINVAL;
		return ret(fcntl(fd, hc, arg));
	}
	}
}

/* FreeBSD flock(2): LOCK_* are the same. */
long fbsd_sys_flock(struct fr_sc *sc)
{
	return fr_blocking_syscall(SYS_flock, (long)sc->a[0], (long)sc->a[1], 0, 0, 0, 0);
}

static long put_stat(int r, const struct stat *st, void *out)
{
	if (r < 0)
		return -errno;
	stat_host_to_fbsd(st, out);
	return 0;
}

static long put_stat11(int r, const struct stat *st, void *out)
{
	if (r < 0)
		return -errno;
	stat_host_to_fbsd11(st, out);
	return 0;
}

/* FreeBSD fstat(2), ino64 layout. */
long fbsd_sys_fstat(struct fr_sc *sc)
{
	struct stat st;
	return put_stat(fstat((int)sc->a[0], &st), &st, (void *)sc->a[1]);
}

/* FreeBSD fstatat(2), ino64 layout. */
long fbsd_sys_fstatat(struct fr_sc *sc)
{
	struct stat st;
	return put_stat(fstatat(dirfd_arg(sc->a[0]), (const char *)sc->a[1], &st,
				atflags_fbsd_to_host((int)sc->a[3])),
			&st, (void *)sc->a[2]);
}

/* FreeBSD 11 stat(2). */
long fbsd_sys_freebsd11_stat(struct fr_sc *sc)
{
	struct stat st;
	return put_stat11(stat((const char *)sc->a[0], &st), &st, (void *)sc->a[1]);
}

/* FreeBSD 11 fstat(2). */
long fbsd_sys_freebsd11_fstat(struct fr_sc *sc)
{
	struct stat st;
	return put_stat11(fstat((int)sc->a[0], &st), &st, (void *)sc->a[1]);
}

/* FreeBSD 11 lstat(2). */
long fbsd_sys_freebsd11_lstat(struct fr_sc *sc)
{
	struct stat st;
	return put_stat11(lstat((const char *)sc->a[0], &st), &st, (void *)sc->a[1]);
}

/* FreeBSD 11 fstatat(2). */
long fbsd_sys_freebsd11_fstatat(struct fr_sc *sc)
{
	struct stat st;
	return put_stat11(fstatat(dirfd_arg(sc->a[0]), (const char *)sc->a[1], &st,
				  atflags_fbsd_to_host((int)sc->a[3])),
			  &st, (void *)sc->a[2]);
}

struct linux_dirent64 {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
	char name[];
};

/*
 * FreeBSD getdirentries(2): fd, buf, nbytes, off_t *basep.  Linux
 * getdents64 records are converted one by one.  FreeBSD's are a little
 * longer, so when the buffer fills first the directory offset is moved
 * back to just after the last record that was returned.
 */
long fbsd_sys_getdirentries(struct fr_sc *sc)
{
	int fd = (int)sc->a[0];
	uint8_t *out = (uint8_t *)sc->a[1];
	size_t room = sc->a[2], done = 0;
	int64_t *basep = (int64_t *)sc->a[3];
	char tmp[16384];

	off_t base = lseek(fd, 0, SEEK_CUR);
	long n = syscall(SYS_getdents64, fd, tmp, room < sizeof(tmp) ? room : sizeof(tmp));
	if (n < 0)
		return -errno;
	int64_t last_off = base;
	for (long pos = 0; pos < n;) {
		struct linux_dirent64 *d = (void *)(tmp + pos);
		size_t len = dirent_host_to_fbsd(d->ino, d->off, d->type, d->name, out + done, room - done);
		if (len == 0) {
			if (done == 0)
				return -EINVAL;
			lseek(fd, last_off, SEEK_SET);
			break;
		}
		done += len;
		last_off = d->off;
		pos += d->reclen;
	}
	if (basep)
		*basep = base;
	return (long)done;
}

/* FreeBSD fsync(2). */
long fbsd_sys_fsync(struct fr_sc *sc)
{
	return ret(fsync((int)sc->a[0]));
}

/* FreeBSD fdatasync(2). */
long fbsd_sys_fdatasync(struct fr_sc *sc)
{
	return ret(fdatasync((int)sc->a[0]));
}

/* FreeBSD ftruncate(2). */
long fbsd_sys_ftruncate(struct fr_sc *sc)
{
	return ret(ftruncate((int)sc->a[0], (off_t)sc->a[1]));
}

/* FreeBSD truncate(2). */
long fbsd_sys_truncate(struct fr_sc *sc)
{
	return ret(truncate((const char *)sc->a[0], (off_t)sc->a[1]));
}

/* FreeBSD access(2). */
long fbsd_sys_access(struct fr_sc *sc)
{
	return ret(access((const char *)sc->a[0], (int)sc->a[1]));
}

/* FreeBSD faccessat(2). */
long fbsd_sys_faccessat(struct fr_sc *sc)
{
	return ret(faccessat(dirfd_arg(sc->a[0]), (const char *)sc->a[1], (int)sc->a[2],
			     atflags_fbsd_to_host((int)sc->a[3])));
}

/* FreeBSD eaccess(2). */
long fbsd_sys_eaccess(struct fr_sc *sc)
{
	return ret(faccessat(AT_FDCWD, (const char *)sc->a[0], (int)sc->a[1], AT_EACCESS));
}

/* FreeBSD chdir(2). */
long fbsd_sys_chdir(struct fr_sc *sc)
{
	return ret(chdir((const char *)sc->a[0]));
}

/* FreeBSD fchdir(2). */
long fbsd_sys_fchdir(struct fr_sc *sc)
{
	return ret(fchdir((int)sc->a[0]));
}

/* FreeBSD __getcwd(2): returns 0, not the length. */
long fbsd_sys___getcwd(struct fr_sc *sc)
{
	return getcwd((char *)sc->a[0], sc->a[1]) ? 0 : -errno;
}

/* FreeBSD mkdir(2). */
long fbsd_sys_mkdir(struct fr_sc *sc)
{
	char buf[PATH_MAX];
	return ret(mkdir(trailing_slash_path(AT_FDCWD, (const char *)sc->a[0], buf), (mode_t)sc->a[1]));
}

/* FreeBSD mkdirat(2). */
long fbsd_sys_mkdirat(struct fr_sc *sc)
{
	char buf[PATH_MAX];
	int fd = dirfd_arg(sc->a[0]);
	return ret(mkdirat(fd, trailing_slash_path(fd, (const char *)sc->a[1], buf), (mode_t)sc->a[2]));
}

/* FreeBSD rmdir(2). */
long fbsd_sys_rmdir(struct fr_sc *sc)
{
	char buf[PATH_MAX];
	return ret(rmdir(trailing_slash_path(AT_FDCWD, (const char *)sc->a[0], buf)));
}

/* FreeBSD unlink(2). */
long fbsd_sys_unlink(struct fr_sc *sc)
{
	return ret(unlink((const char *)sc->a[0]));
}

/* FreeBSD unlinkat(2). */
long fbsd_sys_unlinkat(struct fr_sc *sc)
{
	char buf[PATH_MAX];
	int fd = dirfd_arg(sc->a[0]);
	return ret(unlinkat(fd, trailing_slash_path(fd, (const char *)sc->a[1], buf),
			    atflags_fbsd_to_host((int)sc->a[2])));
}

/* FreeBSD rename(2). */
long fbsd_sys_rename(struct fr_sc *sc)
{
	char b1[PATH_MAX], b2[PATH_MAX];
	return ret(rename(trailing_slash_path(AT_FDCWD, (const char *)sc->a[0], b1),
			  trailing_slash_path(AT_FDCWD, (const char *)sc->a[1], b2)));
}

/* FreeBSD renameat(2). */
long fbsd_sys_renameat(struct fr_sc *sc)
{
	char b1[PATH_MAX], b2[PATH_MAX];
	int f1 = dirfd_arg(sc->a[0]), f2 = dirfd_arg(sc->a[2]);
	return ret(renameat(f1, trailing_slash_path(f1, (const char *)sc->a[1], b1), f2,
			    trailing_slash_path(f2, (const char *)sc->a[3], b2)));
}

/* FreeBSD link(2). */
long fbsd_sys_link(struct fr_sc *sc)
{
	return ret(link((const char *)sc->a[0], (const char *)sc->a[1]));
}

/* FreeBSD linkat(2). */
long fbsd_sys_linkat(struct fr_sc *sc)
{
	return ret(linkat(dirfd_arg(sc->a[0]), (const char *)sc->a[1], dirfd_arg(sc->a[2]),
			  (const char *)sc->a[3], atflags_fbsd_to_host((int)sc->a[4])));
}

/* FreeBSD symlink(2). */
long fbsd_sys_symlink(struct fr_sc *sc)
{
	return ret(symlink((const char *)sc->a[0], (const char *)sc->a[1]));
}

/* FreeBSD symlinkat(2). */
long fbsd_sys_symlinkat(struct fr_sc *sc)
{
	return ret(symlinkat((const char *)sc->a[0], dirfd_arg(sc->a[1]), (const char *)sc->a[2]));
}

/* FreeBSD readlink(2). */
long fbsd_sys_readlink(struct fr_sc *sc)
{
	return ret(readlink((const char *)sc->a[0], (char *)sc->a[1], sc->a[2]));
}

/* FreeBSD readlinkat(2). */
long fbsd_sys_readlinkat(struct fr_sc *sc)
{
	return ret(readlinkat(dirfd_arg(sc->a[0]), (const char *)sc->a[1], (char *)sc->a[2], sc->a[3]));
}

/* FreeBSD chmod(2). */
long fbsd_sys_chmod(struct fr_sc *sc)
{
	return ret(chmod((const char *)sc->a[0], (mode_t)sc->a[1]));
}

/* FreeBSD fchmod(2). */
long fbsd_sys_fchmod(struct fr_sc *sc)
{
	return ret(fchmod((int)sc->a[0], (mode_t)sc->a[1]));
}

/* FreeBSD fchmodat(2). */
long fbsd_sys_fchmodat(struct fr_sc *sc)
{
	return ret(fchmodat(dirfd_arg(sc->a[0]), (const char *)sc->a[1], (mode_t)sc->a[2],
			    atflags_fbsd_to_host((int)sc->a[3])));
}

/* FreeBSD chown(2). */
long fbsd_sys_chown(struct fr_sc *sc)
{
	return ret(chown((const char *)sc->a[0], (uid_t)sc->a[1], (gid_t)sc->a[2]));
}

/* FreeBSD lchown(2). */
long fbsd_sys_lchown(struct fr_sc *sc)
{
	return ret(lchown((const char *)sc->a[0], (uid_t)sc->a[1], (gid_t)sc->a[2]));
}

/* FreeBSD fchown(2). */
long fbsd_sys_fchown(struct fr_sc *sc)
{
	return ret(fchown((int)sc->a[0], (uid_t)sc->a[1], (gid_t)sc->a[2]));
}

/* FreeBSD fchownat(2). */
long fbsd_sys_fchownat(struct fr_sc *sc)
{
	return ret(fchownat(dirfd_arg(sc->a[0]), (const char *)sc->a[1], (uid_t)sc->a[2],
			    (gid_t)sc->a[3], atflags_fbsd_to_host((int)sc->a[4])));
}

/* FreeBSD utimensat(2): UTIME_NOW/UTIME_OMIT are -1/-2, Linux's are different. */
static const struct timespec *utimens_arg(const struct fbsd_timespec *f, struct timespec *h)
{
	if (!f)
		return NULL;
	for (int i = 0; i < 2; i++) {
		h[i].tv_sec = f[i].tv_sec;
		h[i].tv_nsec = f[i].tv_nsec == -1 ? UTIME_NOW : f[i].tv_nsec == -2 ? UTIME_OMIT : f[i].tv_nsec;
	}
	return h;
}

long fbsd_sys_utimensat(struct fr_sc *sc)
{
	struct timespec ts[2];
	return ret(utimensat(dirfd_arg(sc->a[0]), (const char *)sc->a[1],
			     utimens_arg((const struct fbsd_timespec *)sc->a[2], ts),
			     atflags_fbsd_to_host((int)sc->a[3])));
}

/* FreeBSD futimens(2). */
long fbsd_sys_futimens(struct fr_sc *sc)
{
	struct timespec ts[2];
	return ret(futimens((int)sc->a[0], utimens_arg((const struct fbsd_timespec *)sc->a[1], ts)));
}

/* FreeBSD utimes(2); struct timeval is the same. */
long fbsd_sys_utimes(struct fr_sc *sc)
{
	return ret(utimes((const char *)sc->a[0], (const struct timeval *)sc->a[1]));
}

/* FreeBSD futimes(2). */
long fbsd_sys_futimes(struct fr_sc *sc)
{
	return ret(futimes((int)sc->a[0], (const struct timeval *)sc->a[1]));
}

/* FreeBSD lutimes(2). */
long fbsd_sys_lutimes(struct fr_sc *sc)
{
	return ret(lutimes((const char *)sc->a[0], (const struct timeval *)sc->a[1]));
}

/* FreeBSD umask(2). */
long fbsd_sys_umask(struct fr_sc *sc)
{
	return umask((mode_t)sc->a[0]);
}

/* FreeBSD mknodat(2) (ino64). */
long fbsd_sys_mknodat(struct fr_sc *sc)
{
	return ret(mknodat(dirfd_arg(sc->a[0]), (const char *)sc->a[1], (mode_t)sc->a[2], (dev_t)sc->a[3]));
}

/* FreeBSD mkfifo(2). */
long fbsd_sys_mkfifo(struct fr_sc *sc)
{
	return ret(mkfifo((const char *)sc->a[0], (mode_t)sc->a[1]));
}

/* FreeBSD mkfifoat(2). */
long fbsd_sys_mkfifoat(struct fr_sc *sc)
{
	return ret(mkfifoat(dirfd_arg(sc->a[0]), (const char *)sc->a[1], (mode_t)sc->a[2]));
}

/* FreeBSD sync(2). */
long fbsd_sys_sync(struct fr_sc *sc)
{
	(void)sc;
	sync();
	return 0;
}

/* FreeBSD pipe2(2): int fildes[2], flags (O_CLOEXEC, O_NONBLOCK). */
long fbsd_sys_pipe2(struct fr_sc *sc)
{
	return ret(pipe2((int *)sc->a[0], oflags_fbsd_to_host((int)sc->a[1])));
}

/* FreeBSD __realpathat(2): fd, path, buf, size, flags. */
long fbsd_sys___realpathat(struct fr_sc *sc)
{
	char in[PATH_MAX], out[PATH_MAX];
	int fd = dirfd_arg(sc->a[0]);
	const char *path = (const char *)sc->a[1];
	if (path[0] != '/' && fd != AT_FDCWD) {
		char link[64];
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		ssize_t n = readlink(link, in, sizeof(in) - 1);
		if (n < 0)
			return -errno;
		in[n] = 0;
		if (strlen(in) + strlen(path) + 2 > sizeof(in))
			return -ENAMETOOLONG;
		strcat(in, "/");
		strcat(in, path);
		path = in;
	}
	if (!realpath(path, out))
		return -errno;
	size_t n = strlen(out) + 1;
	if (n > sc->a[3])
		return -ENAMETOOLONG;
	memcpy((void *)sc->a[2], out, n);
	return 0;
}

/*
 * FreeBSD struct statfs (sys/sys/mount.h, FreeBSD 12 layout, 2344 bytes).
 * Only the fields programs read are filled: type name, block counts, ids.
 */
struct fbsd_statfs {
	uint32_t f_version, f_type;
	uint64_t f_flags, f_bsize, f_iosize, f_blocks, f_bfree;
	int64_t f_bavail;
	uint64_t f_files;
	int64_t f_ffree;
	uint64_t f_syncwrites, f_asyncwrites, f_syncreads, f_asyncreads, f_spare[10];
	uint32_t f_namemax, f_owner;
	int32_t f_fsid[2];
	char f_charspare[80], f_fstypename[16], f_mntfromname[1024], f_mntonname[1024];
};
_Static_assert(sizeof(struct fbsd_statfs) == 2344, "sys/mount.h statfs");

static void fill_statfs(const struct statfs *h, struct fbsd_statfs *f, const char *on, const char *from);

static long put_statfs(int r, const struct statfs *h, struct fbsd_statfs *f)
{
	if (r < 0)
		return -errno;
	fill_statfs(h, f, "/", "");
	return 0;
}

static void fill_statfs(const struct statfs *h, struct fbsd_statfs *f, const char *on, const char *from)
{
	memset(f, 0, sizeof(*f));
	f->f_version = 0x20140518; /* STATFS_VERSION */
	f->f_bsize = (uint64_t)h->f_bsize;
	f->f_iosize = (uint64_t)h->f_bsize;
	f->f_blocks = h->f_blocks;
	f->f_bfree = h->f_bfree;
	f->f_bavail = (int64_t)h->f_bavail;
	f->f_files = h->f_files;
	f->f_ffree = (int64_t)h->f_ffree;
	f->f_namemax = (uint32_t)h->f_namelen;
	memcpy(f->f_fsid, &h->f_fsid, sizeof(f->f_fsid));
	const char *name = h->f_type == 0x01021994 ? "tmpfs" : h->f_type == 0x9fa0 ? "procfs"
			   : h->f_type == 0xef53 ? "ext2fs" : "ufs";
	strcpy(f->f_fstypename, name);
	snprintf(f->f_mntonname, sizeof(f->f_mntonname), "%s", on);
	snprintf(f->f_mntfromname, sizeof(f->f_mntfromname), "%s", from);
}

/*
 * FreeBSD getfsstat(2): buf, bufsize (bytes), mode.  The mounts are the
 * host's (/proc/self/mounts); with a NULL buffer it counts them.
 */
long fbsd_sys_getfsstat(struct fr_sc *sc)
{
	struct fbsd_statfs *buf = (void *)sc->a[0];
	size_t max = buf ? (size_t)sc->a[1] / sizeof(*buf) : SIZE_MAX;
	FILE *m = fopen("/proc/self/mounts", "re");
	if (!m)
		return -errno;
	char line[4096];
	long n = 0;
	while (fgets(line, sizeof(line), m) && (size_t)n < max) {
		char from[1024], on[1024];
		if (sscanf(line, "%1023s %1023s", from, on) != 2)
			continue;
		if (buf) {
			struct statfs h;
			if (statfs(on, &h) != 0)
				memset(&h, 0, sizeof(h));
			fill_statfs(&h, &buf[n], on, from);
		}
		n++;
	}
	fclose(m);
	return n;
}

/* FreeBSD statfs(2) (ino64 layout). */
long fbsd_sys_statfs(struct fr_sc *sc)
{
	struct statfs h;
	return put_statfs(statfs((const char *)sc->a[0], &h), &h, (void *)sc->a[1]);
}

/* FreeBSD fstatfs(2) (ino64 layout). */
long fbsd_sys_fstatfs(struct fr_sc *sc)
{
	struct statfs h;
	return put_statfs(fstatfs((int)sc->a[0], &h), &h, (void *)sc->a[1]);
}

/* FreeBSD fpathconf(2): _PC_* differ; the common ones are mapped. */
static int pathconf_name(int f)
{
	switch (f) {
	case 1: return _PC_LINK_MAX;
	case 2: return _PC_MAX_CANON;
	case 3: return _PC_MAX_INPUT;
	case 4: return _PC_NAME_MAX;
	case 5: return _PC_PATH_MAX;
	case 6: return _PC_PIPE_BUF;
	case 7: return _PC_CHOWN_RESTRICTED;
	case 8: return _PC_NO_TRUNC;
	case 9: return _PC_VDISABLE;
	default: return -1;
	}
}

long fbsd_sys_fpathconf(struct fr_sc *sc)
{
	int n = pathconf_name((int)sc->a[1]);
	if (n < 0)
		return -EINVAL;
	errno = 0;
	long r = fpathconf((int)sc->a[0], n);
	return r < 0 && errno ? -errno : r;
}

/* FreeBSD pathconf(2). */
long fbsd_sys_pathconf(struct fr_sc *sc)
{
	int n = pathconf_name((int)sc->a[1]);
	if (n < 0)
		return -EINVAL;
	errno = 0;
	long r = pathconf((const char *)sc->a[0], n);
	return r < 0 && errno ? -errno : r;
}

/* FreeBSD posix_fallocate(2): returns the error, no errno. */
long fbsd_sys_posix_fallocate(struct fr_sc *sc)
{
	int e = posix_fallocate((int)sc->a[0], (off_t)sc->a[1], (off_t)sc->a[2]);
	return e ? -e : 0;
}

/* FreeBSD copy_file_range(2). */
long fbsd_sys_copy_file_range(struct fr_sc *sc)
{
	return ret(copy_file_range((int)sc->a[0], (off_t *)sc->a[1], (int)sc->a[2], (off_t *)sc->a[3],
				   sc->a[4], (unsigned)sc->a[5]));
}
