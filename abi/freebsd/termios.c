/* termios between FreeBSD's struct termios and Linux's kernel termios. */
#include <string.h>

#include "franca/abi_fbsd.h"

struct tflag {
	int field; /* 0 iflag, 1 oflag, 2 cflag, 3 lflag */
	uint32_t fbsd, host;
};

#define F_iflag 0
#define F_oflag 1
#define F_cflag 2
#define F_lflag 3
static const struct tflag tflags[] = {
#define TFLAG(fl, n, f, h) {F_##fl, f, h},
#define TCC(n, f, h)
#include "termios.def"
#undef TFLAG
#undef TCC
};

static const struct {
	uint8_t fbsd, host;
} tcc[] = {
#define TFLAG(fl, n, f, h)
#define TCC(n, f, h) {f, h},
#include "termios.def"
#undef TFLAG
#undef TCC
};

/* Linux Bnnn codes (CBAUD field of c_cflag) and their rates. */
static const uint32_t bauds[][2] = {
	{0, 0}, {1, 50}, {2, 75}, {3, 110}, {4, 134}, {5, 150}, {6, 200},
	{7, 300}, {8, 600}, {9, 1200}, {10, 1800}, {11, 2400}, {12, 4800},
	{13, 9600}, {14, 19200}, {15, 38400}, {0x1001, 57600},
	{0x1002, 115200}, {0x1003, 230400}, {0x1004, 460800},
	{0x1005, 500000}, {0x1006, 576000}, {0x1007, 921600},
	{0x1008, 1000000}, {0x1009, 1152000}, {0x100a, 1500000},
	{0x100b, 2000000}, {0x100c, 2500000}, {0x100d, 3000000},
	{0x100e, 3500000}, {0x100f, 4000000},
};
#define HOST_CBAUD 0x100f
#define HOST_CSIZE 0x30
#define FBSD_CSIZE 0x300

uint32_t speed_code_to_baud(uint32_t code)
{
	for (size_t i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++)
		if (bauds[i][0] == code)
			return bauds[i][1];
	return 0;
}

uint32_t speed_baud_to_code(uint32_t baud)
{
	for (size_t i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++)
		if (bauds[i][1] == baud)
			return bauds[i][0];
	return 15; /* B38400, the Linux default for unknown rates */
}

void termios_host_to_fbsd(const struct fr_ktermios *h, struct fbsd_termios *f)
{
	const uint32_t *in = &h->c_iflag;
	uint32_t *out = &f->c_iflag;
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < sizeof(tflags) / sizeof(tflags[0]); i++)
		if (tflags[i].host && (in[tflags[i].field] & tflags[i].host) == tflags[i].host)
			out[tflags[i].field] |= tflags[i].fbsd;
	/* CS5..CS8 are 0..3 in both, shifted by 4 on Linux and 8 on FreeBSD. */
	f->c_cflag |= ((h->c_cflag & HOST_CSIZE) >> 4) << 8;
	for (size_t i = 0; i < sizeof(tcc) / sizeof(tcc[0]); i++)
		f->c_cc[tcc[i].fbsd] = h->c_cc[tcc[i].host];
	f->c_cc[7] = 0xff;  /* VERASE2: _POSIX_VDISABLE */
	f->c_cc[11] = 0xff; /* VDSUSP */
	f->c_cc[18] = 0xff; /* VSTATUS */
	f->c_ispeed = f->c_ospeed = speed_code_to_baud(h->c_cflag & HOST_CBAUD);
}

void termios_fbsd_to_host(const struct fbsd_termios *f, struct fr_ktermios *h)
{
	const uint32_t *in = &f->c_iflag;
	uint32_t *out = &h->c_iflag;
	memset(h, 0, sizeof(*h));
	for (size_t i = 0; i < sizeof(tflags) / sizeof(tflags[0]); i++)
		if (tflags[i].host && (in[tflags[i].field] & tflags[i].fbsd) == tflags[i].fbsd)
			out[tflags[i].field] |= tflags[i].host;
	h->c_cflag |= ((f->c_cflag & FBSD_CSIZE) >> 8) << 4;
	for (size_t i = 0; i < sizeof(tcc) / sizeof(tcc[0]); i++)
		h->c_cc[tcc[i].host] = f->c_cc[tcc[i].fbsd];
	h->c_cflag |= speed_baud_to_code(f->c_ospeed);
}
