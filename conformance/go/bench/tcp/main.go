// Benchmark: a TCP loopback transfer of 256 MiB.
package main

import (
	"fmt"
	"io"
	"net"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	const total = 256 << 20
	go func() {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			panic(err)
		}
		buf := make([]byte, 64<<10)
		for sent := 0; sent < total; sent += len(buf) {
			if _, err := c.Write(buf); err != nil {
				panic(err)
			}
		}
		c.Close()
	}()
	c, err := ln.Accept()
	if err != nil {
		panic(err)
	}
	n, err := io.Copy(io.Discard, c)
	fmt.Println(n, err)
}
