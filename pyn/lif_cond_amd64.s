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

// lifCondOcts: lifCondQuads with AVX-512, eight neurons per iteration, the
// constants held in Z16…Z27 and the branches as mask registers; the same
// operations in the same order, so the same bits. Groups with a spike
// are stored as by lifCondQuads, one record per four neurons. AX (k)
// is free once the constants are loaded.

// func lifCondOcts(k *[48]float64, v, ref, x0, x1 *float64, b0, b1 *float32, n int, grp *int32) int
TEXT ·lifCondOcts(SB), NOSPLIT, $0-80
	MOVQ         k+0(FP), AX
	MOVQ         v+8(FP), DI
	MOVQ         ref+16(FP), SI
	MOVQ         x0+24(FP), R9
	MOVQ         x1+32(FP), R10
	MOVQ         b0+40(FP), R11
	MOVQ         b1+48(FP), R12
	MOVQ         n+56(FP), CX
	MOVQ         grp+64(FP), R13
	XORQ         DX, DX
	XORQ         R8, R8
	VXORPD       Y10, Y10, Y10
	VBROADCASTSD 0(AX), Z16   // p0
	VBROADCASTSD 32(AX), Z17  // p1
	VBROADCASTSD 64(AX), Z18  // e0
	VBROADCASTSD 96(AX), Z19  // e1
	VBROADCASTSD 128(AX), Z20 // EL
	VBROADCASTSD 160(AX), Z21 // 1/τm
	VBROADCASTSD 192(AX), Z22 // 1/C
	VBROADCASTSD 224(AX), Z23 // dt
	VBROADCASTSD 256(AX), Z24 // dt/2
	VBROADCASTSD 288(AX), Z25 // VTh
	VBROADCASTSD 320(AX), Z26 // VReset
	VBROADCASTSD 352(AX), Z27 // TRef

oloop:
	CMPQ      R8, CX
	JGE       odone
	VMOVUPD   (R9)(R8*8), Z0
	VMULPD    Z16, Z0, Z0          // x0·p0
	VCVTPS2PD (R11)(R8*4), Z11
	VADDPD    Z11, Z0, Z0          // g0 = x0·p0 + arrivals
	VMOVUPD   Z0, (R9)(R8*8)
	VMOVUPS   Y10, (R11)(R8*4)
	VMOVUPD   (R10)(R8*8), Z1
	VMULPD    Z17, Z1, Z1          // x1·p1
	VCVTPS2PD (R12)(R8*4), Z12
	VADDPD    Z12, Z1, Z1          // g1
	VMOVUPD   Z1, (R10)(R8*8)
	VMOVUPS   Y10, (R12)(R8*4)
	VMOVUPD   (DI)(R8*8), Z2       // x = V
	VMOVUPD   (SI)(R8*8), Z3       // refractory time left
	VCMPPD    $0x0E, Z24, Z3, K1   // refractory: ref > dt/2
	VSUBPD    Z2, Z18, Z5
	VMULPD    Z5, Z0, Z5           // g0·(e0 − x)
	VSUBPD    Z2, Z19, Z6
	VMULPD    Z6, Z1, Z6           // g1·(e1 − x)
	VADDPD    Z6, Z5, Z5           // syn
	VMULPD    Z22, Z5, Z5          // syn/C
	VSUBPD    Z2, Z20, Z6
	VMULPD    Z21, Z6, Z6          // (EL − x)/τm
	VADDPD    Z5, Z6, Z6           // dv
	VMULPD    Z23, Z6, Z6          // dt·dv
	VADDPD    Z6, Z2, Z8           // x + dt·dv
	VCMPPD    $0x0D, Z25, Z8, K2   // x ≥ VTh
	KANDNB    K2, K1, K2           // spike: not refractory and over threshold
	KORB      K1, K2, K3
	VBLENDMPD Z26, Z8, K3, Z8      // VReset where refractory or spiking
	VMOVUPD   Z8, (DI)(R8*8)
	VSUBPD    Z23, Z3, Z5          // ref − dt
	VBLENDMPD Z27, Z3, K2, Z6      // TRef where spiking
	VBLENDMPD Z5, Z6, K1, Z6       // ref − dt where refractory
	VMOVUPD   Z6, (SI)(R8*8)
	KMOVB     K2, BX
	TESTQ     BX, BX
	JNZ       ospike

onext:
	ADDQ      $8, R8
	JMP       oloop

ospike:
	MOVQ      BX, AX
	ANDQ      $15, AX
	JZ        ohigh
	LEAQ      (AX)(R8*4), AX
	MOVL      AX, (R13)(DX*4)
	INCQ      DX

ohigh:
	SHRQ      $4, BX
	JZ        onext
	LEAQ      16(BX)(R8*4), BX
	MOVL      BX, (R13)(DX*4)
	INCQ      DX
	JMP       onext

odone:
	MOVQ      DX, ret+72(FP)
	VZEROUPPER
	RET
