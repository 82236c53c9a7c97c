/*
 * termios (abi/freebsd/termios.def, termios.c): flag bits, c_cc indices,
 * character size and speeds between FreeBSD's struct termios and the
 * Linux kernel's (TCGETS).
 */
#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>

#include "franca/abi_fbsd.h"

#define HOST_CBAUD 0x100f
#define HOST_CSIZE 0x30
#define HOST_B38400 15
#define FBSD_CSIZE 0x300

/* c_iflag, c_oflag, c_cflag, c_lflag: in this order in both structures. */
enum { F_iflag, F_oflag, F_cflag, F_lflag };
#define IFLAG F_iflag
#define CFLAG F_cflag
#define LFLAG F_lflag

struct trow {
	int field;
	const char *name;
	uint32_t fbsd, host;
};

static const struct trow tflags[] = {
#define TFLAG(fl, n, f, h) {F_##fl, #n, f, h},
#define TCC(n, f, h)
#include "termios.def"
#undef TFLAG
#undef TCC
};
#define NTFLAGS (sizeof(tflags) / sizeof(tflags[0]))

static const struct {
	const char *name;
	int fbsd, host;
} tcc[] = {
#define TFLAG(fl, n, f, h)
#define TCC(n, f, h) {#n, f, h},
#include "termios.def"
#undef TFLAG
#undef TCC
};
#define NTCC (sizeof(tcc) / sizeof(tcc[0]))

static uint32_t *hfield(struct fr_ktermios *t, int i)
{
	uint32_t *f[] = {&t->c_iflag, &t->c_oflag, &t->c_cflag, &t->c_lflag};
	return f[i];
}

static uint32_t *ffield(struct fbsd_termios *t, int i)
{
	uint32_t *f[] = {&t->c_iflag, &t->c_oflag, &t->c_cflag, &t->c_lflag};
	return f[i];
}

/* ---- flag bits ---------------------------------------------------------- */

Test(termios, every_flag_row_translates_host_to_fbsd)
{
	for (size_t i = 0; i < NTFLAGS; i++) {
		const struct trow *r = &tflags[i];
		if (!r->host)
			continue;
		struct fr_ktermios h;
		struct fbsd_termios f;
		memset(&h, 0, sizeof(h));
		*hfield(&h, r->field) = r->host;
		if (r->field == CFLAG)
			h.c_cflag |= HOST_B38400;
		termios_host_to_fbsd(&h, &f);
		for (int fl = IFLAG; fl <= LFLAG; fl++) {
			uint32_t got = *ffield(&f, fl);
			if (fl == CFLAG)
				got &= ~FBSD_CSIZE;
			uint32_t want = fl == r->field ? r->fbsd : 0;
			cr_expect_eq(got, want, "%s: host %#x -> field %d = %#x, want %#x", r->name,
				     r->host, fl, got, want);
		}
		if (r->field == CFLAG) {
			cr_expect_eq(f.c_ospeed, 38400, "%s: c_ospeed", r->name);
			cr_expect_eq(f.c_ispeed, 38400, "%s: c_ispeed", r->name);
		}
	}
}

Test(termios, every_flag_row_translates_fbsd_to_host)
{
	for (size_t i = 0; i < NTFLAGS; i++) {
		const struct trow *r = &tflags[i];
		if (!r->host)
			continue;
		struct fbsd_termios f;
		struct fr_ktermios h;
		memset(&f, 0, sizeof(f));
		*ffield(&f, r->field) = r->fbsd;
		if (r->field == CFLAG)
			f.c_ispeed = f.c_ospeed = 38400;
		termios_fbsd_to_host(&f, &h);
		for (int fl = IFLAG; fl <= LFLAG; fl++) {
			uint32_t got = *hfield(&h, fl);
			if (fl == CFLAG)
				got &= ~(HOST_CBAUD | HOST_CSIZE);
			uint32_t want = fl == r->field ? r->host : 0;
			cr_expect_eq(got, want, "%s: fbsd %#x -> field %d = %#x, want %#x", r->name,
				     r->fbsd, fl, got, want);
		}
		if (r->field == CFLAG)
			cr_expect_eq(h.c_cflag & HOST_CBAUD, HOST_B38400, "%s: speed", r->name);
	}
}

/* Rows with host 0 (CIGNORE, ONOEOT, ALTWERASE, NOKERNINFO) are dropped. */
Test(termios, freebsd_only_flags_are_dropped)
{
	struct fbsd_termios f;
	struct fr_ktermios h;
	memset(&f, 0, sizeof(f));
	for (size_t i = 0; i < NTFLAGS; i++)
		if (!tflags[i].host)
			*ffield(&f, tflags[i].field) |= tflags[i].fbsd;
	termios_fbsd_to_host(&f, &h);
	cr_expect_eq(h.c_iflag, 0);
	cr_expect_eq(h.c_oflag, 0);
	cr_expect_eq(h.c_cflag, 0);
	cr_expect_eq(h.c_lflag, 0);
}

/* FreeBSD's CRTSCTS is two bits; it needs both to mean Linux CRTSCTS. */
Test(termios, crtscts_is_both_freebsd_flow_bits)
{
	struct fbsd_termios f;
	struct fr_ktermios h;
	memset(&f, 0, sizeof(f));
	f.c_cflag = 0x10000; /* CCTS_OFLOW only */
	termios_fbsd_to_host(&f, &h);
	cr_expect_eq(h.c_cflag & 0x80000000u, 0);
	f.c_cflag = 0x30000;
	termios_fbsd_to_host(&f, &h);
	cr_expect_eq(h.c_cflag & 0x80000000u, 0x80000000u);
}

Test(termios_def, no_freebsd_or_host_bit_used_twice_in_a_field)
{
	for (size_t i = 0; i < NTFLAGS; i++)
		for (size_t j = i + 1; j < NTFLAGS; j++) {
			if (tflags[i].field != tflags[j].field)
				continue;
			cr_expect_eq(tflags[i].fbsd & tflags[j].fbsd, 0, "%s/%s", tflags[i].name,
				     tflags[j].name);
			cr_expect_eq(tflags[i].host & tflags[j].host, 0, "%s/%s", tflags[i].name,
				     tflags[j].name);
		}
}

/* Flag rows must stay clear of the CSIZE and speed fields of c_cflag. */
Test(termios_def, cflag_rows_avoid_csize_and_cbaud)
{
	for (size_t i = 0; i < NTFLAGS; i++) {
		if (tflags[i].field != CFLAG)
			continue;
		cr_expect_eq(tflags[i].fbsd & FBSD_CSIZE, 0, "%s", tflags[i].name);
		cr_expect_eq(tflags[i].host & (HOST_CSIZE | HOST_CBAUD), 0, "%s", tflags[i].name);
	}
}

/* ---- c_cc --------------------------------------------------------------- */

Test(termios, every_cc_index_translates_both_ways)
{
	for (size_t i = 0; i < NTCC; i++) {
		uint8_t v = (uint8_t)(0x41 + i);
		struct fr_ktermios h;
		struct fbsd_termios f;

		memset(&h, 0, sizeof(h));
		h.c_cc[tcc[i].host] = v;
		termios_host_to_fbsd(&h, &f);
		cr_expect_eq(f.c_cc[tcc[i].fbsd], v, "%s: host [%d] -> fbsd [%d]", tcc[i].name,
			     tcc[i].host, tcc[i].fbsd);

		memset(&f, 0, sizeof(f));
		f.c_cc[tcc[i].fbsd] = v;
		termios_fbsd_to_host(&f, &h);
		cr_expect_eq(h.c_cc[tcc[i].host], v, "%s: fbsd [%d] -> host [%d]", tcc[i].name,
			     tcc[i].fbsd, tcc[i].host);
		for (int k = 0; k < 19; k++)
			if (k != tcc[i].host)
				cr_expect_eq(h.c_cc[k], 0, "%s: host [%d] also set", tcc[i].name, k);
	}
}

Test(termios_def, cc_indices_are_unique_and_in_range)
{
	int fseen[FBSD_NCCS] = {0}, hseen[19] = {0};
	for (size_t i = 0; i < NTCC; i++) {
		cr_assert(tcc[i].fbsd >= 0 && tcc[i].fbsd < FBSD_NCCS, "%s", tcc[i].name);
		cr_assert(tcc[i].host >= 0 && tcc[i].host < 19, "%s", tcc[i].name);
		fseen[tcc[i].fbsd]++;
		hseen[tcc[i].host]++;
	}
	for (int k = 0; k < FBSD_NCCS; k++)
		cr_expect(fseen[k] <= 1, "FreeBSD c_cc[%d] listed %d times", k, fseen[k]);
	for (int k = 0; k < 19; k++)
		cr_expect(hseen[k] <= 1, "Linux c_cc[%d] listed %d times", k, hseen[k]);
}

/* VERASE2, VDSUSP and VSTATUS have no Linux slot: _POSIX_VDISABLE. */
Test(termios, freebsd_only_cc_slots_are_disabled)
{
	struct fr_ktermios h;
	struct fbsd_termios f;
	memset(&h, 0, sizeof(h));
	termios_host_to_fbsd(&h, &f);
	cr_expect_eq(f.c_cc[7], 0xff);
	cr_expect_eq(f.c_cc[11], 0xff);
	cr_expect_eq(f.c_cc[18], 0xff);
}

/* ---- character size and speed ------------------------------------------ */

Test(termios, character_size_translates_both_ways)
{
	for (uint32_t cs = 0; cs < 4; cs++) { /* CS5..CS8 */
		struct fr_ktermios h;
		struct fbsd_termios f;
		memset(&h, 0, sizeof(h));
		h.c_cflag = cs << 4 | HOST_B38400;
		termios_host_to_fbsd(&h, &f);
		cr_expect_eq(f.c_cflag, cs << 8, "CS%u host -> fbsd", 5 + cs);

		memset(&f, 0, sizeof(f));
		f.c_cflag = cs << 8;
		f.c_ospeed = 38400;
		termios_fbsd_to_host(&f, &h);
		cr_expect_eq(h.c_cflag, cs << 4 | HOST_B38400, "CS%u fbsd -> host", 5 + cs);
	}
}

Test(termios, cs8_translates_both_ways)
{
	struct fr_ktermios h;
	struct fbsd_termios f;
	memset(&h, 0, sizeof(h));
	h.c_cflag = 0x30; /* Linux CS8 */
	termios_host_to_fbsd(&h, &f);
	cr_expect_eq(f.c_cflag & FBSD_CSIZE, 0x300);

	memset(&f, 0, sizeof(f));
	f.c_cflag = 0x300; /* FreeBSD CS8 */
	termios_fbsd_to_host(&f, &h);
	cr_expect_eq(h.c_cflag & HOST_CSIZE, 0x30);
}

Test(termios, speed_codes_translate_both_ways)
{
	cr_expect_eq(speed_code_to_baud(13), 9600);
	cr_expect_eq(speed_code_to_baud(15), 38400);
	cr_expect_eq(speed_code_to_baud(0x1002), 115200);
	cr_expect_eq(speed_code_to_baud(0), 0);
	cr_expect_eq(speed_baud_to_code(9600), 13);
	cr_expect_eq(speed_baud_to_code(38400), 15);
	cr_expect_eq(speed_baud_to_code(115200), 0x1002);
	cr_expect_eq(speed_baud_to_code(0), 0);
}

Test(termios, speed_codes_round_trip_for_every_linux_rate)
{
	uint32_t codes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
			    0x1001, 0x1002, 0x1003, 0x1004, 0x1005, 0x1006, 0x1007, 0x1008,
			    0x1009, 0x100a, 0x100b, 0x100c, 0x100d, 0x100e, 0x100f};
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		uint32_t baud = speed_code_to_baud(codes[i]);
		cr_expect_neq(baud, 0, "code %#x", codes[i]);
		cr_expect_eq(speed_baud_to_code(baud), codes[i], "code %#x", codes[i]);
	}
}

Test(termios, unknown_rates_fall_back)
{
	cr_expect_eq(speed_baud_to_code(7200), 15); /* FreeBSD-only B7200: B38400 */
	cr_expect_eq(speed_code_to_baud(0x100), 0);
}

Test(termios, speed_is_carried_in_the_struct_both_ways)
{
	struct fr_ktermios h;
	struct fbsd_termios f;
	memset(&h, 0, sizeof(h));
	h.c_cflag = 13; /* B9600 */
	termios_host_to_fbsd(&h, &f);
	cr_expect_eq(f.c_ispeed, 9600);
	cr_expect_eq(f.c_ospeed, 9600);

	memset(&f, 0, sizeof(f));
	f.c_ispeed = f.c_ospeed = 115200;
	termios_fbsd_to_host(&f, &h);
	cr_expect_eq(h.c_cflag & HOST_CBAUD, 0x1002);
}

/* ---- whole structures ----------------------------------------------------- */

/* The Linux kernel's tty_std_termios: what a fresh terminal looks like. */
static struct fr_ktermios cooked_host(void)
{
	struct fr_ktermios h;
	memset(&h, 0, sizeof(h));
	h.c_iflag = 0x100 | 0x400 | 0x2 | 0x2000;  /* ICRNL IXON BRKINT IMAXBEL */
	h.c_oflag = 0x1 | 0x4;                     /* OPOST ONLCR */
	h.c_cflag = HOST_B38400 | 0x30 | 0x80 | 0x400; /* B38400 CS8 CREAD HUPCL */
	h.c_lflag = 0x1 | 0x2 | 0x8 | 0x10 | 0x20 | 0x200 | 0x800 | 0x8000;
	/* ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN */
	static const uint8_t cc[19] = {
		003, 034, 0177, 025, 004, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0,
	};
	memcpy(h.c_cc, cc, sizeof(cc));
	return h;
}

Test(termios, cooked_mode_as_freebsd_sees_it)
{
	struct fr_ktermios h = cooked_host();
	struct fbsd_termios f;
	termios_host_to_fbsd(&h, &f);
	cr_expect_eq(f.c_iflag, 0x100 | 0x200 | 0x2 | 0x2000);
	cr_expect_eq(f.c_oflag, 0x1 | 0x2);
	cr_expect_eq(f.c_cflag, 0x300 | 0x800 | 0x4000);
	cr_expect_eq(f.c_lflag, 0x80 | 0x100 | 0x8 | 0x2 | 0x4 | 0x40 | 0x1 | 0x400);
	cr_expect_eq(f.c_cc[8], 003);   /* VINTR */
	cr_expect_eq(f.c_cc[9], 034);   /* VQUIT */
	cr_expect_eq(f.c_cc[3], 0177);  /* VERASE */
	cr_expect_eq(f.c_cc[5], 025);   /* VKILL */
	cr_expect_eq(f.c_cc[0], 004);   /* VEOF */
	cr_expect_eq(f.c_cc[10], 032);  /* VSUSP */
	cr_expect_eq(f.c_cc[16], 1);    /* VMIN */
	cr_expect_eq(f.c_cc[17], 0);    /* VTIME */
	cr_expect_eq(f.c_ispeed, 38400);
	cr_expect_eq(f.c_ospeed, 38400);
}

Test(termios, cooked_mode_round_trips_host_fbsd_host)
{
	struct fr_ktermios h = cooked_host(), back;
	struct fbsd_termios f;
	termios_host_to_fbsd(&h, &f);
	memset(&back, 0xa5, sizeof(back));
	termios_fbsd_to_host(&f, &back);
	cr_expect_eq(back.c_iflag, h.c_iflag);
	cr_expect_eq(back.c_oflag, h.c_oflag);
	cr_expect_eq(back.c_cflag, h.c_cflag);
	cr_expect_eq(back.c_lflag, h.c_lflag);
	cr_expect_eq(back.c_line, h.c_line);
	cr_expect(memcmp(back.c_cc, h.c_cc, sizeof(h.c_cc)) == 0, "c_cc differs");
}

/* A raw-mode edit made on the FreeBSD side comes back as the Linux edit. */
Test(termios, raw_mode_edit_round_trips_fbsd_host_fbsd)
{
	struct fr_ktermios h = cooked_host(), back;
	struct fbsd_termios f, f2;
	termios_host_to_fbsd(&h, &f);
	/* a raw-mode edit: no input mapping, no OPOST, no echo or signals */
	f.c_iflag &= ~(0x1u | 0x2 | 0x8 | 0x20 | 0x40 | 0x80 | 0x100 | 0x200);
	f.c_oflag &= ~0x1u;
	f.c_lflag &= ~(0x8u | 0x10 | 0x100 | 0x80 | 0x400);
	f.c_cc[16] = 1;
	f.c_cc[17] = 0;
	termios_fbsd_to_host(&f, &back);
	cr_expect_eq(back.c_iflag, 0x2000u);       /* IMAXBEL left */
	cr_expect_eq(back.c_oflag, 0x4u);          /* ONLCR left */
	cr_expect_eq(back.c_lflag & (0x1 | 0x2 | 0x8 | 0x8000), 0);
	termios_host_to_fbsd(&back, &f2);
	cr_expect_eq(f2.c_iflag, f.c_iflag);
	cr_expect_eq(f2.c_oflag, f.c_oflag);
	cr_expect_eq(f2.c_cflag, f.c_cflag);
	cr_expect_eq(f2.c_lflag, f.c_lflag);
	cr_expect(memcmp(f2.c_cc, f.c_cc, sizeof(f.c_cc)) == 0, "c_cc differs");
	cr_expect_eq(f2.c_ospeed, f.c_ospeed);
}
