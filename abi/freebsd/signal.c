/* Signal numbers, sets and sigaction flags, from signal.def and flags.def. */
#include <signal.h>
#include <string.h>

#include "franca/abi_fbsd.h"

#define HOST_NSIG 64
#define HOST_RTMIN 34
/* FreeBSD real-time signals 65.. are carried on Linux 34..59. */
#define RT_COUNT 26

static const unsigned char fbsd_to_host[34] = {
#define SIG(n, f, h) [f] = h,
#include "signal.def"
#undef SIG
};

static const unsigned char host_to_fbsd[HOST_NSIG + 1] = {
#define SIG(n, f, h) [h] = f,
#include "signal.def"
#undef SIG
};

enum {
#define SIG(n, f, h) count_##n,
#include "signal.def"
#undef SIG
	SIG_COUNT
};
_Static_assert(SIG_COUNT == 33, "signal.def must list FreeBSD signals 1-33");

int signo_fbsd_to_host(int fbsd)
{
	if (fbsd > 0 && fbsd < 34)
		return fbsd_to_host[fbsd];
	if (fbsd >= FBSD_SIGRTMIN && fbsd < FBSD_SIGRTMIN + RT_COUNT)
		return HOST_RTMIN + (fbsd - FBSD_SIGRTMIN);
	return 0;
}

int signo_host_to_fbsd(int host)
{
	if (host >= HOST_RTMIN && host < HOST_RTMIN + RT_COUNT)
		return FBSD_SIGRTMIN + (host - HOST_RTMIN);
	if (host > 0 && host <= HOST_NSIG)
		return host_to_fbsd[host];
	return 0;
}

void sigset_host_to_fbsd(const uint64_t *host, struct fbsd_sigset *fbsd)
{
	memset(fbsd, 0, sizeof(*fbsd));
	for (int h = 1; h <= HOST_NSIG; h++) {
		if (!(*host & (1ULL << (h - 1))))
			continue;
		int f = signo_host_to_fbsd(h);
		if (f)
			fbsd->bits[(f - 1) / 32] |= 1u << ((f - 1) % 32);
	}
}

void sigset_fbsd_to_host(const struct fbsd_sigset *fbsd, uint64_t *host)
{
	*host = 0;
	for (int f = 1; f <= FBSD_NSIG; f++) {
		if (!(fbsd->bits[(f - 1) / 32] & (1u << ((f - 1) % 32))))
			continue;
		int h = signo_fbsd_to_host(f);
		if (h)
			*host |= 1ULL << (h - 1);
	}
}
