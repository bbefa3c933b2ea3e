//go:build amd64 && !purego

#include "textflag.h"

// The element-wise kernels of the equation vector machine (eq_kern.go),
// four elements per iteration with AVX2. Each operation is one IEEE
// double operation in the order of the Go loops of eq_kern.go (only
// commutative operands swapped), with no FMA, so every element has the
// Go loop's bits. n is a multiple of 4. X15 is left alone (the zero
// register of Go's internal ABI).

// func eqVSQuads(op int, d, a *float64, s float64, n int)
TEXT ·eqVSQuads(SB), NOSPLIT, $0-40
	MOVQ         op+0(FP), AX
	MOVQ         d+8(FP), DI
	MOVQ         a+16(FP), SI
	VBROADCASTSD s+24(FP), Y1
	MOVQ         n+32(FP), CX
	XORQ         R8, R8
	MOVQ         $0x3ff0000000000000, BX
	MOVQ         BX, X2
	VBROADCASTSD X2, Y2                  // 1.0
	CMPQ         AX, $1
	JEQ          vssub
	CMPQ         AX, $2
	JEQ          vsmul
	CMPQ         AX, $3
	JEQ          vsrsub
	CMPQ         AX, $4
	JEQ          vsge
	CMPQ         AX, $5
	JEQ          vsgt

vsadd:
	CMPQ    R8, CX
	JGE     vsdone
	VMOVUPD (SI)(R8*8), Y0
	VADDPD  Y1, Y0, Y0
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     vsadd

vssub:
	CMPQ    R8, CX
	JGE     vsdone
	VMOVUPD (SI)(R8*8), Y0
	VSUBPD  Y1, Y0, Y0     // a − s
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     vssub

vsmul:
	CMPQ    R8, CX
	JGE     vsdone
	VMOVUPD (SI)(R8*8), Y0
	VMULPD  Y1, Y0, Y0
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     vsmul

vsrsub:
	CMPQ    R8, CX
	JGE     vsdone
	VMOVUPD (SI)(R8*8), Y0
	VSUBPD  Y0, Y1, Y0     // s − a
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     vsrsub

vsge:
	CMPQ    R8, CX
	JGE     vsdone
	VMOVUPD (SI)(R8*8), Y0
	VCMPPD  $0x1d, Y1, Y0, Y0 // a ≥ s (ordered: false for NaN)
	VANDPD  Y2, Y0, Y0
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     vsge

vsgt:
	CMPQ    R8, CX
	JGE     vsdone
	VMOVUPD (SI)(R8*8), Y0
	VCMPPD  $0x1e, Y1, Y0, Y0 // a > s (ordered)
	VANDPD  Y2, Y0, Y0
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     vsgt

vsdone:
	VZEROUPPER
	RET

// func eqVVQuads(op int, d, a, b *float64, n int)
TEXT ·eqVVQuads(SB), NOSPLIT, $0-40
	MOVQ op+0(FP), AX
	MOVQ d+8(FP), DI
	MOVQ a+16(FP), SI
	MOVQ b+24(FP), R9
	MOVQ n+32(FP), CX
	XORQ R8, R8
	CMPQ AX, $1
	JEQ  vvsub
	CMPQ AX, $2
	JEQ  vvmul

vvadd:
	CMPQ    R8, CX
	JGE     vvdone
	VMOVUPD (SI)(R8*8), Y0
	VADDPD  (R9)(R8*8), Y0, Y0
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     vvadd

vvsub:
	CMPQ    R8, CX
	JGE     vvdone
	VMOVUPD (SI)(R8*8), Y0
	VSUBPD  (R9)(R8*8), Y0, Y0 // a − b
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     vvsub

vvmul:
	CMPQ    R8, CX
	JGE     vvdone
	VMOVUPD (SI)(R8*8), Y0
	VMULPD  (R9)(R8*8), Y0, Y0
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     vvmul

vvdone:
	VZEROUPPER
	RET

// func eqF3Quads(op int, d, a, c *float64, s, s2 float64, n int) bool
// The axpy forms OR the bits of r − r into Y4 for every result r: all
// zero while every r is finite.
TEXT ·eqF3Quads(SB), NOSPLIT, $0-57
	MOVQ         op+0(FP), AX
	MOVQ         d+8(FP), DI
	MOVQ         a+16(FP), SI
	MOVQ         c+24(FP), R9
	VBROADCASTSD s+32(FP), Y1
	VBROADCASTSD s2+40(FP), Y2
	MOVQ         n+48(FP), CX
	XORQ         R8, R8
	VXORPD       Y4, Y4, Y4
	CMPQ         AX, $1
	JEQ          fmulsub
	CMPQ         AX, $2
	JEQ          faddsub
	CMPQ         AX, $3
	JEQ          fsqmul
	CMPQ         AX, $4
	JEQ          faxpy
	CMPQ         AX, $5
	JEQ          faddaxpy
	CMPQ         AX, $6
	JEQ          fmulsubaxpy

fmuladd:
	CMPQ    R8, CX
	JGE     fdone
	VMOVUPD (SI)(R8*8), Y0
	VMULPD  Y1, Y0, Y0         // s·a
	VADDPD  (R9)(R8*8), Y0, Y0 // + c
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     fmuladd

fmulsub:
	CMPQ    R8, CX
	JGE     fdone
	VMOVUPD (SI)(R8*8), Y0
	VMULPD  Y1, Y0, Y0         // s·a
	VSUBPD  (R9)(R8*8), Y0, Y0 // − c
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     fmulsub

faddsub:
	CMPQ    R8, CX
	JGE     fdone
	VMOVUPD (SI)(R8*8), Y0
	VADDPD  Y1, Y0, Y0         // a + s
	VSUBPD  (R9)(R8*8), Y0, Y0 // − c
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     faddsub

fsqmul:
	CMPQ    R8, CX
	JGE     fdone
	VMOVUPD (SI)(R8*8), Y0
	VMULPD  Y0, Y0, Y0 // a·a
	VMULPD  Y1, Y0, Y0 // s·(a·a)
	VMOVUPD Y0, (DI)(R8*8)
	ADDQ    $4, R8
	JMP     fsqmul

faxpy:
	CMPQ    R8, CX
	JGE     fdone
	VMOVUPD (SI)(R8*8), Y0
	VMULPD  Y1, Y0, Y0         // s·a
	VADDPD  (DI)(R8*8), Y0, Y0 // d + s·a
	VMOVUPD Y0, (DI)(R8*8)
	VSUBPD  Y0, Y0, Y3
	VORPD   Y3, Y4, Y4
	ADDQ    $4, R8
	JMP     faxpy

faddaxpy:
	CMPQ    R8, CX
	JGE     fdone
	VMOVUPD (SI)(R8*8), Y0
	VADDPD  (R9)(R8*8), Y0, Y0 // a + c
	VMULPD  Y1, Y0, Y0         // s·(a + c)
	VADDPD  (DI)(R8*8), Y0, Y0 // d + …
	VMOVUPD Y0, (DI)(R8*8)
	VSUBPD  Y0, Y0, Y3
	VORPD   Y3, Y4, Y4
	ADDQ    $4, R8
	JMP     faddaxpy

fmulsubaxpy:
	CMPQ    R8, CX
	JGE     fdone
	VMOVUPD (SI)(R8*8), Y0
	VMULPD  Y1, Y0, Y0         // s·a
	VSUBPD  (R9)(R8*8), Y0, Y0 // s·a − c
	VMULPD  Y2, Y0, Y0         // s2·(s·a − c)
	VADDPD  (DI)(R8*8), Y0, Y0 // d + …
	VMOVUPD Y0, (DI)(R8*8)
	VSUBPD  Y0, Y0, Y3
	VORPD   Y3, Y4, Y4
	ADDQ    $4, R8
	JMP     fmulsubaxpy

fdone:
	VPTEST     Y4, Y4
	SETEQ      ret+56(FP)
	VZEROUPPER
	RET

// func eqAXPYVQuads(d, a, s *float64, n int) bool
TEXT ·eqAXPYVQuads(SB), NOSPLIT, $0-33
	MOVQ   d+0(FP), DI
	MOVQ   a+8(FP), SI
	MOVQ   s+16(FP), R9
	MOVQ   n+24(FP), CX
	XORQ   R8, R8
	VXORPD Y4, Y4, Y4

vaxpy:
	CMPQ    R8, CX
	JGE     vaxdone
	VMOVUPD (R9)(R8*8), Y0
	VMULPD  (SI)(R8*8), Y0, Y0 // s·a
	VADDPD  (DI)(R8*8), Y0, Y0 // d + s·a
	VMOVUPD Y0, (DI)(R8*8)
	VSUBPD  Y0, Y0, Y3
	VORPD   Y3, Y4, Y4
	ADDQ    $4, R8
	JMP     vaxpy

vaxdone:
	VPTEST     Y4, Y4
	SETEQ      ret+32(FP)
	VZEROUPPER
	RET

// func eqSpikeQuads(gt bool, a *float64, s float64, n int, idx *int32, base int) int
TEXT ·eqSpikeQuads(SB), NOSPLIT, $0-56
	MOVBQZX      gt+0(FP), AX
	MOVQ         a+8(FP), SI
	VBROADCASTSD s+16(FP), Y1
	MOVQ         n+24(FP), CX
	MOVQ         idx+32(FP), DI
	MOVQ         base+40(FP), R10
	XORQ         R8, R8 // i
	XORQ         DX, DX // count

sloop:
	CMPQ      R8, CX
	JGE       sdone
	VMOVUPD   (SI)(R8*8), Y0
	TESTQ     AX, AX
	JNE       sgt
	VCMPPD    $0x1d, Y1, Y0, Y0 // a ≥ s
	JMP       smask

sgt:
	VCMPPD $0x1e, Y1, Y0, Y0 // a > s

smask:
	VMOVMSKPD Y0, BX
	TESTQ     BX, BX
	JEQ       snext

sbits:
	BSFQ  BX, R11
	LEAQ  (R8)(R11*1), R12
	ADDQ  R10, R12
	MOVL  R12, (DI)(DX*4)
	INCQ  DX
	LEAQ  -1(BX), R13
	ANDQ  R13, BX
	JNE   sbits

snext:
	ADDQ $4, R8
	JMP  sloop

sdone:
	MOVQ       DX, ret+48(FP)
	VZEROUPPER
	RET

// func eqInputQuads(d *float64, buf *float32, h *float64, scale, amp float64, n int)
TEXT ·eqInputQuads(SB), NOSPLIT, $0-48
	MOVQ         d+0(FP), DI
	MOVQ         buf+8(FP), SI
	MOVQ         h+16(FP), R9
	VBROADCASTSD scale+24(FP), Y1
	VBROADCASTSD amp+32(FP), Y2
	MOVQ         n+40(FP), CX
	XORQ         R8, R8
	VXORPS       X4, X4, X4

iloop:
	CMPQ      R8, CX
	JGE       idone
	VCVTPS2PD (SI)(R8*4), Y0
	VMULPD    Y1, Y0, Y0         // buf·scale
	VADDPD    (R9)(R8*8), Y2, Y3 // amp + h
	VADDPD    Y3, Y0, Y0
	VMOVUPD   Y0, (DI)(R8*8)
	VMOVUPS   X4, (SI)(R8*4)
	ADDQ      $4, R8
	JMP       iloop

idone:
	VZEROUPPER
	RET
