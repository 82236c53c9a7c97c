/* Mapping a validated ELF image into franca's address space. */
#include <errno.h>
#include <string.h>
#include <elf.h>
#include <sys/mman.h>

#include "franca/franca.h"
#include "franca/loader.h"

static int host_prot(int p)
{
	return (p & 1 ? PROT_READ : 0) | (p & 2 ? PROT_WRITE : 0) | (p & 4 ? PROT_EXEC : 0);
}

/*
 * The whole span is reserved first with MAP_FIXED_NOREPLACE, so an image
 * that would land on franca's own mappings is refused instead of silently
 * overwriting them; the segments are then mapped inside the reservation.
 */
uint64_t fr_elf_map(const char *path, int fd, const struct fr_image *img)
{
	uint64_t span = img->hi - img->lo;
	void *want = img->elf_type == ET_EXEC ? (void *)img->lo : NULL;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	if (img->elf_type == ET_EXEC)
		flags |= MAP_FIXED_NOREPLACE;
	void *base = mmap(want, span, PROT_NONE, flags, -1, 0);
	if (base == MAP_FAILED) {
		if (errno == EEXIST)
			fr_fatal(FR_EXIT_HOST, path,
				 "its address range %#lx-%#lx is already taken in franca's address space",
				 (unsigned long)img->lo, (unsigned long)img->hi);
		fr_fatal(FR_EXIT_HOST, path, "cannot reserve %lu bytes: %s", (unsigned long)span,
			 strerror(errno));
	}
	if (img->elf_type == ET_EXEC && base != want)
		fr_fatal(FR_EXIT_HOST, path, "the kernel would not place it at %#lx", (unsigned long)img->lo);
	uint64_t bias = (uint64_t)base - img->lo;

	for (int i = 0; i < img->nseg; i++) {
		const struct fr_elf_seg *s = &img->seg[i];
		uint64_t start = FR_PAGE_DOWN(s->vaddr) + bias;
		uint64_t file_end = s->vaddr + s->filesz + bias;
		uint64_t mem_end = FR_PAGE_UP(s->vaddr + s->memsz) + bias;
		int prot = host_prot(s->prot);
		if (s->filesz) {
			uint64_t len = FR_PAGE_UP(file_end) - start;
			if (mmap((void *)start, len, prot | (s->memsz > s->filesz ? PROT_WRITE : 0),
				 MAP_PRIVATE | MAP_FIXED, fd, (off_t)FR_PAGE_DOWN(s->offset)) == MAP_FAILED)
				fr_fatal(FR_EXIT_HOST, path, "cannot map segment %d: %s", i, strerror(errno));
			/* The rest of the last file page belongs to .bss. */
			if (s->memsz > s->filesz && FR_PAGE_UP(file_end) > file_end)
				memset((void *)file_end, 0, FR_PAGE_UP(file_end) - file_end);
			if (s->memsz > s->filesz && !(prot & PROT_WRITE))
				mprotect((void *)start, len, prot);
			start = FR_PAGE_UP(file_end);
		}
		if (mem_end > start &&
		    mmap((void *)start, mem_end - start, prot, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS,
			 -1, 0) == MAP_FAILED)
			fr_fatal(FR_EXIT_HOST, path, "cannot map segment %d: %s", i, strerror(errno));
	}
	return bias;
}
