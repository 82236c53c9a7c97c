package main

// FreeBSD: struct termios (sys/sys/_termios.h, 44 bytes) and the tty
// ioctl requests of sys/sys/ttycom.h.

const (
	reqGetAttr  = 0x402c7413 // TIOCGETA
	reqSetAttr  = 0x802c7414 // TIOCSETA
	reqGetWinsz = 0x40087468 // TIOCGWINSZ
	reqSetWinsz = 0x80087467 // TIOCSWINSZ
	reqGetPgrp  = 0x40047477 // TIOCGPGRP

	flagICANON = 0x100
	flagECHO   = 0x8
	flagISIG   = 0x80
	flagICRNL  = 0x100
	flagOPOST  = 0x1
	flagONLCR  = 0x2
	flagCS8    = 0x300
	flagCREAD  = 0x800

	ccVEOF   = 0
	ccVERASE = 3
	ccVINTR  = 8
	ccVMIN   = 16
	ccVTIME  = 17
)

type termios struct {
	Iflag, Oflag, Cflag, Lflag uint32
	Cc                         [20]uint8
	Ispeed, Ospeed             uint32
}

func (t *termios) iflag() uint32        { return t.Iflag }
func (t *termios) oflag() uint32        { return t.Oflag }
func (t *termios) cflag() uint32        { return t.Cflag }
func (t *termios) lflag() uint32        { return t.Lflag }
func (t *termios) setLflag(v uint32)    { t.Lflag = v }
func (t *termios) cc(i int) uint8       { return t.Cc[i] }
func (t *termios) setCc(i int, v uint8) { t.Cc[i] = v }
func (t *termios) speed() uint32 {
	if t.Ispeed != t.Ospeed {
		return 0
	}
	return t.Ispeed
}

// same compares the fields both systems have.
func (t *termios) same(u *termios) bool {
	return *t == *u
}
