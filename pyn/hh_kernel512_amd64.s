//go:build amd64 && !purego

#include "textflag.h"

// hhTraubOcts: hhTraubQuads (hh_kernel_amd64.s) with AVX-512, eight
// neurons per iteration: the same operations in the same order (only
// commutative operands swapped), no FMA, so each lane has hhTraubLane's
// bits. With 32 registers nothing is spilled; the lane masks live in
// K1 (redo), K2 (near a 0/0 point) and K4 (spiked). Constants are
// broadcast from hhKern's table (K(i), the first of the four copies);
// Z14 holds 1. Z15 is left alone (X15 is the zero register of Go's
// internal ABI). Records are hhTraubQuads', one per group of four.

#define K(i) (144+32*(i))(AX)
#define NDT K(47)
#define KE0 K(48)
#define KE1 K(49)

#define HORNERZ(i, RA, PA, RB, PB) \
	VMULPD RA, PA, PA; \
	VMULPD RB, PB, PB; \
	VADDPD.BCST K(i), PA, PA; \
	VADDPD.BCST K(i), PB, PB

// EXPZ sets PA = fexp(XA) and PB = fexp(XB); XA and XB are kept, T* and
// R* are clobbered.
#define EXPZ(XA, TA, RA, PA, XB, TB, RB, PB) \
	VMULPD.BCST K(0), XA, TA; \
	VMULPD.BCST K(0), XB, TB; \
	VADDPD.BCST K(1), TA, TA; \
	VADDPD.BCST K(1), TB, TB; \
	VSUBPD.BCST K(1), TA, PA; \
	VSUBPD.BCST K(1), TB, PB; \
	VMULPD.BCST K(2), PA, RA; \
	VMULPD.BCST K(2), PB, RB; \
	VSUBPD RA, XA, RA; \
	VSUBPD RB, XB, RB; \
	VMULPD.BCST K(3), PA, PA; \
	VMULPD.BCST K(3), PB, PB; \
	VSUBPD PA, RA, RA; \
	VSUBPD PB, RB, RB; \
	VMULPD.BCST K(6), RA, PA; \
	VMULPD.BCST K(6), RB, PB; \
	VADDPD.BCST K(7), PA, PA; \
	VADDPD.BCST K(7), PB, PB; \
	HORNERZ(8, RA, PA, RB, PB); \
	HORNERZ(9, RA, PA, RB, PB); \
	HORNERZ(10, RA, PA, RB, PB); \
	HORNERZ(11, RA, PA, RB, PB); \
	HORNERZ(12, RA, PA, RB, PB); \
	HORNERZ(13, RA, PA, RB, PB); \
	HORNERZ(14, RA, PA, RB, PB); \
	HORNERZ(15, RA, PA, RB, PB); \
	HORNERZ(16, RA, PA, RB, PB); \
	HORNERZ(17, RA, PA, RB, PB); \
	HORNERZ(18, RA, PA, RB, PB); \
	HORNERZ(18, RA, PA, RB, PB); \
	VPADDQ.BCST K(19), TA, TA; \
	VPADDQ.BCST K(19), TB, TB; \
	VPSLLQ $52, TA, TA; \
	VPSLLQ $52, TB, TB; \
	VMULPD TA, PA, PA; \
	VMULPD TB, PB, PB

// SERIESZ sets Q to xOverExpm1Series(Z) in the lanes where |Z| < 0.5
// (Z2…Z5 and K3 clobbered).
#define SERIESZ(Z, Q) \
	VANDPD.BCST K(36), Z, Z2; \
	VCMPPD.BCST $1, K(30), Z2, K3; \
	VMULPD Z, Z, Z3; \
	VMULPD.BCST K(40), Z3, Z4; \
	VADDPD.BCST K(41), Z4, Z4; \
	VMULPD Z3, Z4, Z4; \
	VADDPD.BCST K(42), Z4, Z4; \
	VMULPD Z3, Z4, Z4; \
	VADDPD.BCST K(43), Z4, Z4; \
	VMULPD Z3, Z4, Z4; \
	VADDPD.BCST K(44), Z4, Z4; \
	VMULPD Z3, Z4, Z4; \
	VADDPD.BCST K(45), Z4, Z4; \
	VMULPD Z3, Z4, Z4; \
	VADDPD.BCST K(46), Z4, Z4; \
	VMULPD Z3, Z4, Z4; \
	VMULPD.BCST K(30), Z, Z5; \
	VADDPD Z4, Z5, Z5; \
	VADDPD Z14, Z5, Z5; \
	VBLENDMPD Z5, Q, K3, Q

#define LOADROW(off, Z) \
	MOVQ off(AX), BX; \
	VMOVUPD (BX)(R8*8), Z

#define STOREROW(Z, off) \
	MOVQ off(AX), BX; \
	VMOVUPD Z, (BX)(R8*8)

// func hhTraubOcts(k *hhKern) int
TEXT ·hhTraubOcts(SB), NOSPLIT, $0-16
	MOVQ         k+0(FP), AX
	MOVQ         128(AX), CX
	XORQ         DX, DX
	XORQ         R8, R8
	VBROADCASTSD K(18), Z14

loop:
	CMPQ R8, CX
	JGE  done

	// u = VT − V; redo where |u| ≥ 1000 mV or NaN
	LOADROW(32, Z1)
	LOADROW(0, Z16)
	VSUBPD      Z16, Z1, Z1
	VCMPPD.BCST $5, K(37), Z1, K1
	VCMPPD.BCST $0x0A, K(38), Z1, K3
	KORB        K3, K1, K1

	// the rate exponents
	VADDPD.BCST K(20), Z1, Z17
	VMULPD.BCST K(21), Z17, Z17 // a0
	VADDPD.BCST K(22), Z1, Z18
	VMULPD.BCST K(23), Z18, Z18 // a3
	VADDPD.BCST K(24), Z1, Z4
	VMULPD.BCST K(25), Z4, Z4   // a2
	VADDPD.BCST K(26), Z1, Z19
	VMULPD.BCST K(23), Z19, Z19 // a4
	VADDPD.BCST K(27), Z1, Z6
	VMULPD.BCST K(28), Z6, Z6   // a5

	// near the 0/0 points: K2
	VANDPD.BCST K(36), Z17, Z7
	VCMPPD.BCST $1, K(30), Z7, K2
	VANDPD.BCST K(36), Z18, Z7
	VCMPPD.BCST $1, K(30), Z7, K3
	KORB        K3, K2, K2
	VANDPD.BCST K(36), Z19, Z7
	VCMPPD.BCST $1, K(30), Z7, K3
	KORB        K3, K2, K2

	// qam, qbm, βh, qan
	EXPZ(Z17, Z8, Z10, Z12, Z18, Z9, Z11, Z13)
	VSUBPD      Z12, Z14, Z8
	VXORPD.BCST K(35), Z17, Z10
	VDIVPD      Z8, Z10, Z20 // qam
	VMULPD      Z13, Z18, Z9
	VSUBPD      Z14, Z13, Z11
	VDIVPD      Z11, Z9, Z21 // qbm
	VADDPD      Z14, Z13, Z11
	VBROADCASTSD K(29), Z12
	VDIVPD      Z11, Z12, Z23 // βh
	VMULPD.BCST K(39), Z13, Z13
	VSUBPD      Z13, Z14, Z8
	VXORPD.BCST K(35), Z19, Z10
	VDIVPD      Z8, Z10, Z24 // qan

	// αh, βn
	EXPZ(Z4, Z8, Z10, Z12, Z6, Z9, Z11, Z13)
	VMULPD.BCST K(33), Z12, Z22 // αh
	VMULPD.BCST K(30), Z13, Z25 // βn

	KORTESTB K2, K2
	JNZ      nearzero

rates:
	VMULPD.BCST K(31), Z20, Z20 // αm
	VMULPD.BCST K(32), Z21, Z21 // βm
	VMULPD.BCST K(34), Z24, Z24 // αn

	// input
	MOVQ   136(AX), R9
	VXORPD Z0, Z0, Z0
	VXORPD Z1, Z1, Z1
	TESTQ  $1, R9
	JZ     nocur
	LOADROW(96, Z0)

nocur:
	TESTQ  $2, R9
	JZ     noch
	LOADROW(104, Z2)
	VMULPD.BCST KE0, Z2, Z3
	VADDPD Z3, Z0, Z0
	VADDPD Z2, Z1, Z1
	TESTQ  $4, R9
	JZ     noch
	LOADROW(112, Z2)
	VMULPD.BCST KE1, Z2, Z3
	VADDPD Z3, Z0, Z0
	VADDPD Z2, Z1, Z1

noch:
	LOADROW(8, Z26)  // x = m
	LOADROW(16, Z27) // y = h
	LOADROW(24, Z28) // z = n
	VMULPD Z28, Z28, Z5
	LOADROW(48, Z6)
	VMULPD Z26, Z6, Z6
	VMULPD Z26, Z6, Z6
	VMULPD Z26, Z6, Z6
	VMULPD Z27, Z6, Z6 // gNa
	LOADROW(56, Z7)
	VMULPD Z5, Z7, Z7
	VMULPD Z5, Z7, Z7  // gK
	LOADROW(64, Z8)    // gl
	VADDPD Z7, Z6, Z9
	VADDPD Z8, Z9, Z9
	VADDPD Z1, Z9, Z9  // gtot
	VXORPD Z10, Z10, Z10
	VCMPPD $0x0A, Z10, Z9, K3
	KORB   K3, K1, K1
	MOVQ   72(AX), BX
	VMULPD (BX)(R8*8), Z6, Z6
	MOVQ   80(AX), BX
	VMULPD (BX)(R8*8), Z7, Z7
	MOVQ   88(AX), BX
	VMULPD (BX)(R8*8), Z8, Z8
	VADDPD Z7, Z6, Z6
	VADDPD Z8, Z6, Z6
	VADDPD Z0, Z6, Z6
	VDIVPD Z9, Z6, Z29 // V∞
	VMULPD.BCST NDT, Z9, Z9
	MOVQ   40(AX), BX
	VDIVPD (BX)(R8*8), Z9, Z9 // rv

	VADDPD Z21, Z20, Z11 // km
	VCMPPD $0x0A, Z10, Z11, K3
	KORB   K3, K1, K1
	VDIVPD Z11, Z20, Z30 // m∞
	VMULPD.BCST NDT, Z11, Z11
	VADDPD Z23, Z22, Z13 // kh
	VCMPPD $0x0A, Z10, Z13, K3
	KORB   K3, K1, K1
	VDIVPD Z13, Z22, Z31 // h∞
	VMULPD.BCST NDT, Z13, Z13
	VADDPD Z25, Z24, Z3 // kn
	VCMPPD $0x0A, Z10, Z3, K3
	KORB   K3, K1, K1
	VDIVPD Z3, Z24, Z12 // n∞
	VMULPD.BCST NDT, Z3, Z3

	VCMPPD.BCST $0x0A, K(4), Z9, K3
	KORB        K3, K1, K1
	VCMPPD.BCST $0x0A, K(4), Z11, K3
	KORB        K3, K1, K1
	VCMPPD.BCST $0x0A, K(4), Z13, K3
	KORB        K3, K1, K1
	VCMPPD.BCST $0x0A, K(4), Z3, K3
	KORB        K3, K1, K1

	EXPZ(Z9, Z4, Z5, Z0, Z11, Z6, Z7, Z1)
	EXPZ(Z13, Z4, Z5, Z2, Z3, Z6, Z7, Z8)

	VSUBPD Z29, Z16, Z5
	VMULPD Z0, Z5, Z5
	VADDPD Z5, Z29, Z4 // V
	VSUBPD Z30, Z26, Z6
	VMULPD Z1, Z6, Z6
	VADDPD Z6, Z30, Z5 // m
	VSUBPD Z31, Z27, Z7
	VMULPD Z2, Z7, Z7
	VADDPD Z7, Z31, Z6 // h
	VSUBPD Z12, Z28, Z9
	VMULPD Z8, Z9, Z9
	VADDPD Z9, Z12, Z7 // n

	VADDPD Z5, Z4, Z9
	VADDPD Z6, Z9, Z9
	VADDPD Z7, Z9, Z9
	VSUBPD Z9, Z9, Z9
	VCMPPD $4, Z10, Z9, K3
	KORB   K3, K1, K1

	VCMPPD $1, Z10, Z16, K4
	VCMPPD $0x0D, Z10, Z4, K5
	KANDB  K5, K4, K4
	KANDNB K4, K1, K4

	VBLENDMPD Z16, Z4, K1, Z4
	STOREROW(Z4, 0)
	VBLENDMPD Z26, Z5, K1, Z5
	STOREROW(Z5, 8)
	VBLENDMPD Z27, Z6, K1, Z6
	STOREROW(Z6, 16)
	VBLENDMPD Z28, Z7, K1, Z7
	STOREROW(Z7, 24)

	KORTESTB K1, K4
	JZ       next
	KMOVB    K1, R9
	KMOVB    K4, R10
	MOVQ     120(AX), R13
	MOVQ     R9, R11
	ANDQ     $15, R11
	SHLQ     $4, R11
	MOVQ     R10, R12
	ANDQ     $15, R12
	ORQ      R12, R11
	JZ       high
	MOVQ     R8, R12
	SHLQ     $8, R12
	ORQ      R11, R12
	MOVQ     R12, (R13)(DX*8)
	INCQ     DX

high:
	SHRQ $4, R9
	SHRQ $4, R10
	SHLQ $4, R9
	ORQ  R10, R9
	JZ   next
	LEAQ 4(R8), R12
	SHLQ $8, R12
	ORQ  R9, R12
	MOVQ R12, (R13)(DX*8)
	INCQ DX

next:
	ADDQ $8, R8
	JMP  loop

nearzero:
	VXORPD.BCST K(35), Z17, Z1
	SERIESZ(Z1, Z20)
	SERIESZ(Z18, Z21)
	VXORPD.BCST K(35), Z19, Z1
	SERIESZ(Z1, Z24)
	JMP rates

done:
	MOVQ DX, ret+8(FP)
	VZEROUPPER
	RET
