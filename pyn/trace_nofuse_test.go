//go:build !(amd64.v3 || amd64.v4 || arm64 || ppc64 || ppc64le || s390x || riscv64 || loong64)

package pyn

// mayFuse: this build never fuses a multiply and an add.
const mayFuse = false
