/* Bit-flag and enumeration tables, from flags.def and enums.def. */
#include "franca/abi_fbsd.h"

struct flagmap {
	unsigned fbsd, host;
};

static unsigned flags_translate(const struct flagmap *m, size_t n, unsigned in, int to_host)
{
	unsigned out = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned from = to_host ? m[i].fbsd : m[i].host;
		unsigned to = to_host ? m[i].host : m[i].fbsd;
		if (from && (in & from) == from) {
			out |= to;
			in &= ~from;
		}
	}
	return out;
}

#define DEFINE_FLAGS(t)                                                          \
	int t##_fbsd_to_host(int f)                                              \
	{                                                                        \
		return (int)flags_translate(t##_map, sizeof(t##_map) / sizeof(t##_map[0]), (unsigned)f, 1); \
	}                                                                        \
	int t##_host_to_fbsd(int h)                                              \
	{                                                                        \
		return (int)flags_translate(t##_map, sizeof(t##_map) / sizeof(t##_map[0]), (unsigned)h, 0); \
	}

#define FLAG(t, n, f, h) FLAG_##t(f, h)
#define FLAG_oflags(f, h)
#define FLAG_atflags(f, h)
#define FLAG_mmapflags(f, h)
#define FLAG_waitopts(f, h)
#define FLAG_saflags(f, h)

/* One array per table: each expansion keeps only its own rows. */
#undef FLAG_oflags
#define FLAG_oflags(f, h) {f, h},
static const struct flagmap oflags_map[] = {
#include "flags.def"
};
#undef FLAG_oflags
#define FLAG_oflags(f, h)
#undef FLAG_atflags
#define FLAG_atflags(f, h) {f, h},
static const struct flagmap atflags_map[] = {
#include "flags.def"
};
#undef FLAG_atflags
#define FLAG_atflags(f, h)
#undef FLAG_mmapflags
#define FLAG_mmapflags(f, h) {f, h},
static const struct flagmap mmapflags_map[] = {
#include "flags.def"
};
#undef FLAG_mmapflags
#define FLAG_mmapflags(f, h)
#undef FLAG_waitopts
#define FLAG_waitopts(f, h) {f, h},
static const struct flagmap waitopts_map[] = {
#include "flags.def"
};
#undef FLAG_waitopts
#define FLAG_waitopts(f, h)
#undef FLAG_saflags
#define FLAG_saflags(f, h) {f, h},
static const struct flagmap saflags_map[] = {
#include "flags.def"
};
#undef FLAG_saflags
#define FLAG_saflags(f, h)
#undef FLAG

DEFINE_FLAGS(oflags)
DEFINE_FLAGS(atflags)
DEFINE_FLAGS(mmapflags)
DEFINE_FLAGS(waitopts)
DEFINE_FLAGS(saflags)

struct enummap {
	int fbsd, host;
};

static int enum_translate(const struct enummap *m, size_t n, int in, int to_host)
{
	for (size_t i = 0; i < n; i++) {
		int from = to_host ? m[i].fbsd : m[i].host;
		if (from == in && from != -1)
			return to_host ? m[i].host : m[i].fbsd;
	}
	return -1;
}

#define ENUM(t, n, f, h) ENUM_##t(f, h)
#define ENUM_clockid(f, h)
#define ENUM_rlimitres(f, h)
#define ENUM_fcntlcmd(f, h)
#define ENUM_madvise(f, h)

#undef ENUM_clockid
#define ENUM_clockid(f, h) {f, h},
static const struct enummap clockid_map[] = {
#include "enums.def"
};
#undef ENUM_clockid
#define ENUM_clockid(f, h)
#undef ENUM_rlimitres
#define ENUM_rlimitres(f, h) {f, h},
static const struct enummap rlimitres_map[] = {
#include "enums.def"
};
#undef ENUM_rlimitres
#define ENUM_rlimitres(f, h)
#undef ENUM_fcntlcmd
#define ENUM_fcntlcmd(f, h) {f, h},
static const struct enummap fcntlcmd_map[] = {
#include "enums.def"
};
#undef ENUM_fcntlcmd
#define ENUM_fcntlcmd(f, h)
#undef ENUM_madvise
#define ENUM_madvise(f, h) {f, h},
static const struct enummap madvise_map[] = {
#include "enums.def"
};
#undef ENUM

#define DEFINE_ENUM(t)                                                           \
	int t##_fbsd_to_host(int f)                                              \
	{                                                                        \
		return enum_translate(t##_map, sizeof(t##_map) / sizeof(t##_map[0]), f, 1); \
	}                                                                        \
	int t##_host_to_fbsd(int h)                                              \
	{                                                                        \
		return enum_translate(t##_map, sizeof(t##_map) / sizeof(t##_map[0]), h, 0); \
	}

DEFINE_ENUM(clockid)
DEFINE_ENUM(rlimitres)
DEFINE_ENUM(fcntlcmd)
DEFINE_ENUM(madvise)

/* The 14 defined FreeBSD clocks; every FreeBSD RLIMIT up to RLIM_NLIMITS. */
_Static_assert(sizeof(clockid_map) / sizeof(clockid_map[0]) == 14, "enums.def clockid");
_Static_assert(sizeof(rlimitres_map) / sizeof(rlimitres_map[0]) == 15, "enums.def rlimit");
_Static_assert(sizeof(fcntlcmd_map) / sizeof(fcntlcmd_map[0]) == 23, "enums.def fcntl");

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
