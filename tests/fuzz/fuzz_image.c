/* libFuzzer target: the format sniffer and ELF validator (loader/image.c). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "franca/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fr_image img;
	const char *why = NULL;
	enum fr_verdict v = fr_image_parse(data, size, &img, &why);
	/* Every rejection explains itself; every acceptance is self-consistent. */
	if (v != FR_OK && (!why || !*why))
		__builtin_trap();
	if (v == FR_OK && img.kind == FR_KIND_ELF_FREEBSD) {
		if (img.nseg < 1 || img.nseg > FR_ELF_MAXSEG || img.lo > img.hi)
			__builtin_trap();
		for (int i = 0; i < img.nseg; i++) {
			const struct fr_elf_seg *s = &img.seg[i];
			if (s->filesz > s->memsz || s->offset + s->filesz > size)
				__builtin_trap();
			if (i && s->vaddr < img.seg[i - 1].vaddr + img.seg[i - 1].memsz)
				__builtin_trap();
		}
		if (img.interp_off && memchr(data + img.interp_off, 0, size - img.interp_off) == NULL)
			__builtin_trap();
	}
	return 0;
}
