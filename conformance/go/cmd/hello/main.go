// hello prints its arguments, a few FRANCA_CONF_* environment variables and
// the base name of its working directory, writes one line to stderr, and
// exits with the code in FRANCA_CONF_EXIT (default 0).
//
// Usage: hello [args...]
// Env:   FRANCA_CONF_A, FRANCA_CONF_B, FRANCA_CONF_UNSET, FRANCA_CONF_EXIT
//
// When the working directory is the directory named by the last argument
// (conformance/run.sh runs each program inside its scratch directory and
// passes that directory last), its base name differs per side, so the base
// name is printed as "<last argument>" instead, next to the base name of
// its parent.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	fmt.Printf("hello: %d args\n", len(os.Args)-1)
	for i, a := range os.Args[1:] {
		fmt.Printf("arg[%d]=%q\n", i+1, a)
	}

	for _, k := range []string{"FRANCA_CONF_A", "FRANCA_CONF_B"} {
		v, ok := os.LookupEnv(k)
		fmt.Printf("env %s set=%v value=%q\n", k, ok, v)
	}
	_, ok := os.LookupEnv("FRANCA_CONF_UNSET")
	fmt.Printf("env FRANCA_CONF_UNSET set=%v\n", ok)
	fmt.Printf("getenv FRANCA_CONF_UNSET=%q\n", os.Getenv("FRANCA_CONF_UNSET"))

	// Every FRANCA_CONF_* variable, sorted, as seen through os.Environ.
	var conf []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "FRANCA_CONF_") {
			conf = append(conf, kv)
		}
	}
	sort.Strings(conf)
	fmt.Printf("environ FRANCA_CONF_* count=%d\n", len(conf))
	for _, kv := range conf {
		fmt.Printf("environ %q\n", kv)
	}

	// Setenv / Unsetenv round trip inside the process.
	if err := os.Setenv("FRANCA_CONF_INPROC", "x=y"); err != nil {
		fmt.Printf("setenv error\n")
	}
	fmt.Printf("after setenv FRANCA_CONF_INPROC=%q\n", os.Getenv("FRANCA_CONF_INPROC"))
	os.Unsetenv("FRANCA_CONF_INPROC")
	_, ok = os.LookupEnv("FRANCA_CONF_INPROC")
	fmt.Printf("after unsetenv set=%v\n", ok)

	wd, err := os.Getwd()
	if err != nil {
		fmt.Printf("getwd error\n")
	} else {
		base := filepath.Base(wd)
		if n := len(os.Args); n > 1 {
			if last, err := filepath.Abs(os.Args[n-1]); err == nil && last == wd {
				base = "<last argument>"
			}
		}
		fmt.Printf("getwd abs=%v base=%q parent-base=%q\n", filepath.IsAbs(wd), base, filepath.Base(filepath.Dir(wd)))
	}

	host, err := os.Hostname()
	fmt.Printf("hostname ok=%v nonempty=%v\n", err == nil, host != "")
	fmt.Printf("pid positive=%v ppid positive=%v\n", os.Getpid() > 0, os.Getppid() > 0)
	fmt.Printf("uid==geteuid %v gid==getegid %v\n", os.Getuid() == os.Geteuid(), os.Getgid() == os.Getegid())
	fmt.Printf("pagesize %d\n", os.Getpagesize())

	fmt.Fprintln(os.Stderr, "hello: this line goes to stderr")

	code := 0
	if s, ok := os.LookupEnv("FRANCA_CONF_EXIT"); ok && s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			fmt.Printf("bad FRANCA_CONF_EXIT %q\n", s)
			code = 99
		} else {
			code = n
		}
	}
	fmt.Printf("exiting with %d\n", code)
	os.Exit(code)
}
