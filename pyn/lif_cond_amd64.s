//go:build amd64 && !purego

#include "textflag.h"

// lifCondQuads: lifCondGo's loop (lif_cond.go), four neurons per
// iteration with AVX2. Every operation is one IEEE double operation in
// the order of the Go code (only commutative operands swapped), no FMA,
// and the branches are blends, so the results are lifCondGo's bit for
// bit. X15 is left alone (the zero register of Go's internal ABI).
//
// k holds each constant four times (32 bytes): 0 p0, 32 p1, 64 e0,
// 96 e1, 128 EL, 160 1/τm, 192 1/C, 224 dt, 256 dt/2, 288 VTh, 320 VReset,
// 352 TRef. For each group of four with a spike the kernel stores
// 4·i + mask (i the group's first neuron, bit j of mask for neuron i + j)
// at grp and returns the number stored.

// func lifCondQuads(k *[48]float64, v, ref, x0, x1 *float64, b0, b1 *float32, n int, grp *int32) int
TEXT ·lifCondQuads(SB), NOSPLIT, $0-80
	MOVQ      k+0(FP), AX
	MOVQ      v+8(FP), DI
	MOVQ      ref+16(FP), SI
	MOVQ      x0+24(FP), R9
	MOVQ      x1+32(FP), R10
	MOVQ      b0+40(FP), R11
	MOVQ      b1+48(FP), R12
	MOVQ      n+56(FP), CX
	MOVQ      grp+64(FP), R13
	XORQ      DX, DX
	XORQ      R8, R8
	VXORPD    Y10, Y10, Y10

loop:
	CMPQ      R8, CX
	JGE       done
	VMOVUPD   (R9)(R8*8), Y0
	VMULPD    0(AX), Y0, Y0        // x0·p0
	VCVTPS2PD (R11)(R8*4), Y11
	VADDPD    Y11, Y0, Y0          // g0 = x0·p0 + arrivals
	VMOVUPD   Y0, (R9)(R8*8)
	VMOVUPS   X10, (R11)(R8*4)
	VMOVUPD   (R10)(R8*8), Y1
	VMULPD    32(AX), Y1, Y1       // x1·p1
	VCVTPS2PD (R12)(R8*4), Y12
	VADDPD    Y12, Y1, Y1          // g1
	VMOVUPD   Y1, (R10)(R8*8)
	VMOVUPS   X10, (R12)(R8*4)
	VMOVUPD   (DI)(R8*8), Y2       // x = V
	VMOVUPD   (SI)(R8*8), Y3       // refractory time left
	VCMPPD    $0x0E, 256(AX), Y3, Y4 // refractory: ref > dt/2
	VMOVUPD   64(AX), Y5
	VSUBPD    Y2, Y5, Y5
	VMULPD    Y5, Y0, Y5           // g0·(e0 − x)
	VMOVUPD   96(AX), Y6
	VSUBPD    Y2, Y6, Y6
	VMULPD    Y6, Y1, Y6           // g1·(e1 − x)
	VADDPD    Y6, Y5, Y5           // syn
	VMULPD    192(AX), Y5, Y5      // syn/C
	VMOVUPD   128(AX), Y6
	VSUBPD    Y2, Y6, Y6
	VMULPD    160(AX), Y6, Y6      // (EL − x)/τm
	VADDPD    Y5, Y6, Y6           // dv
	VMULPD    224(AX), Y6, Y6      // dt·dv
	VADDPD    Y6, Y2, Y8           // x + dt·dv
	VCMPPD    $0x0D, 288(AX), Y8, Y9 // x ≥ VTh
	VANDNPD   Y9, Y4, Y9           // spike: not refractory and over threshold
	VORPD     Y4, Y9, Y7
	VBLENDVPD Y7, 320(AX), Y8, Y8  // VReset where refractory or spiking
	VMOVUPD   Y8, (DI)(R8*8)
	VSUBPD    224(AX), Y3, Y5      // ref − dt
	VBLENDVPD Y9, 352(AX), Y3, Y6  // TRef where spiking
	VBLENDVPD Y4, Y5, Y6, Y6       // ref − dt where refractory
	VMOVUPD   Y6, (SI)(R8*8)
	VMOVMSKPD Y9, BX
	TESTQ     BX, BX
	JNZ       spike

next:
	ADDQ      $4, R8
	JMP       loop

spike:
	LEAQ      (BX)(R8*4), BX
	MOVL      BX, (R13)(DX*4)
	INCQ      DX
	JMP       next

done:
	MOVQ      DX, ret+72(FP)
	VZEROUPPER
	RET
