/*
 * franca [OPTIONS] PROGRAM [ARGS...]
 *
 * Sniffs PROGRAM, picks its personality, maps it into this process, builds
 * the foreign initial state and jumps to it.  Native programs and scripts
 * are handed straight to the host kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/loader.h"
#include "franca/thread.h"

extern char **environ;

static const char usage[] =
	"usage: franca [OPTIONS] PROGRAM [ARGS...]\n"
	"Runs a foreign program (FreeBSD amd64 ELF) on Linux; native programs run as they are.\n"
	"\n"
	"  --argv0 NAME   pass NAME as the program's argv[0]\n"
	"  --strict       make the first unimplemented call a fatal error\n"
	"  -h, --help     show this help\n"
	"  -V, --version  show the version\n"
	"\n"
	"Environment: FRANCA_TRACE=syscall,signal,loader,api|all  FRANCA_TRACE_FILE=PATH\n"
	"Exit status: the program's own; franca's errors: 64 usage, 65 corrupt image,\n"
	"69 unsupported image, 70 internal error, 71 host lacks a feature,\n"
	"126 not executable, 127 not found.  See franca(1).\n";

/* Finds PROGRAM on $PATH when it has no slash, as execvp would. */
static const char *resolve(const char *prog, char *buf, size_t len)
{
	if (strchr(prog, '/'))
		return prog;
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		if (n == 0)
			snprintf(buf, len, "./%s", prog);
		else
			snprintf(buf, len, "%.*s/%s", (int)n, path, prog);
		if (access(buf, F_OK) == 0)
			return buf;
		path += n + (path[n] == ':');
	}
	return prog;
}

static int verdict_status(enum fr_verdict v)
{
	switch (v) {
	case FR_BAD_CORRUPT: return FR_EXIT_CORRUPT;
	case FR_BAD_UNSUPPORTED: return FR_EXIT_UNSUPPORTED;
	case FR_BAD_NOEXEC: return FR_EXIT_NOEXEC;
	default: return FR_EXIT_INTERNAL;
	}
}

__attribute__((noreturn))
static void run_freebsd(const char *path, int fd, const struct fr_image *img, const uint8_t *file,
			size_t size, int argc, char **argv)
{
	if (img->interp_off)
		fr_fatal(FR_EXIT_UNSUPPORTED, path,
			 "a dynamically linked FreeBSD program (interpreter %s); "
			 "only static FreeBSD programs are supported so far",
			 (const char *)file + img->interp_off);
	static char execpath[PATH_MAX];
	if (!realpath(path, execpath))
		snprintf(execpath, sizeof(execpath), "%s", path);
	fbsd_execpath = execpath;

	fr_trap_init();
	fbsd_signal_init();
	struct fr_thread *t = fr_thread_new(1);
	if (!t)
		fr_fatal(FR_EXIT_HOST, NULL, "out of memory");
	fr_thread_attach(t);
	fbsd_signal_thread_init(t);
	fbsd_thread_register(t);
	fbsd_nthreads_add(1);

	uint64_t bias = fr_elf_map(path, fd, img);
	munmap((void *)file, size);
	close(fd);
	uint64_t rsp;
	uint64_t rdi = fbsd_build_stack(img, bias, execpath, argc, argv, environ, &rsp);
	if (fr_trace_mask & FR_TRACE_LOADER)
		fr_trace("[%d] loader: %s: FreeBSD %s at bias %#lx, entry %#lx, stack %#lx\n",
			 (int)getpid(), path, img->elf_type == 2 ? "ET_EXEC" : "static PIE",
			 (unsigned long)bias, (unsigned long)(img->entry + bias), (unsigned long)rsp);

	/* thr_exit of the main thread unwinds here; the process lives on. */
	if (sigsetjmp(t->exit_jmp, 1)) {
		pthread_exit(NULL);
	}
	t->guest_fs = 0;
	fr_sud_enable(t);
	fr_enter_guest(img->entry + bias, rsp, rdi);
}

int main(int argc, char **argv)
{
	const char *argv0 = NULL;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("franca %s\n", FRANCA_VERSION);
			return 0;
		} else if (!strcmp(a, "--strict")) {
			fr_strict = true;
		} else if (!strcmp(a, "--argv0")) {
			if (++i >= argc)
				fr_fatal(FR_EXIT_USAGE, NULL, "--argv0 needs a NAME");
			argv0 = argv[i];
		} else {
			fr_fatal(FR_EXIT_USAGE, NULL, "unknown option '%s' (franca --help lists them)", a);
		}
	}
	if (i >= argc)
		fr_fatal(FR_EXIT_USAGE, NULL, "no program given (usage: franca [OPTIONS] PROGRAM [ARGS...])");
	char pbuf[PATH_MAX];
	const char *path = resolve(argv[i], pbuf, sizeof(pbuf));
	char **gargv = argv + i;
	int gargc = argc - i;
	if (argv0)
		gargv[0] = (char *)argv0;
	fr_guest_path = path;
	fr_trace_init();

	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		fr_fatal(e == ENOENT || e == ENOTDIR ? FR_EXIT_NOTFOUND : FR_EXIT_NOEXEC, path, "%s",
			 strerror(e));
	}
	struct stat st;
	if (fstat(fd, &st) != 0)
		fr_fatal(FR_EXIT_NOEXEC, path, "%s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		fr_fatal(FR_EXIT_NOEXEC, path, "is a directory");
	if (!S_ISREG(st.st_mode))
		fr_fatal(FR_EXIT_NOEXEC, path, "not a regular file");
	if (access(path, X_OK) != 0)
		fr_fatal(FR_EXIT_NOEXEC, path, "permission denied (not executable)");

	size_t size = (size_t)st.st_size;
	const uint8_t *file = size ? mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0) : (const uint8_t *)"";
	if (file == MAP_FAILED)
		fr_fatal(FR_EXIT_NOEXEC, path, "cannot read: %s", strerror(errno));

	struct fr_image img;
	const char *why;
	enum fr_verdict v = fr_image_parse(file, size, &img, &why);
	if (v != FR_OK)
		fr_fatal(verdict_status(v), path, "%s", why);

	switch (img.kind) {
	case FR_KIND_ELF_FREEBSD:
		run_freebsd(path, fd, &img, file, size, gargc, gargv);
	case FR_KIND_ELF_LINUX:
	case FR_KIND_SCRIPT:
		/* Native: the host kernel runs it, with the same argv[0]. */
		execve(path, gargv, environ);
		fr_fatal(errno == ENOENT ? FR_EXIT_NOTFOUND : FR_EXIT_NOEXEC, path, "%s", strerror(errno));
	default:
		fr_fatal(FR_EXIT_INTERNAL, path, "unhandled image kind");
	}
}
