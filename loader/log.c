/* Messages and tracing output. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "franca/franca.h"

unsigned fr_trace_mask;
bool fr_strict;
const char *fr_guest_path;
static int trace_fd = 2;

void fr_fatal(int status, const char *file, const char *fmt, ...)
{
	char buf[1024];
	size_t n = 0;
	va_list ap;
	n += (size_t)snprintf(buf, sizeof(buf), "franca: ");
	if (file)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s: ", file);
	va_start(ap, fmt);
	n += (size_t)vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	if (n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(2, buf, n) < 0) { /* nothing else to do */ }
	_exit(status);
}

void fr_warn(const char *fmt, ...)
{
	char buf[1024];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "franca: ");
	va_list ap;
	va_start(ap, fmt);
	n += (size_t)vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	if (n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(2, buf, n) < 0) { /* nothing else to do */ }
}

/*
 * FRANCA_TRACE=syscall,signal,loader,api (or "all"); FRANCA_TRACE_FILE
 * sends it to a file.  The descriptor is moved high so that a guest that
 * closes or reuses its low descriptors does not lose or mix the trace.
 */
void fr_trace_init(void)
{
	const char *s = getenv("FRANCA_TRACE");
	if (!s || !*s)
		return;
	static const struct { const char *name; unsigned bit; } words[] = {
		{"syscall", FR_TRACE_SYSCALL}, {"signal", FR_TRACE_SIGNAL},
		{"loader", FR_TRACE_LOADER}, {"api", FR_TRACE_API}, {"all", ~0u},
	};
	while (*s) {
		size_t len = strcspn(s, ",");
		size_t i;
		for (i = 0; i < FR_ARRAY_LEN(words); i++)
			if (strlen(words[i].name) == len && strncmp(s, words[i].name, len) == 0)
				break;
		if (i == FR_ARRAY_LEN(words))
			fr_fatal(FR_EXIT_USAGE, NULL,
				 "FRANCA_TRACE: unknown word '%.*s' (use syscall,signal,loader,api or all)",
				 (int)len, s);
		fr_trace_mask |= words[i].bit;
		s += len + (s[len] == ',');
	}
	const char *file = getenv("FRANCA_TRACE_FILE");
	int fd = file && *file ? open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : dup(2);
	if (fd < 0)
		fr_fatal(FR_EXIT_USAGE, file, "cannot open the trace file: %s", strerror(errno));
	trace_fd = fcntl(fd, F_DUPFD_CLOEXEC, 1000);
	if (trace_fd < 0)
		trace_fd = fd;
	else
		close(fd);
}

void fr_trace_write(const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(trace_fd, buf, len);
		if (w <= 0)
			return;
		buf += w;
		len -= (size_t)w;
	}
}

void fr_trace(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 1;
	fr_trace_write(buf, (size_t)n);
}
