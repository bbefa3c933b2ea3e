//go:build amd64 && !purego

#include "textflag.h"

// condFoldQuads and condFoldOcts: condFoldGo's loop (condfold.go), four
// or eight elements per iteration: x·p, then + the widened arrival, two
// IEEE operations as in Go (no FMA), so the same bits.

// func condFoldQuads(x *float64, b *float32, p float64, n int)
TEXT ·condFoldQuads(SB), NOSPLIT, $0-32
	MOVQ         x+0(FP), DI
	MOVQ         b+8(FP), SI
	VBROADCASTSD p+16(FP), Y1
	MOVQ         n+24(FP), CX
	XORQ         R8, R8
	VXORPS       X3, X3, X3

qloop:
	CMPQ      R8, CX
	JGE       qdone
	VMOVUPD   (DI)(R8*8), Y0
	VMULPD    Y1, Y0, Y0
	VCVTPS2PD (SI)(R8*4), Y2
	VADDPD    Y2, Y0, Y0
	VMOVUPD   Y0, (DI)(R8*8)
	VMOVUPS   X3, (SI)(R8*4)
	ADDQ      $4, R8
	JMP       qloop

qdone:
	VZEROUPPER
	RET

// func condFoldOcts(x *float64, b *float32, p float64, n int)
TEXT ·condFoldOcts(SB), NOSPLIT, $0-32
	MOVQ         x+0(FP), DI
	MOVQ         b+8(FP), SI
	VBROADCASTSD p+16(FP), Z1
	MOVQ         n+24(FP), CX
	XORQ         R8, R8
	VXORPS       Y3, Y3, Y3

oloop:
	CMPQ      R8, CX
	JGE       odone
	VMOVUPD   (DI)(R8*8), Z0
	VMULPD    Z1, Z0, Z0
	VCVTPS2PD (SI)(R8*4), Z2
	VADDPD    Z2, Z0, Z0
	VMOVUPD   Z0, (DI)(R8*8)
	VMOVUPS   Y3, (SI)(R8*4)
	ADDQ      $8, R8
	JMP       oloop

odone:
	VZEROUPPER
	RET
