// creds passes a process's credentials over a unix socket: SCM_CREDS on
// FreeBSD (creds_freebsd.go), SCM_CREDENTIALS on Linux (creds_linux.go);
// the receiver checks they name this process.  It also asks for the peer's
// credentials of a connected pair (LOCAL_PEERCRED / SO_PEERCRED).
//
// Usage: creds SCRATCHDIR
package main

import (
	"fmt"
	"os"
	"syscall"
)

func main() {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_DGRAM, 0)
	if err != nil {
		panic(err)
	}
	pid, uid, gid, err := passCreds(fds[0], fds[1])
	fmt.Println("received credentials:", err == nil)
	fmt.Println("pid is ours:", pid == os.Getpid(), "uid is ours:", uid == os.Getuid(), "gid is ours:", gid == os.Getgid())
	ppid, puid, err := peerCreds(fds[0])
	fmt.Println("peer credentials:", err == nil, ppid == os.Getpid() || ppid == 0, puid == os.Getuid())
}
