/* franca: common definitions shared by every layer. */
#ifndef FRANCA_FRANCA_H
#define FRANCA_FRANCA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FRANCA_VERSION "0.1.0"

/*
 * Exit statuses of franca itself, documented in franca(1).  126 and 127 are
 * what shells use for "cannot execute" and "not found"; the others follow
 * sysexits(3) so that each class of failure is distinct.
 */
enum fr_exit {
	FR_EXIT_USAGE = 64,       /* bad option or missing program */
	FR_EXIT_CORRUPT = 65,     /* truncated or corrupt image */
	FR_EXIT_UNSUPPORTED = 69, /* a valid image franca cannot run */
	FR_EXIT_INTERNAL = 70,    /* a bug in franca */
	FR_EXIT_HOST = 71,        /* the host lacks something franca needs */
	FR_EXIT_NOEXEC = 126,     /* not executable: directory, mode, format */
	FR_EXIT_NOTFOUND = 127,   /* no such file */
};

/* Prints "franca: FILE: MESSAGE" (FILE may be NULL) and exits. */
__attribute__((noreturn, format(printf, 3, 4)))
void fr_fatal(int status, const char *file, const char *fmt, ...);

/* Prints "franca: MESSAGE" on stderr. */
__attribute__((format(printf, 1, 2)))
void fr_warn(const char *fmt, ...);

/* Tracing, selected by FRANCA_TRACE=syscall,signal,loader,api. */
enum {
	FR_TRACE_SYSCALL = 1u << 0,
	FR_TRACE_SIGNAL = 1u << 1,
	FR_TRACE_LOADER = 1u << 2,
	FR_TRACE_API = 1u << 3,
};
extern unsigned fr_trace_mask;
extern bool fr_strict;
void fr_trace_init(void);
__attribute__((format(printf, 1, 2)))
void fr_trace(const char *fmt, ...);
void fr_trace_write(const char *buf, size_t len);

/* What the running program is, for messages and AT_EXECPATH. */
extern const char *fr_guest_path;

#define FR_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define FR_PAGE 4096UL
#define FR_PAGE_DOWN(x) ((uint64_t)(x) & ~(FR_PAGE - 1))
#define FR_PAGE_UP(x) (((uint64_t)(x) + FR_PAGE - 1) & ~(FR_PAGE - 1))

#endif
