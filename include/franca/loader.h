/* Format sniffing and the ELF loader. */
#ifndef FRANCA_LOADER_H
#define FRANCA_LOADER_H

#include <stddef.h>
#include <stdint.h>

enum fr_kind {
	FR_KIND_UNKNOWN,     /* not a format franca knows */
	FR_KIND_SCRIPT,      /* #! — the host kernel runs it */
	FR_KIND_ELF_LINUX,   /* native: executed as is */
	FR_KIND_ELF_FREEBSD,
	FR_KIND_PE,
};

/* The outcome of parsing: OK, or an error class that picks the exit status. */
enum fr_verdict { FR_OK = 0, FR_BAD_CORRUPT, FR_BAD_UNSUPPORTED, FR_BAD_NOEXEC };

#define FR_ELF_MAXSEG 16

struct fr_elf_seg {
	uint64_t vaddr, memsz, offset, filesz;
	int prot;
};

struct fr_image {
	enum fr_kind kind;
	int elf_type;          /* ET_EXEC or ET_DYN */
	uint64_t entry;        /* relative to the link address */
	uint64_t phdr_vaddr;   /* where the program headers are in memory, 0 if nowhere */
	uint16_t phnum, phentsize;
	uint32_t e_flags;
	int nseg;
	struct fr_elf_seg seg[FR_ELF_MAXSEG];
	uint64_t lo, hi;       /* page-aligned span of all PT_LOADs */
	uint64_t interp_off;   /* PT_INTERP string in the file, 0 if none */
	int exec_stack;
	uint64_t tls_memsz;
};

/*
 * Classifies and checks an image held in memory; pure, so it is fuzzed.
 * On failure *why is a human-readable reason.
 */
enum fr_verdict fr_image_parse(const uint8_t *buf, size_t size, struct fr_image *img,
			       const char **why);

/* Maps a parsed FreeBSD ELF; returns the load bias. Exits on failure. */
uint64_t fr_elf_map(const char *path, int fd, const struct fr_image *img);

/* Builds FreeBSD's initial stack; returns the argc pointer (%rdi). */
uint64_t fbsd_build_stack(const struct fr_image *img, uint64_t bias, const char *execpath,
			  int argc, char **argv, char **envp, uint64_t *rsp_out);

#endif
