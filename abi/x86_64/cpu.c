/*
 * FS and GS bases.  With FSGSBASE (AT_HWCAP2 bit 1 on Linux) user space
 * reads and writes them directly; otherwise arch_prctl does it.
 */
#include <asm/prctl.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "franca/thread.h"

#define HWCAP2_FSGSBASE (1UL << 1)

int fr_have_fsgsbase;

void fr_cpu_init(void)
{
	fr_have_fsgsbase = (getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) != 0;
}

uint64_t fr_get_fs(void)
{
	uint64_t v;
	if (fr_have_fsgsbase) {
		__asm__ volatile("rdfsbase %0" : "=r"(v));
		return v;
	}
	syscall(SYS_arch_prctl, ARCH_GET_FS, &v);
	return v;
}

void fr_set_gs(uint64_t base)
{
	if (fr_have_fsgsbase)
		__asm__ volatile("wrgsbase %0" ::"r"(base) : "memory");
	else
		syscall(SYS_arch_prctl, ARCH_SET_GS, base);
}
