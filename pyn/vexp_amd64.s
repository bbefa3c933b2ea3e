//go:build amd64 && !purego

#include "textflag.h"

// vexpQuads: vexp's method (vexp.go), four lanes per iteration with AVX2.
// Every operation is one IEEE double operation in the order of fexp (only
// commutative operands swapped), with no FMA, so each lane has fexp's
// bits. Lanes whose argument is outside (expLo, expHi) or NaN give
// garbage here and clear the returned flag; the caller redoes them.
// X15 is left alone (the zero register of Go's internal ABI).
//
// tab: 0 log2e, 8 1.5·2⁵², 16 ln2 head, 24 ln2 tail, 32 expLo, 40 expHi,
// 48…136 the Horner coefficients 1/13! … 1/2!, 144 1.0.

// func vexpQuads(dst, src *float64, n int, tab *[20]float64) bool
TEXT ·vexpQuads(SB), NOSPLIT, $0-33
	MOVQ         dst+0(FP), DI
	MOVQ         src+8(FP), SI
	MOVQ         n+16(FP), CX
	MOVQ         tab+24(FP), AX
	VBROADCASTSD 0(AX), Y0
	VBROADCASTSD 8(AX), Y1
	VBROADCASTSD 16(AX), Y2
	VBROADCASTSD 24(AX), Y3
	VBROADCASTSD 32(AX), Y4
	VBROADCASTSD 40(AX), Y5
	MOVQ         $1023, BX
	MOVQ         BX, X6
	VPBROADCASTQ X6, Y6
	VPCMPEQQ     Y7, Y7, Y7        // all lanes in range so far
	VBROADCASTSD 144(AX), Y14      // 1.0
	XORQ         R8, R8

loop:
	CMPQ         R8, CX
	JGE          done
	VMOVUPD      (SI)(R8*8), Y8    // x
	VCMPPD       $1, Y8, Y4, Y13   // expLo < x
	VCMPPD       $1, Y5, Y8, Y10   // x < expHi
	VANDPD       Y10, Y13, Y13
	VANDPD       Y13, Y7, Y7
	VMULPD       Y0, Y8, Y9        // x·log2e
	VADDPD       Y1, Y9, Y9        // t = x·log2e + magic
	VSUBPD       Y1, Y9, Y10       // n = t − magic
	VMULPD       Y2, Y10, Y11
	VSUBPD       Y11, Y8, Y11      // r = x − n·ln2hi
	VMULPD       Y3, Y10, Y13
	VSUBPD       Y13, Y11, Y11     // r −= n·ln2lo
	VBROADCASTSD 48(AX), Y12       // p = 1/13!
	VMULPD       Y11, Y12, Y12
	VBROADCASTSD 56(AX), Y13
	VADDPD       Y13, Y12, Y12     // p = p·r + c
	VMULPD       Y11, Y12, Y12
	VBROADCASTSD 64(AX), Y13
	VADDPD       Y13, Y12, Y12     // p = p·r + c
	VMULPD       Y11, Y12, Y12
	VBROADCASTSD 72(AX), Y13
	VADDPD       Y13, Y12, Y12     // p = p·r + c
	VMULPD       Y11, Y12, Y12
	VBROADCASTSD 80(AX), Y13
	VADDPD       Y13, Y12, Y12     // p = p·r + c
	VMULPD       Y11, Y12, Y12
	VBROADCASTSD 88(AX), Y13
	VADDPD       Y13, Y12, Y12     // p = p·r + c
	VMULPD       Y11, Y12, Y12
	VBROADCASTSD 96(AX), Y13
	VADDPD       Y13, Y12, Y12     // p = p·r + c
	VMULPD       Y11, Y12, Y12
	VBROADCASTSD 104(AX), Y13
	VADDPD       Y13, Y12, Y12     // p = p·r + c
	VMULPD       Y11, Y12, Y12
	VBROADCASTSD 112(AX), Y13
	VADDPD       Y13, Y12, Y12     // p = p·r + c
	VMULPD       Y11, Y12, Y12
	VBROADCASTSD 120(AX), Y13
	VADDPD       Y13, Y12, Y12     // p = p·r + c
	VMULPD       Y11, Y12, Y12
	VBROADCASTSD 128(AX), Y13
	VADDPD       Y13, Y12, Y12     // p = p·r + c
	VMULPD       Y11, Y12, Y12
	VBROADCASTSD 136(AX), Y13
	VADDPD       Y13, Y12, Y12     // p = p·r + c
	VMULPD       Y11, Y12, Y12
	VADDPD       Y14, Y12, Y12     // p = p·r + 1
	VMULPD       Y11, Y12, Y12
	VADDPD       Y14, Y12, Y12     // p = p·r + 1
	VPADDQ       Y6, Y9, Y9
	VPSLLQ       $52, Y9, Y9       // 2ⁿ from t's low bits
	VMULPD       Y9, Y12, Y12
	VMOVUPD      Y12, (DI)(R8*8)
	ADDQ         $4, R8
	JMP          loop

done:
	VMOVMSKPD    Y7, BX
	CMPQ         BX, $15
	SETEQ        ret+32(FP)
	VZEROUPPER
	RET
