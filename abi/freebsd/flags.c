/* Bit-flag and enumeration tables, from flags.def and enums.def. */
#include "franca/abi_fbsd.h"

/* Each .def row names its table; one array holds all rows of a file. */
enum { T_oflags, T_atflags, T_mmapflags, T_waitopts, T_saflags };
enum { T_clockid, T_rlimitres, T_fcntlcmd, T_madvise };

static const struct {
	unsigned char table;
	unsigned fbsd, host;
} flags[] = {
#define FLAG(t, n, f, h) {T_##t, f, h},
#include "flags.def"
#undef FLAG
};

static const struct {
	unsigned char table;
	int fbsd, host;
} enums[] = {
#define ENUM(t, n, f, h) {T_##t, f, h},
#include "enums.def"
#undef ENUM
};

/*
 * Rows are matched in order; a matched multi-bit value is consumed, so
 * that a later row with a subset of its bits does not match as well.
 */
static unsigned flags_translate(int table, unsigned in, int to_host)
{
	unsigned out = 0;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (flags[i].table != table)
			continue;
		unsigned from = to_host ? flags[i].fbsd : flags[i].host;
		unsigned to = to_host ? flags[i].host : flags[i].fbsd;
		if (from && (in & from) == from) {
			out |= to;
			in &= ~from;
		}
	}
	return out;
}

/* The first row with the value wins; -1 means no counterpart. */
static int enum_translate(int table, int in, int to_host)
{
	for (size_t i = 0; i < sizeof(enums) / sizeof(enums[0]); i++) {
		if (enums[i].table != table)
			continue;
		int from = to_host ? enums[i].fbsd : enums[i].host;
		if (from == in && from != -1)
			return to_host ? enums[i].host : enums[i].fbsd;
	}
	return -1;
}

#define DEFINE_FLAGS(t)                                                          	int t##_fbsd_to_host(int f)                                              	{                                                                        		return (int)flags_translate(T_##t, (unsigned)f, 1);              	}                                                                        	int t##_host_to_fbsd(int h)                                              	{                                                                        		return (int)flags_translate(T_##t, (unsigned)h, 0);              	}

DEFINE_FLAGS(oflags)
DEFINE_FLAGS(atflags)
DEFINE_FLAGS(mmapflags)
DEFINE_FLAGS(waitopts)
DEFINE_FLAGS(saflags)

#define DEFINE_ENUM(t)                                                           	int t##_fbsd_to_host(int f)                                              	{                                                                        		return enum_translate(T_##t, f, 1);                              	}                                                                        	int t##_host_to_fbsd(int h)                                              	{                                                                        		return enum_translate(T_##t, h, 0);                              	}

DEFINE_ENUM(clockid)
DEFINE_ENUM(rlimitres)
DEFINE_ENUM(fcntlcmd)
DEFINE_ENUM(madvise)

/* The 14 defined FreeBSD clocks; every FreeBSD RLIMIT up to RLIM_NLIMITS; every F_ command. */
#define ENUM(t, n, f, h) +(T_##t == T_clockid)
_Static_assert(0
#include "enums.def"
	       == 14, "enums.def clockid");
#undef ENUM
#define ENUM(t, n, f, h) +(T_##t == T_rlimitres)
_Static_assert(0
#include "enums.def"
	       == 15, "enums.def rlimit");
#undef ENUM
#define ENUM(t, n, f, h) +(T_##t == T_fcntlcmd)
_Static_assert(0
#include "enums.def"
	       == 23, "enums.def fcntl");
#undef ENUM

/*
 * Wait status words have the same encoding on both systems (exit code in
 * bits 8-15, terminating signal in bits 0-6, 0x7f for stopped) but carry
 * signal numbers, and "continued" is 0x13 on FreeBSD, 0xffff on Linux.
 */
int waitstatus_host_to_fbsd(int st)
{
	if (st == 0xffff)
		return 0x13;
	if ((st & 0x7f) == 0)
		return st;
	if ((st & 0xff) == 0x7f)
		return (signo_host_to_fbsd((st >> 8) & 0xff) << 8) | 0x7f;
	return (st & 0x80) | signo_host_to_fbsd(st & 0x7f);
}
