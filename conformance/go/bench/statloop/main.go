// Benchmark: a syscall-heavy loop, 100,000 stats of one file.
package main

import (
	"fmt"
	"os"
)

func main() {
	n := 0
	for i := 0; i < 100000; i++ {
		if _, err := os.Stat(os.Args[0]); err == nil {
			n++
		}
	}
	fmt.Println(n)
}
