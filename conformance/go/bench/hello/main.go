// Benchmark: start-up of a Go hello.
package main

import "fmt"

func main() { fmt.Println("hello") }
