/* FRANCA_TRACE=syscall: one strace-style line per guest syscall. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"

static size_t put_str(char *o, size_t room, const char *s, size_t max, long len)
{
	size_t n = 0;
	if (!s)
		return (size_t)snprintf(o, room, "NULL");
	n += (size_t)snprintf(o + n, room - n, "\"");
	for (long i = 0; (len < 0 ? s[i] != 0 : i < len) && n + 8 < room; i++) {
		if ((size_t)i >= max) {
			n += (size_t)snprintf(o + n, room - n, "\"...");
			return n;
		}
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			n += (size_t)snprintf(o + n, room - n, "\\n");
		else if (c == '"' || c == '\\')
			n += (size_t)snprintf(o + n, room - n, "\\%c", c);
		else if (c < 32 || c > 126)
			n += (size_t)snprintf(o + n, room - n, "\\x%02x", c);
		else
			o[n++] = (char)c;
	}
	n += (size_t)snprintf(o + n, room - n, "\"");
	return n;
}

void fbsd_trace_syscall(const struct fr_sc *sc, const struct fr_sysent *e, long r)
{
	char buf[1024];
	size_t n = 0, room = sizeof(buf) - 64;
	const char *name = e ? e->name : "unknown";

	n += (size_t)snprintf(buf + n, room - n, "[%d] %s(", (int)getpid(), name);
	int nargs = e ? e->nargs : 6;
	for (int i = 0; i < nargs && n < room; i++) {
		uint64_t v = sc->a[i];
		int kind = e ? e->args[i] : FR_A_HEX;
		if (i)
			n += (size_t)snprintf(buf + n, room - n, ", ");
		switch (kind) {
		case FR_A_INT:
		case FR_A_FD:
		case FR_A_SIG:
			n += (size_t)snprintf(buf + n, room - n, "%d", (int)v);
			break;
		case FR_A_UINT:
			n += (size_t)snprintf(buf + n, room - n, "%u", (unsigned)v);
			break;
		case FR_A_LONG:
		case FR_A_SIZE:
			n += (size_t)snprintf(buf + n, room - n, "%ld", (long)v);
			break;
		case FR_A_MODE:
			n += (size_t)snprintf(buf + n, room - n, "0%o", (unsigned)v);
			break;
		case FR_A_STR:
			n += put_str(buf + n, room - n, (const char *)v, 96, -1);
			break;
		case FR_A_IBUF:
			n += put_str(buf + n, room - n, (const char *)v, 32, (long)sc->a[i + 1]);
			break;
		case FR_A_OBUF:
			if (r >= 0 && r < 4096 && v)
				n += put_str(buf + n, room - n, (const char *)v, 32, r);
			else
				n += (size_t)snprintf(buf + n, room - n, "%#lx", (unsigned long)v);
			break;
		case FR_A_STRV: {
			char *const *vec = (char *const *)v;
			n += (size_t)snprintf(buf + n, room - n, "[");
			for (int j = 0; vec && vec[j] && j < 8 && n < room - 120; j++) {
				if (j)
					n += (size_t)snprintf(buf + n, room - n, ", ");
				n += put_str(buf + n, room - n, vec[j], 32, -1);
			}
			n += (size_t)snprintf(buf + n, room - n, "]");
			break;
		}
		default:
			n += (size_t)snprintf(buf + n, room - n, "%#lx", (unsigned long)v);
		}
	}
	if (n > room)
		n = room;
	if (r == -FR_EJUSTRETURN)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ") = <context>\n");
	else if (r == -FR_ERESTART)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ") = ? ERESTART\n");
	else if (r < 0 && r > -4096)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ") = -1 %s (%s)\n",
				      strerrorname_np((int)-r) ? strerrorname_np((int)-r) : "E?",
				      strerror((int)-r));
	else if (r > 0xffff)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ") = %#lx\n", r);
	else
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ") = %ld\n", r);
	fr_trace_write(buf, n);
}
