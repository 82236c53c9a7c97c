/*
 * Format sniffing and ELF validation.  Everything here reads a buffer and
 * nothing else, so that a fuzzer can drive it: a corrupt image must come
 * back as a verdict with a reason, never as a crash.
 */
#include <elf.h>
#include <string.h>

#include "franca/franca.h"
#include "franca/loader.h"

#define ELFOSABI_FREEBSD_ 9
#define NT_FREEBSD_ABI_TAG 1
#define USER_TOP 0x800000000000ULL
#define MAX_SPAN (1ULL << 40)

static const char *machine_name(unsigned m)
{
	switch (m) {
	case EM_386: return "i386";
	case EM_ARM: return "32-bit ARM";
	case EM_AARCH64: return "ARM64";
	case EM_RISCV: return "RISC-V";
	case EM_PPC64: return "POWER";
	case EM_MIPS: return "MIPS";
	case EM_SPARCV9: return "SPARC";
	case EM_S390: return "s390";
	case EM_LOONGARCH: return "LoongArch";
	default: return NULL;
	}
}

static const char *osabi_name(unsigned o)
{
	switch (o) {
	case ELFOSABI_NETBSD: return "NetBSD";
	case ELFOSABI_SOLARIS: return "Solaris/illumos";
	case ELFOSABI_OPENBSD: return "OpenBSD";
	case ELFOSABI_AIX: return "AIX";
	case ELFOSABI_IRIX: return "IRIX";
	case ELFOSABI_TRU64: return "Tru64";
	case ELFOSABI_MODESTO: return "Novell Modesto";
	case ELFOSABI_HPUX: return "HP-UX";
	default: return NULL;
	}
}

/* Looks through PT_NOTE segments for an OS tag: "FreeBSD", "NetBSD"... */
static const char *note_os(const uint8_t *buf, size_t size, const Elf64_Phdr *ph, int phnum)
{
	for (int i = 0; i < phnum; i++) {
		if (ph[i].p_type != PT_NOTE)
			continue;
		uint64_t off = ph[i].p_offset, end = off + ph[i].p_filesz;
		if (end < off || end > size)
			continue;
		while (off + sizeof(Elf64_Nhdr) <= end) {
			const Elf64_Nhdr *n = (const void *)(buf + off);
			uint64_t name = off + sizeof(*n);
			uint64_t desc = name + ((n->n_namesz + 3ULL) & ~3ULL);
			uint64_t next = desc + ((n->n_descsz + 3ULL) & ~3ULL);
			if (next > end || next <= off)
				break;
			static const char *const oses[] = {"FreeBSD", "NetBSD", "OpenBSD", "DragonFly"};
			for (size_t k = 0; k < FR_ARRAY_LEN(oses); k++) {
				size_t len = strlen(oses[k]) + 1;
				if (n->n_namesz == len && memcmp(buf + name, oses[k], len) == 0 &&
				    (k != 0 || n->n_type == NT_FREEBSD_ABI_TAG))
					return oses[k];
			}
			off = next;
		}
	}
	return NULL;
}

static enum fr_verdict parse_pe(const uint8_t *buf, size_t size, const char **why)
{
	if (size < 0x40) {
		*why = "truncated MZ header";
		return FR_BAD_CORRUPT;
	}
	uint32_t pe = (uint32_t)buf[0x3c] | (uint32_t)buf[0x3d] << 8 |
		      (uint32_t)buf[0x3e] << 16 | (uint32_t)buf[0x3f] << 24;
	if ((uint64_t)pe + 6 > size || memcmp(buf + pe, "PE\0\0", 4) != 0) {
		*why = "an MS-DOS program (no PE header), which franca does not run";
		return FR_BAD_UNSUPPORTED;
	}
	unsigned machine = buf[pe + 4] | buf[pe + 5] << 8;
	if (machine == 0x8664)
		*why = "a Windows x64 program: the win32 personality is not built yet";
	else if (machine == 0x14c)
		*why = "a 32-bit Windows program, which franca does not run";
	else if (machine == 0xaa64)
		*why = "a Windows ARM64 program, which franca does not run";
	else
		*why = "a Windows program for an unsupported machine";
	return FR_BAD_UNSUPPORTED;
}

enum fr_verdict fr_image_parse(const uint8_t *buf, size_t size, struct fr_image *img,
			       const char **why)
{
	memset(img, 0, sizeof(*img));
	*why = NULL;
	if (size == 0) {
		*why = "empty file";
		return FR_BAD_NOEXEC;
	}
	if (size >= 2 && buf[0] == '#' && buf[1] == '!') {
		img->kind = FR_KIND_SCRIPT;
		return FR_OK;
	}
	if (size >= 2 && buf[0] == 'M' && buf[1] == 'Z') {
		img->kind = FR_KIND_PE;
		return parse_pe(buf, size, why);
	}
	if (size < 4 || memcmp(buf, ELFMAG, SELFMAG) != 0) {
		*why = "not an executable format franca knows (neither ELF, PE nor a #! script)";
		return FR_BAD_NOEXEC;
	}
	if (size < EI_NIDENT) {
		*why = "truncated ELF header";
		return FR_BAD_CORRUPT;
	}
	if (buf[EI_CLASS] == ELFCLASS32) {
		*why = "a 32-bit ELF program; franca runs 64-bit x86-64 programs only";
		return FR_BAD_UNSUPPORTED;
	}
	if (buf[EI_CLASS] != ELFCLASS64) {
		*why = "bad ELF class";
		return FR_BAD_CORRUPT;
	}
	if (buf[EI_DATA] != ELFDATA2LSB) {
		*why = buf[EI_DATA] == ELFDATA2MSB ? "a big-endian ELF program, which franca does not run"
						   : "bad ELF data encoding";
		return buf[EI_DATA] == ELFDATA2MSB ? FR_BAD_UNSUPPORTED : FR_BAD_CORRUPT;
	}
	if (size < sizeof(Elf64_Ehdr)) {
		*why = "truncated ELF header";
		return FR_BAD_CORRUPT;
	}
	const Elf64_Ehdr *eh = (const void *)buf;
	if (eh->e_machine != EM_X86_64) {
		const char *m = machine_name(eh->e_machine);
		*why = m ? m : "an ELF program for a machine other than x86-64";
		if (m) {
			static char msg[96];
			strcpy(msg, "an ELF program for ");
			strcat(msg, m);
			strcat(msg, ", not x86-64");
			*why = msg;
		}
		return FR_BAD_UNSUPPORTED;
	}
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) {
		*why = eh->e_type == ET_REL ? "a relocatable object file, not a program"
		       : eh->e_type == ET_CORE ? "a core dump, not a program"
					       : "bad ELF type";
		return eh->e_type == ET_REL || eh->e_type == ET_CORE ? FR_BAD_NOEXEC : FR_BAD_CORRUPT;
	}
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 || eh->e_phnum > 512) {
		*why = "bad program header table";
		return FR_BAD_CORRUPT;
	}
	if (eh->e_phoff > size || (size - eh->e_phoff) / sizeof(Elf64_Phdr) < eh->e_phnum) {
		*why = "truncated: program headers lie past the end of the file";
		return FR_BAD_CORRUPT;
	}
	if (eh->e_phoff % 8) {
		*why = "misaligned program header table";
		return FR_BAD_CORRUPT;
	}
	const Elf64_Phdr *ph = (const void *)(buf + eh->e_phoff);
	int phnum = eh->e_phnum;

	/* Which OS is this for? */
	unsigned osabi = buf[EI_OSABI];
	const char *os = note_os(buf, size, ph, phnum);
	if (osabi == ELFOSABI_FREEBSD_ || (os && strcmp(os, "FreeBSD") == 0)) {
		img->kind = FR_KIND_ELF_FREEBSD;
	} else if (os) {
		static char msg[96];
		strcpy(msg, "an ELF program for ");
		strcat(msg, os);
		strcat(msg, ", which franca does not run");
		*why = msg;
		return FR_BAD_UNSUPPORTED;
	} else if (osabi == ELFOSABI_SYSV || osabi == ELFOSABI_GNU) {
		img->kind = FR_KIND_ELF_LINUX;
		return FR_OK; /* the host kernel checks its own programs */
	} else {
		static char msg[96];
		const char *n = osabi_name(osabi);
		strcpy(msg, "an ELF program for ");
		strcat(msg, n ? n : "an unknown OS");
		strcat(msg, ", which franca does not run");
		*why = msg;
		return FR_BAD_UNSUPPORTED;
	}

	img->elf_type = eh->e_type;
	img->entry = eh->e_entry;
	img->phnum = eh->e_phnum;
	img->phentsize = eh->e_phentsize;
	img->e_flags = eh->e_flags;
	img->lo = UINT64_MAX;
	uint64_t prev_end = 0;
	for (int i = 0; i < phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		switch (p->p_type) {
		case PT_LOAD:
			break;
		case PT_INTERP:
			if (p->p_filesz < 2 || p->p_filesz > 4096 || p->p_offset > size ||
			    size - p->p_offset < p->p_filesz || buf[p->p_offset + p->p_filesz - 1] != 0) {
				*why = "bad PT_INTERP";
				return FR_BAD_CORRUPT;
			}
			img->interp_off = p->p_offset;
			continue;
		case PT_PHDR:
			img->phdr_vaddr = p->p_vaddr;
			continue;
		case PT_GNU_STACK:
			img->exec_stack = (p->p_flags & PF_X) != 0;
			continue;
		case PT_TLS:
			if (p->p_memsz > (1ULL << 30) || p->p_filesz > p->p_memsz) {
				*why = "bad PT_TLS";
				return FR_BAD_CORRUPT;
			}
			img->tls_memsz = p->p_memsz;
			continue;
		default:
			continue;
		}
		if (p->p_memsz == 0)
			continue;
		if (img->nseg == FR_ELF_MAXSEG) {
			*why = "too many loadable segments";
			return FR_BAD_CORRUPT;
		}
		if (p->p_filesz > p->p_memsz) {
			*why = "a segment's file size exceeds its memory size";
			return FR_BAD_CORRUPT;
		}
		if (p->p_memsz > MAX_SPAN || p->p_vaddr >= USER_TOP ||
		    USER_TOP - p->p_vaddr < p->p_memsz) {
			*why = "absurd segment size or address";
			return FR_BAD_CORRUPT;
		}
		if (p->p_offset > size || size - p->p_offset < p->p_filesz) {
			*why = "truncated: a segment extends past the end of the file";
			return FR_BAD_CORRUPT;
		}
		if ((p->p_vaddr - p->p_offset) % FR_PAGE) {
			*why = "a segment's address and file offset disagree modulo the page size";
			return FR_BAD_CORRUPT;
		}
		if (img->nseg && p->p_vaddr < prev_end) {
			*why = "overlapping or unsorted loadable segments";
			return FR_BAD_CORRUPT;
		}
		prev_end = p->p_vaddr + p->p_memsz;
		struct fr_elf_seg *s = &img->seg[img->nseg++];
		s->vaddr = p->p_vaddr;
		s->memsz = p->p_memsz;
		s->offset = p->p_offset;
		s->filesz = p->p_filesz;
		s->prot = (p->p_flags & PF_R ? 1 : 0) | (p->p_flags & PF_W ? 2 : 0) |
			  (p->p_flags & PF_X ? 4 : 0);
		if (FR_PAGE_DOWN(s->vaddr) < img->lo)
			img->lo = FR_PAGE_DOWN(s->vaddr);
		if (FR_PAGE_UP(s->vaddr + s->memsz) > img->hi)
			img->hi = FR_PAGE_UP(s->vaddr + s->memsz);
	}
	if (img->nseg == 0) {
		*why = "no loadable segments";
		return FR_BAD_CORRUPT;
	}
	if (img->hi - img->lo > MAX_SPAN) {
		*why = "absurd image size";
		return FR_BAD_CORRUPT;
	}
	int entry_ok = 0;
	for (int i = 0; i < img->nseg; i++)
		if ((img->seg[i].prot & 4) && img->entry >= img->seg[i].vaddr &&
		    img->entry < img->seg[i].vaddr + img->seg[i].memsz)
			entry_ok = 1;
	if (!entry_ok) {
		*why = "the entry point lies outside every executable segment";
		return FR_BAD_CORRUPT;
	}
	/* Where do the program headers land?  AT_PHDR needs it. */
	if (!img->phdr_vaddr) {
		for (int i = 0; i < img->nseg; i++) {
			const struct fr_elf_seg *s = &img->seg[i];
			if (eh->e_phoff >= s->offset && eh->e_phoff - s->offset < s->filesz)
				img->phdr_vaddr = s->vaddr + (eh->e_phoff - s->offset);
		}
	}
	return FR_OK;
}
