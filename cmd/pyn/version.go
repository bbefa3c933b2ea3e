package main

import (
	"fmt"
	"runtime"

	"github.com/pyn-go/pyn/pyn"
)

func init() {
	register(&command{
		Name:  "version",
		Usage: "version",
		Short: "print pyn's version and the Go version it was built with",
		Run:   versionCmd,
	})
}

func versionCmd(args []string) error {
	fs := newFlagSet("version")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{msg: "version takes no arguments"}
	}
	fmt.Fprintf(stdout, "pyn %s %s %s/%s\n", pyn.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
