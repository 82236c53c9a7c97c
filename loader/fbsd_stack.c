/*
 * The initial process state FreeBSD's kernel gives a program
 * (sys/kern/kern_exec.c exec_copyout_strings, sys/kern/imgact_elf.c
 * __elfN(freebsd_copyout_auxargs), sys/amd64/amd64/machdep.c exec_setregs):
 * from the top, the execpath, the canary, the page sizes, the argument and
 * environment strings, then auxv, envp, argv and argc.  %rdi points at
 * argc and %rsp is 8 below a 16-byte boundary.
 */
#include <errno.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/loader.h"

/* FreeBSD sys/sys/elf_common.h AT_* values. */
enum {
	FBSD_AT_NULL = 0, FBSD_AT_PHDR = 3, FBSD_AT_PHENT = 4, FBSD_AT_PHNUM = 5,
	FBSD_AT_PAGESZ = 6, FBSD_AT_BASE = 7, FBSD_AT_FLAGS = 8, FBSD_AT_ENTRY = 9,
	FBSD_AT_EXECPATH = 15, FBSD_AT_CANARY = 16, FBSD_AT_CANARYLEN = 17,
	FBSD_AT_OSRELDATE = 18, FBSD_AT_NCPUS = 19, FBSD_AT_PAGESIZES = 20,
	FBSD_AT_PAGESIZESLEN = 21, FBSD_AT_TIMEKEEP = 22, FBSD_AT_STACKPROT = 23,
	FBSD_AT_EHDRFLAGS = 24, FBSD_AT_HWCAP = 25, FBSD_AT_HWCAP2 = 26,
	FBSD_AT_BSDFLAGS = 27, FBSD_AT_ARGC = 28, FBSD_AT_ARGV = 29, FBSD_AT_ENVC = 30,
	FBSD_AT_ENVV = 31, FBSD_AT_PS_STRINGS = 32, FBSD_AT_FXRNG = 33,
	FBSD_AT_KPRELOAD = 34, FBSD_AT_USRSTACKBASE = 35, FBSD_AT_USRSTACKLIM = 36,
};

#define FBSD_OSRELDATE 1403000  /* 14.3-RELEASE */
#define STACK_DEFAULT (8UL << 20)
#define STACK_MAX (512UL << 20)

uint64_t fbsd_usrstack;
const char *fbsd_execpath;

/* FreeBSD's struct ps_strings (sys/sys/exec.h). */
struct fbsd_ps_strings {
	uint64_t argvstr;
	uint32_t nargvstr, pad0;
	uint64_t envstr;
	uint32_t nenvstr, pad1;
};

uint64_t fbsd_build_stack(const struct fr_image *img, uint64_t bias, const char *execpath,
			  int argc, char **argv, char **envp, uint64_t *rsp_out)
{
	struct rlimit rl;
	size_t size = STACK_DEFAULT;
	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur >= 256 * 1024)
		size = rl.rlim_cur > STACK_MAX ? STACK_MAX : rl.rlim_cur;
	int prot = PROT_READ | PROT_WRITE | (img->exec_stack ? PROT_EXEC : 0);
	uint8_t *lo = mmap(NULL, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE,
			   -1, 0);
	if (lo == MAP_FAILED)
		fr_fatal(FR_EXIT_HOST, NULL, "cannot allocate the guest stack: %s", strerror(errno));
	uint64_t top = (uint64_t)lo + size;
	fbsd_usrstack = top;

	int envc = 0;
	size_t strbytes = 0;
	while (envp[envc])
		strbytes += strlen(envp[envc++]) + 1;
	for (int i = 0; i < argc; i++)
		strbytes += strlen(argv[i]) + 1;
	size_t pathlen = strlen(execpath) + 1;
	if (strbytes + pathlen > size / 4)
		fr_fatal(FR_EXIT_USAGE, NULL, "argument list too long");

	uint64_t p = top;
	p -= sizeof(struct fbsd_ps_strings);
	p &= ~15UL;
	struct fbsd_ps_strings *ps = (void *)p;
	p -= pathlen;
	char *execpath_g = memcpy((void *)p, execpath, pathlen);
	p &= ~7UL;
	p -= 64;
	uint8_t *canary = (void *)p;
	if (getrandom(canary, 64, GRND_NONBLOCK) != 64)
		memcpy(canary, (void *)getauxval(AT_RANDOM), 16);
	p -= 3 * sizeof(uint64_t);
	uint64_t *pagesizes = (void *)p;
	pagesizes[0] = 4096;
	pagesizes[1] = 2UL << 20;
	pagesizes[2] = 1UL << 30;
	p -= strbytes;
	char *s = (char *)p;
	p &= ~15UL;

	/* Vectors: argc, argv, NULL, envp, NULL, auxv pairs. */
	uint64_t aux[64];
	int na = 0;
#define AUX(k, v) (aux[na++] = (k), aux[na++] = (uint64_t)(v))
	AUX(FBSD_AT_PHDR, img->phdr_vaddr ? img->phdr_vaddr + bias : 0);
	AUX(FBSD_AT_PHENT, img->phentsize);
	AUX(FBSD_AT_PHNUM, img->phnum);
	AUX(FBSD_AT_PAGESZ, 4096);
	AUX(FBSD_AT_BASE, 0);
	AUX(FBSD_AT_FLAGS, 0);
	AUX(FBSD_AT_ENTRY, img->entry + bias);
	AUX(FBSD_AT_EXECPATH, execpath_g);
	AUX(FBSD_AT_CANARY, canary);
	AUX(FBSD_AT_CANARYLEN, 64);
	AUX(FBSD_AT_OSRELDATE, FBSD_OSRELDATE);
	AUX(FBSD_AT_NCPUS, sysconf(_SC_NPROCESSORS_ONLN));
	AUX(FBSD_AT_PAGESIZES, pagesizes);
	AUX(FBSD_AT_PAGESIZESLEN, 3 * sizeof(uint64_t));
	AUX(FBSD_AT_STACKPROT, prot & 7);
	AUX(FBSD_AT_EHDRFLAGS, img->e_flags);
	AUX(FBSD_AT_HWCAP, getauxval(AT_HWCAP));
	AUX(FBSD_AT_HWCAP2, getauxval(AT_HWCAP2) & 2 /* HWCAP2_FSGSBASE */);
	AUX(FBSD_AT_BSDFLAGS, 0);
	uint64_t timekeep = fbsd_timekeep_init();
	if (timekeep)
		AUX(FBSD_AT_TIMEKEEP, timekeep);
	int argc_slot_words = 1 + argc + 1 + envc + 1;
	uint64_t *vec = (uint64_t *)(p - (uint64_t)(argc_slot_words + na + 16 + 2) * 8);
	vec = (uint64_t *)((uint64_t)vec & ~15UL);
	uint64_t *argv_g = vec + 1, *envp_g = argv_g + argc + 1;
	AUX(FBSD_AT_ARGC, argc);
	AUX(FBSD_AT_ARGV, argv_g);
	AUX(FBSD_AT_ENVC, envc);
	AUX(FBSD_AT_ENVV, envp_g);
	AUX(FBSD_AT_PS_STRINGS, ps);
	AUX(FBSD_AT_USRSTACKBASE, top);
	AUX(FBSD_AT_USRSTACKLIM, size);
	AUX(FBSD_AT_NULL, 0);
#undef AUX

	vec[0] = (uint64_t)argc;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;
		argv_g[i] = (uint64_t)memcpy(s, argv[i], n);
		s += n;
	}
	argv_g[argc] = 0;
	for (int i = 0; i < envc; i++) {
		size_t n = strlen(envp[i]) + 1;
		envp_g[i] = (uint64_t)memcpy(s, envp[i], n);
		s += n;
	}
	envp_g[envc] = 0;
	memcpy(envp_g + envc + 1, aux, (size_t)na * 8);

	ps->argvstr = (uint64_t)argv_g;
	ps->nargvstr = (uint32_t)argc;
	ps->envstr = (uint64_t)envp_g;
	ps->nenvstr = (uint32_t)envc;

	uint64_t stack = (uint64_t)vec;
	*rsp_out = ((stack - 8) & ~0xFUL) + 8;
	return stack;
}
