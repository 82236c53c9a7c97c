/*
 * FreeBSD amd64 types and constants seen by guests, and the pure
 * translations between them and Linux's (abi/freebsd).  Each .def table
 * names the FreeBSD header it mirrors.
 */
#ifndef FRANCA_ABI_FBSD_H
#define FRANCA_ABI_FBSD_H

#include <stdint.h>
#include <sys/types.h>

struct stat;
struct termios;
struct rlimit;

/* sys/sys/_sigset.h: 128 signals. */
struct fbsd_sigset {
	uint32_t bits[4];
};

/* sys/sys/signal.h */
struct fbsd_stack {
	uint64_t ss_sp;
	uint64_t ss_size;
	int32_t ss_flags;
	int32_t pad;
};
#define FBSD_SS_ONSTACK 0x1
#define FBSD_SS_DISABLE 0x4

struct fbsd_sigaction {
	uint64_t handler;
	int32_t flags;
	struct fbsd_sigset mask;
	int32_t pad;
};
_Static_assert(sizeof(struct fbsd_sigaction) == 32, "sys/signal.h");

struct fbsd_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

/* sys/sys/stat.h, FreeBSD 12 and later (ino64). */
struct fbsd_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint64_t st_nlink;
	uint16_t st_mode;
	int16_t st_bsdflags;
	uint32_t st_uid;
	uint32_t st_gid;
	int32_t st_padding1;
	uint64_t st_rdev;
	struct fbsd_timespec st_atim;
	struct fbsd_timespec st_mtim;
	struct fbsd_timespec st_ctim;
	struct fbsd_timespec st_birthtim;
	int64_t st_size;
	int64_t st_blocks;
	int32_t st_blksize;
	uint32_t st_flags;
	uint64_t st_gen;
	uint64_t st_spare[10];
};
_Static_assert(sizeof(struct fbsd_stat) == 224, "sys/stat.h");

/* sys/sys/stat.h: struct freebsd11_stat, the pre-ino64 layout. */
struct fbsd11_stat {
	uint32_t st_dev;
	uint32_t st_ino;
	uint16_t st_mode;
	uint16_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint32_t st_rdev;
	struct fbsd_timespec st_atim;
	struct fbsd_timespec st_mtim;
	struct fbsd_timespec st_ctim;
	int64_t st_size;
	int64_t st_blocks;
	int32_t st_blksize;
	uint32_t st_flags;
	uint32_t st_gen;
	int32_t st_lspare;
	struct fbsd_timespec st_birthtim;
};
_Static_assert(sizeof(struct fbsd11_stat) == 120, "sys/stat.h freebsd11_stat");

/* sys/sys/dirent.h, FreeBSD 12 and later; d_name starts at 24. */
struct fbsd_dirent {
	uint64_t d_fileno;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	uint8_t d_pad0;
	uint16_t d_namlen;
	uint16_t d_pad1;
	char d_name[256];
};
#define FBSD_DIRENT_RECLEN(namlen) ((24 + (namlen) + 1 + 7) & ~7u)

/* sys/sys/_termios.h */
#define FBSD_NCCS 20
struct fbsd_termios {
	uint32_t c_iflag;
	uint32_t c_oflag;
	uint32_t c_cflag;
	uint32_t c_lflag;
	uint8_t c_cc[FBSD_NCCS];
	uint32_t c_ispeed;
	uint32_t c_ospeed;
};
_Static_assert(sizeof(struct fbsd_termios) == 44, "sys/_termios.h");

/* sys/sys/resource.h */
struct fbsd_rlimit {
	int64_t rlim_cur;
	int64_t rlim_max;
};
#define FBSD_RLIM_INFINITY INT64_MAX

/* sys/sys/signal.h: siginfo_t on amd64 (80 bytes). */
struct fbsd_siginfo {
	int32_t signo;
	int32_t errnum;
	int32_t code;
	int32_t pid;
	uint32_t uid;
	int32_t status;
	uint64_t addr;
	uint64_t value;
	int64_t reason[5];
};
_Static_assert(sizeof(struct fbsd_siginfo) == 80, "sys/signal.h siginfo");

/* errno (abi/freebsd/errno.def). */
int errno_host_to_fbsd(int host);
int errno_fbsd_to_host(int fbsd);

/* Signal numbers and sets (abi/freebsd/signal.def).  0 means "none". */
#define FBSD_NSIG 128
#define FBSD_SIGRTMIN 65
int signo_host_to_fbsd(int host);
int signo_fbsd_to_host(int fbsd);
void sigset_host_to_fbsd(const uint64_t *host, struct fbsd_sigset *fbsd);
void sigset_fbsd_to_host(const struct fbsd_sigset *fbsd, uint64_t *host);
int saflags_fbsd_to_host(int fbsd);
int saflags_host_to_fbsd(int host);

/* Bit-flag tables (abi/freebsd/flags.def). */
int oflags_fbsd_to_host(int fbsd);
int oflags_host_to_fbsd(int host);
int atflags_fbsd_to_host(int fbsd);
int atflags_host_to_fbsd(int host);
int mmapflags_fbsd_to_host(int fbsd);
int mmapflags_host_to_fbsd(int host);
int waitopts_fbsd_to_host(int fbsd);
int waitopts_host_to_fbsd(int host);

/* Enumerations (abi/freebsd/enums.def); -1 when there is no counterpart. */
int clockid_fbsd_to_host(int fbsd);
int clockid_host_to_fbsd(int host);
int rlimitres_fbsd_to_host(int fbsd);
int rlimitres_host_to_fbsd(int host);
int fcntlcmd_fbsd_to_host(int fbsd);
int fcntlcmd_host_to_fbsd(int host);
int madvise_fbsd_to_host(int fbsd);
int madvise_host_to_fbsd(int host);

/* Wait status words differ only in the signal numbers they carry. */
int waitstatus_host_to_fbsd(int host);

/* Structures (abi/freebsd/struct.c). */
void stat_host_to_fbsd(const struct stat *h, struct fbsd_stat *f);
void stat_fbsd_to_host(const struct fbsd_stat *f, struct stat *h);
void stat_host_to_fbsd11(const struct stat *h, struct fbsd11_stat *f);
void stat_fbsd11_to_host(const struct fbsd11_stat *f, struct stat *h);
void rlimit_host_to_fbsd(const struct rlimit *h, struct fbsd_rlimit *f);
void rlimit_fbsd_to_host(const struct fbsd_rlimit *f, struct rlimit *h);
/* dirent: writes one FreeBSD record; returns its length, 0 if it does not fit. */
size_t dirent_host_to_fbsd(uint64_t ino, int64_t off, uint8_t type,
			   const char *name, void *out, size_t room);
/* termios: the Linux kernel's struct termios (TCGETS). */
struct fr_ktermios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[19];
};
void termios_host_to_fbsd(const struct fr_ktermios *h, struct fbsd_termios *f);
void termios_fbsd_to_host(const struct fbsd_termios *f, struct fr_ktermios *h);
uint32_t speed_code_to_baud(uint32_t code);
uint32_t speed_baud_to_code(uint32_t baud);

/* Sockets (abi/freebsd/socket.def). */
#define FBSD_AF_UNSPEC 0
#define FBSD_AF_UNIX 1
#define FBSD_AF_INET 2
#define FBSD_AF_INET6 28
#define FBSD_SUN_PATH 104
#define FBSD_SOL_SOCKET 0xffff
struct sockaddr_storage;
int af_fbsd_to_host(int af);
int af_host_to_fbsd(int af);
int sockopt_fbsd_to_host(int level, int name);
int sockopt_host_to_fbsd(int level, int name);
int msgflags_fbsd_to_host(int f);
int msgflags_host_to_fbsd(int h);
int sockaddr_fbsd_to_host(const void *f, size_t flen, struct sockaddr_storage *h, unsigned *hlen);
size_t sockaddr_host_to_fbsd(const struct sockaddr_storage *h, unsigned hlen, void *f, size_t room);

#endif
