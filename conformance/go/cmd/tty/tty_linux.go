package main

// Linux: the kernel's struct termios (asm-generic/termbits.h) as TCGETS
// and TCSETS read and write it, and the tty ioctl requests.

const (
	reqGetAttr  = 0x5401 // TCGETS
	reqSetAttr  = 0x5402 // TCSETS
	reqGetWinsz = 0x5413 // TIOCGWINSZ
	reqSetWinsz = 0x5414 // TIOCSWINSZ
	reqGetPgrp  = 0x540f // TIOCGPGRP

	flagICANON = 0x2
	flagECHO   = 0x8
	flagISIG   = 0x1
	flagICRNL  = 0x100
	flagOPOST  = 0x1
	flagONLCR  = 0x4
	flagCS8    = 0x30
	flagCREAD  = 0x80

	ccVINTR  = 0
	ccVERASE = 2
	ccVEOF   = 4
	ccVTIME  = 5
	ccVMIN   = 6
)

type termios struct {
	Iflag, Oflag, Cflag, Lflag uint32
	Line                       uint8
	Cc                         [19]uint8
}

func (t *termios) iflag() uint32        { return t.Iflag }
func (t *termios) oflag() uint32        { return t.Oflag }
func (t *termios) cflag() uint32        { return t.Cflag }
func (t *termios) lflag() uint32        { return t.Lflag }
func (t *termios) setLflag(v uint32)    { t.Lflag = v }
func (t *termios) cc(i int) uint8       { return t.Cc[i] }
func (t *termios) setCc(i int, v uint8) { t.Cc[i] = v }

// speed decodes the CBAUD bits of c_cflag.
func (t *termios) speed() uint32 {
	switch t.Cflag & 0x100f {
	case 0xd:
		return 9600
	case 0xe:
		return 19200
	case 0xf:
		return 38400
	case 0x1001:
		return 57600
	case 0x1002:
		return 115200
	}
	return 0
}

// same compares the fields both systems have.
func (t *termios) same(u *termios) bool {
	return t.Iflag == u.Iflag && t.Oflag == u.Oflag && t.Cflag == u.Cflag && t.Lflag == u.Lflag && t.Cc == u.Cc
}
