//go:build amd64 && !purego

#include "textflag.h"

// vexpOctets: vexp's method (vexp.go), eight lanes per iteration with AVX2
// (two independent groups of four, so that the two Horner chains overlap).
// Every operation is one IEEE double operation in the order of fexp (only
// commutative operands swapped), with no FMA, so each lane has fexp's
// bits. Lanes whose argument is outside (expLo, expHi) or NaN give
// garbage here and clear the returned flag; the caller redoes them.
// X15 is left alone (the zero register of Go's internal ABI).
//
// tab holds each constant four times (32 bytes): 0 log2e, 32 1.5·2⁵²,
// 64 ln2 head, 96 ln2 tail, 128 expLo, 160 expHi, 192…544 the Horner
// coefficients 1/13! … 1/2!, 576 1.0, 608 the exponent bias 1023 (int64).

// func vexpOctets(dst, src *float64, n int, tab *[80]float64) bool
TEXT ·vexpOctets(SB), NOSPLIT, $0-33
	MOVQ      dst+0(FP), DI
	MOVQ      src+8(FP), SI
	MOVQ      n+16(FP), CX
	MOVQ      tab+24(FP), AX
	VPCMPEQQ  Y7, Y7, Y7 // all lanes in range so far
	XORQ      R8, R8

loop:
	CMPQ      R8, CX
	JGE       done
	VMOVUPD   0(SI)(R8*8), Y0
	VMOVUPD   32(SI)(R8*8), Y8
	VMOVUPD   128(AX), Y5
	VMOVUPD   128(AX), Y13
	VCMPPD    $1, Y0, Y5, Y5   // expLo < x
	VCMPPD    $1, Y8, Y13, Y13   // expLo < x
	VCMPPD    $1, 160(AX), Y0, Y2   // x < expHi
	VCMPPD    $1, 160(AX), Y8, Y10   // x < expHi
	VANDPD    Y2, Y5, Y5
	VANDPD    Y10, Y13, Y13
	VANDPD    Y5, Y7, Y7
	VANDPD    Y13, Y7, Y7
	VMULPD    0(AX), Y0, Y1
	VMULPD    0(AX), Y8, Y9
	VADDPD    32(AX), Y1, Y1        // t = x·log2e + magic
	VADDPD    32(AX), Y9, Y9        // t = x·log2e + magic
	VSUBPD    32(AX), Y1, Y2        // n = t − magic
	VSUBPD    32(AX), Y9, Y10        // n = t − magic
	VMULPD    64(AX), Y2, Y3
	VMULPD    64(AX), Y10, Y11
	VSUBPD    Y3, Y0, Y3           // r = x − n·ln2hi
	VSUBPD    Y11, Y8, Y11           // r = x − n·ln2hi
	VMULPD    96(AX), Y2, Y5
	VMULPD    96(AX), Y10, Y13
	VSUBPD    Y5, Y3, Y3         // r −= n·ln2lo
	VSUBPD    Y13, Y11, Y11         // r −= n·ln2lo
	VMOVUPD   192(AX), Y4            // p = 1/13!
	VMOVUPD   192(AX), Y12            // p = 1/13!
	VMULPD    Y3, Y4, Y4
	VADDPD    224(AX), Y4, Y4   // p = p·r + c
	VMULPD    Y11, Y12, Y12
	VADDPD    224(AX), Y12, Y12   // p = p·r + c
	VMULPD    Y3, Y4, Y4
	VADDPD    256(AX), Y4, Y4   // p = p·r + c
	VMULPD    Y11, Y12, Y12
	VADDPD    256(AX), Y12, Y12   // p = p·r + c
	VMULPD    Y3, Y4, Y4
	VADDPD    288(AX), Y4, Y4   // p = p·r + c
	VMULPD    Y11, Y12, Y12
	VADDPD    288(AX), Y12, Y12   // p = p·r + c
	VMULPD    Y3, Y4, Y4
	VADDPD    320(AX), Y4, Y4   // p = p·r + c
	VMULPD    Y11, Y12, Y12
	VADDPD    320(AX), Y12, Y12   // p = p·r + c
	VMULPD    Y3, Y4, Y4
	VADDPD    352(AX), Y4, Y4   // p = p·r + c
	VMULPD    Y11, Y12, Y12
	VADDPD    352(AX), Y12, Y12   // p = p·r + c
	VMULPD    Y3, Y4, Y4
	VADDPD    384(AX), Y4, Y4   // p = p·r + c
	VMULPD    Y11, Y12, Y12
	VADDPD    384(AX), Y12, Y12   // p = p·r + c
	VMULPD    Y3, Y4, Y4
	VADDPD    416(AX), Y4, Y4   // p = p·r + c
	VMULPD    Y11, Y12, Y12
	VADDPD    416(AX), Y12, Y12   // p = p·r + c
	VMULPD    Y3, Y4, Y4
	VADDPD    448(AX), Y4, Y4   // p = p·r + c
	VMULPD    Y11, Y12, Y12
	VADDPD    448(AX), Y12, Y12   // p = p·r + c
	VMULPD    Y3, Y4, Y4
	VADDPD    480(AX), Y4, Y4   // p = p·r + c
	VMULPD    Y11, Y12, Y12
	VADDPD    480(AX), Y12, Y12   // p = p·r + c
	VMULPD    Y3, Y4, Y4
	VADDPD    512(AX), Y4, Y4   // p = p·r + c
	VMULPD    Y11, Y12, Y12
	VADDPD    512(AX), Y12, Y12   // p = p·r + c
	VMULPD    Y3, Y4, Y4
	VADDPD    544(AX), Y4, Y4   // p = p·r + c
	VMULPD    Y11, Y12, Y12
	VADDPD    544(AX), Y12, Y12   // p = p·r + c
	VMULPD    Y3, Y4, Y4
	VADDPD    576(AX), Y4, Y4   // p = p·r + c
	VMULPD    Y11, Y12, Y12
	VADDPD    576(AX), Y12, Y12   // p = p·r + c
	VMULPD    Y3, Y4, Y4
	VADDPD    576(AX), Y4, Y4   // p = p·r + 1
	VMULPD    Y11, Y12, Y12
	VADDPD    576(AX), Y12, Y12   // p = p·r + 1
	VPADDQ    608(AX), Y1, Y1
	VPSLLQ    $52, Y1, Y1       // 2ⁿ from t's low bits
	VMULPD    Y1, Y4, Y4
	VMOVUPD   Y4, 0(DI)(R8*8)
	VPADDQ    608(AX), Y9, Y9
	VPSLLQ    $52, Y9, Y9       // 2ⁿ from t's low bits
	VMULPD    Y9, Y12, Y12
	VMOVUPD   Y12, 32(DI)(R8*8)
	ADDQ      $8, R8
	JMP       loop

done:
	VMOVMSKPD Y7, BX
	CMPQ      BX, $15
	SETEQ     ret+32(FP)
	VZEROUPPER
	RET
