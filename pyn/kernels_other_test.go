//go:build !amd64 || purego

package pyn

import "testing"

// eachKernel runs f once: there are no assembly kernels on this build.
func eachKernel(t *testing.T, f func(t *testing.T)) { t.Run("go", f) }
