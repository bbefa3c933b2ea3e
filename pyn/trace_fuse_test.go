//go:build amd64.v3 || amd64.v4 || arm64 || ppc64 || ppc64le || s390x || riscv64 || loong64

package pyn

// mayFuse: this build's compiler may fuse a multiply and an add into one
// FMA where the source does not forbid it (see TestTraceHashes).
const mayFuse = true
