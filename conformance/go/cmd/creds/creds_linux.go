package main

import (
	"errors"
	"os"
	"syscall"
)

func passCreds(s, r int) (pid, uid, gid int, err error) {
	syscall.SetsockoptInt(r, syscall.SOL_SOCKET, syscall.SO_PASSCRED, 1)
	oob := syscall.UnixCredentials(&syscall.Ucred{Pid: int32(os.Getpid()), Uid: uint32(os.Getuid()), Gid: uint32(os.Getgid())})
	if err := syscall.Sendmsg(s, []byte("x"), oob, nil, 0); err != nil {
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
	for i := range msgs {
		if c, err := syscall.ParseUnixCredentials(&msgs[i]); err == nil {
			return int(c.Pid), int(c.Uid), int(c.Gid), nil
		}
	}
	return 0, 0, 0, errors.New("no SCM_CREDENTIALS")
}

func peerCreds(fd int) (pid, uid int, err error) {
	c, err := syscall.GetsockoptUcred(fd, syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	if err != nil {
		return 0, 0, err
	}
	return int(c.Pid), int(c.Uid), nil
}
