package main

import (
	"encoding/binary"
	"errors"
	"syscall"
	"unsafe"
)

func passCreds(s, r int) (pid, uid, gid int, err error) {
	one := 1
	syscall.SetsockoptInt(r, 0, 2 /* LOCAL_CREDS */, one)
	// An SCM_CREDS message with an empty struct cmsgcred: the kernel fills it in.
	const hdr, body = 16, 84
	oob := make([]byte, hdr+body+4)
	binary.LittleEndian.PutUint32(oob[0:], hdr+body)
	binary.LittleEndian.PutUint32(oob[4:], 0xffff) // SOL_SOCKET
	binary.LittleEndian.PutUint32(oob[8:], 3)      // SCM_CREDS
	if err := syscall.Sendmsg(s, []byte("x"), oob[:hdr+body], nil, 0); err != nil {
		return 0, 0, 0, err
	}
	buf := make([]byte, 8)
	roob := make([]byte, 256)
	_, oobn, _, _, err := syscall.Recvmsg(r, buf, roob, 0)
	if err != nil {
		return 0, 0, 0, err
	}
	msgs, err := syscall.ParseSocketControlMessage(roob[:oobn])
	if err != nil {
		return 0, 0, 0, err
	}
	for _, m := range msgs {
		if m.Header.Level == 0xffff && m.Header.Type == 3 && len(m.Data) >= 16 {
			d := m.Data
			return int(int32(binary.LittleEndian.Uint32(d[0:]))), int(binary.LittleEndian.Uint32(d[4:])),
				int(binary.LittleEndian.Uint32(d[12:])), nil
		}
	}
	return 0, 0, 0, errors.New("no SCM_CREDS")
}

func peerCreds(fd int) (pid, uid int, err error) {
	var x [88]byte
	l := uint32(len(x))
	_, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), 0, 1 /* LOCAL_PEERCRED */, uintptr(unsafe.Pointer(&x[0])), uintptr(unsafe.Pointer(&l)), 0)
	if e != 0 {
		return 0, 0, e
	}
	return int(int32(binary.LittleEndian.Uint32(x[80:]))), int(binary.LittleEndian.Uint32(x[4:])), nil
}
