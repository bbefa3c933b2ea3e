//go:build amd64 && !purego

#include "textflag.h"

// Packed SSE2 versions of izhUpdate's loop, two neurons per iteration.
// Every operation is one IEEE double operation, in the order of the Go
// expression (only commutative operands are swapped), so the results are
// those of the scalar code bit for bit. X15 is left alone (it is the
// zero register of Go's internal ABI).

// izhConsts offsets: scale 0, amp 8, c04 16, k1 24, k0 32, dt 40, b 48, da 56,
// vp 64. After the update, a pair whose new v ≥ vp (false for NaN, as in
// Go) has its indices (from 0) stored at idx; the count is returned. The
// branch is rarely taken: a spike is rare in a step. One index register
// (R13) addresses every array, to keep the loop short.

// func izhPairs(k *izhConsts, v, u, h *float64, buf *float32, n int, idx *int32) int
TEXT ·izhPairs(SB), NOSPLIT, $0-64
	MOVQ     k+0(FP), AX
	MOVQ     v+8(FP), DI
	MOVQ     u+16(FP), SI
	MOVQ     h+24(FP), DX
	MOVQ     buf+32(FP), BX
	MOVQ     n+40(FP), CX
	MOVQ     idx+48(FP), R12
	MOVSD    0(AX), X7
	UNPCKLPD X7, X7         // scale
	MOVSD    8(AX), X8
	UNPCKLPD X8, X8         // amp
	MOVSD    16(AX), X9
	UNPCKLPD X9, X9         // 0.04
	MOVSD    24(AX), X10
	UNPCKLPD X10, X10       // k1
	MOVSD    32(AX), X11
	UNPCKLPD X11, X11       // k0
	MOVSD    40(AX), X12
	UNPCKLPD X12, X12       // dt
	MOVSD    48(AX), X13
	UNPCKLPD X13, X13       // b
	MOVSD    56(AX), X14
	UNPCKLPD X14, X14       // da
	MOVSD    64(AX), X5
	UNPCKLPD X5, X5         // vp
	XORQ     R13, R13       // i
	CMPQ     R13, CX
	JGE      done

loop:
	CVTPS2PD (BX)(R13*4), X0 // float64(buf[i])
	MULPD    X7, X0          // ·scale
	MOVUPD   (DX)(R13*8), X1 // h[i]
	ADDPD    X8, X1          // amp + h[i]
	ADDPD    X1, X0          // I
	MOVUPD   (DI)(R13*8), X2 // v
	MOVUPD   (SI)(R13*8), X3 // u
	MOVAPD   X2, X4
	MULPD    X2, X4          // v·v
	MULPD    X9, X4          // 0.04·(v·v)
	MOVAPD   X2, X1
	MULPD    X10, X1         // k1·v
	ADDPD    X1, X4
	ADDPD    X11, X4         // + k0
	SUBPD    X3, X4          // − u
	ADDPD    X0, X4          // + I
	MULPD    X12, X4         // dt·(…)
	ADDPD    X4, X2          // v += …
	MOVAPD   X2, X6
	MULPD    X13, X6         // b·v
	SUBPD    X3, X6          // − u
	MULPD    X14, X6         // da·(…)
	ADDPD    X6, X3          // u += …
	MOVAPD   X5, X4
	CMPPD    X2, X4, 2       // vp ≤ v
	MOVMSKPD X4, R11
	TESTQ    R11, R11
	JNZ      spike

store:
	MOVUPD X2, (DI)(R13*8)
	MOVUPD X3, (SI)(R13*8)
	MOVQ   $0, (BX)(R13*4)  // buf[i], buf[i+1] = 0
	ADDQ   $2, R13
	CMPQ   R13, CX
	JLT    loop

done:
	MOVQ idx+48(FP), R11
	SUBQ R11, R12
	SHRQ $2, R12
	MOVQ R12, ret+56(FP)
	RET

spike:
	TESTQ $1, R11
	JZ    spike1
	MOVL  R13, (R12)
	ADDQ  $4, R12

spike1:
	TESTQ $2, R11
	JZ    store
	LEAQ  1(R13), R8
	MOVL  R8, (R12)
	ADDQ  $4, R12
	JMP   store

// func izhPairsHet(k *izhConsts, v, u, h, pa, pb *float64, buf *float32, n int, idx *int32) int
TEXT ·izhPairsHet(SB), NOSPLIT, $0-80
	MOVQ     k+0(FP), AX
	MOVQ     v+8(FP), DI
	MOVQ     u+16(FP), SI
	MOVQ     h+24(FP), DX
	MOVQ     pa+32(FP), R9
	MOVQ     pb+40(FP), R10
	MOVQ     buf+48(FP), BX
	MOVQ     n+56(FP), CX
	MOVQ     idx+64(FP), R12
	MOVSD    0(AX), X7
	UNPCKLPD X7, X7         // scale
	MOVSD    8(AX), X8
	UNPCKLPD X8, X8         // amp
	MOVSD    16(AX), X9
	UNPCKLPD X9, X9         // 0.04
	MOVSD    24(AX), X10
	UNPCKLPD X10, X10       // k1
	MOVSD    32(AX), X11
	UNPCKLPD X11, X11       // k0
	MOVSD    40(AX), X12
	UNPCKLPD X12, X12       // dt
	MOVSD    64(AX), X13
	UNPCKLPD X13, X13       // vp
	XORQ     R13, R13       // i
	CMPQ     R13, CX
	JGE      hdone

hloop:
	CVTPS2PD (BX)(R13*4), X0
	MULPD    X7, X0
	MOVUPD   (DX)(R13*8), X1
	ADDPD    X8, X1
	ADDPD    X1, X0           // I
	MOVUPD   (DI)(R13*8), X2  // v
	MOVUPD   (SI)(R13*8), X3  // u
	MOVAPD   X2, X4
	MULPD    X2, X4
	MULPD    X9, X4
	MOVAPD   X2, X1
	MULPD    X10, X1
	ADDPD    X1, X4
	ADDPD    X11, X4
	SUBPD    X3, X4
	ADDPD    X0, X4
	MULPD    X12, X4
	ADDPD    X4, X2           // v += …
	MOVUPD   (R10)(R13*8), X6
	MULPD    X2, X6           // b[i]·v
	SUBPD    X3, X6           // − u
	MOVUPD   (R9)(R13*8), X5
	MULPD    X12, X5          // dt·a[i]
	MULPD    X5, X6           // (dt·a[i])·(…)
	ADDPD    X6, X3           // u += …
	MOVAPD   X13, X4
	CMPPD    X2, X4, 2        // vp ≤ v
	MOVMSKPD X4, R11
	TESTQ    R11, R11
	JNZ      hspike

hstore:
	MOVUPD X2, (DI)(R13*8)
	MOVUPD X3, (SI)(R13*8)
	MOVQ   $0, (BX)(R13*4)
	ADDQ   $2, R13
	CMPQ   R13, CX
	JLT    hloop

hdone:
	MOVQ idx+64(FP), R11
	SUBQ R11, R12
	SHRQ $2, R12
	MOVQ R12, ret+72(FP)
	RET

hspike:
	TESTQ $1, R11
	JZ    hspike1
	MOVL  R13, (R12)
	ADDQ  $4, R12

hspike1:
	TESTQ $2, R11
	JZ    hstore
	LEAQ  1(R13), R8
	MOVL  R8, (R12)
	ADDQ  $4, R12
	JMP   hstore
