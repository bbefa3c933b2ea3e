//go:build amd64 && !purego

#include "textflag.h"

// hhTraubQuads: hhTraubLane (hh_vec.go) on four neurons per iteration
// with AVX2. Every operation is one IEEE double operation in the order
// of the Go code (only commutative operands swapped), with no FMA, so
// each lane has hhTraubLane's bits. Lanes that need one of its careful
// branches are blended back to their old state and reported. X15 is left
// alone (the zero register of Go's internal ABI).
//
// AX points at an hhKern: the row pointers (0…120), n (128), flags (136),
// the constants each four times from 144 (K(i), see hhKStatic) and the
// spill area (S(i)).

#define K(i) (144+32*(i))(AX)
#define S(i) (1744+32*(i))(AX)
#define NDT K(47)
#define KE0 K(48)
#define KE1 K(49)

// EXP2 sets PA = fexp(XA) and PB = fexp(XB) (vexp.go's method, two
// independent chains interleaved); XA and XB are kept, T* and R* are
// clobbered.
#define HORNER2(i, RA, PA, RB, PB) \
	VMULPD RA, PA, PA; \
	VMULPD RB, PB, PB; \
	VADDPD K(i), PA, PA; \
	VADDPD K(i), PB, PB

#define EXP2(XA, TA, RA, PA, XB, TB, RB, PB) \
	VMULPD K(0), XA, TA; \
	VMULPD K(0), XB, TB; \
	VADDPD K(1), TA, TA; \
	VADDPD K(1), TB, TB; \
	VSUBPD K(1), TA, PA; \
	VSUBPD K(1), TB, PB; \
	VMULPD K(2), PA, RA; \
	VMULPD K(2), PB, RB; \
	VSUBPD RA, XA, RA; \
	VSUBPD RB, XB, RB; \
	VMULPD K(3), PA, PA; \
	VMULPD K(3), PB, PB; \
	VSUBPD PA, RA, RA; \
	VSUBPD PB, RB, RB; \
	VMULPD K(6), RA, PA; \
	VMULPD K(6), RB, PB; \
	VADDPD K(7), PA, PA; \
	VADDPD K(7), PB, PB; \
	HORNER2(8, RA, PA, RB, PB); \
	HORNER2(9, RA, PA, RB, PB); \
	HORNER2(10, RA, PA, RB, PB); \
	HORNER2(11, RA, PA, RB, PB); \
	HORNER2(12, RA, PA, RB, PB); \
	HORNER2(13, RA, PA, RB, PB); \
	HORNER2(14, RA, PA, RB, PB); \
	HORNER2(15, RA, PA, RB, PB); \
	HORNER2(16, RA, PA, RB, PB); \
	HORNER2(17, RA, PA, RB, PB); \
	HORNER2(18, RA, PA, RB, PB); \
	HORNER2(18, RA, PA, RB, PB); \
	VPADDQ K(19), TA, TA; \
	VPADDQ K(19), TB, TB; \
	VPSLLQ $52, TA, TA; \
	VPSLLQ $52, TB, TB; \
	VMULPD TA, PA, PA; \
	VMULPD TB, PB, PB

// SERIES sets Q to xOverExpm1Series(Z) in the lanes where |Z| < 0.5
// (Y2…Y7 clobbered).
#define SERIES(Z, Q) \
	VANDPD  K(36), Z, Y2; \
	VCMPPD  $1, K(30), Y2, Y2; \
	VMULPD  Z, Z, Y3; \
	VMULPD  K(40), Y3, Y4; \
	VADDPD  K(41), Y4, Y4; \
	VMULPD  Y3, Y4, Y4; \
	VADDPD  K(42), Y4, Y4; \
	VMULPD  Y3, Y4, Y4; \
	VADDPD  K(43), Y4, Y4; \
	VMULPD  Y3, Y4, Y4; \
	VADDPD  K(44), Y4, Y4; \
	VMULPD  Y3, Y4, Y4; \
	VADDPD  K(45), Y4, Y4; \
	VMULPD  Y3, Y4, Y4; \
	VADDPD  K(46), Y4, Y4; \
	VMULPD  Y3, Y4, Y4; \
	VMULPD  K(30), Z, Y5; \
	VADDPD  Y4, Y5, Y5; \
	VADDPD  K(18), Y5, Y5; \
	VMOVUPD Q, Y6; \
	VBLENDVPD Y2, Y5, Y6, Y6; \
	VMOVUPD Y6, Q

// LOADROW loads four doubles of the row at pointer offset off.
#define LOADROW(off, Y) \
	MOVQ off(AX), BX; \
	VMOVUPD (BX)(R8*8), Y

#define STOREROW(Y, off) \
	MOVQ off(AX), BX; \
	VMOVUPD Y, (BX)(R8*8)

// func hhTraubQuads(k *hhKern) int
TEXT ·hhTraubQuads(SB), NOSPLIT, $0-16
	MOVQ k+0(FP), AX
	MOVQ 128(AX), CX
	XORQ DX, DX
	XORQ R8, R8

loop:
	CMPQ R8, CX
	JGE  done

	// u = VT − V; redo where |u| ≥ 1000 mV or NaN (an exponent would leave
	// fexp's fast domain)
	LOADROW(32, Y1)
	LOADROW(0, Y0)
	VMOVUPD Y0, S(0)
	VSUBPD  Y0, Y1, Y1
	VCMPPD  $5, K(37), Y1, Y14    // !(u < 1000)
	VCMPPD  $0x0A, K(38), Y1, Y13 // !(u > −1000)
	VORPD   Y13, Y14, Y14

	// the rate exponents
	VADDPD K(20), Y1, Y2
	VMULPD K(21), Y2, Y2 // a0 = (13 + u)·0.25
	VADDPD K(22), Y1, Y3
	VMULPD K(23), Y3, Y3 // a3 = (40 + u)/5
	VADDPD K(24), Y1, Y4
	VMULPD K(25), Y4, Y4 // a2 = (17 + u)/18
	VADDPD K(26), Y1, Y5
	VMULPD K(23), Y5, Y5 // a4 = (15 + u)/5
	VADDPD K(27), Y1, Y6
	VMULPD K(28), Y6, Y6 // a5 = (10 + u)/40

	// near the 0/0 points (|a0|, |a3|, |a4| < 0.5) the series, below
	VANDPD  K(36), Y2, Y7
	VCMPPD  $1, K(30), Y7, Y7
	VANDPD  K(36), Y3, Y8
	VCMPPD  $1, K(30), Y8, Y8
	VORPD   Y8, Y7, Y7
	VANDPD  K(36), Y5, Y8
	VCMPPD  $1, K(30), Y8, Y8
	VORPD   Y8, Y7, Y7
	VMOVUPD Y7, S(18)
	VMOVUPD Y14, S(1)
	VMOVUPD Y2, S(2)
	VMOVUPD Y3, S(3)
	VMOVUPD Y5, S(4)

	// qam = (−a0)/(1 − e^a0), qbm = a3·e^a3/(e^a3 − 1), βh = 4/(1 + e^a3),
	// qan = (−a4)/(1 − e^a3·e^(−5))
	EXP2(Y2, Y8, Y10, Y12, Y3, Y9, Y11, Y13)
	VMOVUPD K(18), Y8
	VSUBPD  Y12, Y8, Y8
	VXORPD  K(35), Y2, Y10
	VDIVPD  Y8, Y10, Y10
	VMOVUPD Y10, S(19)
	VMULPD  Y13, Y3, Y9
	VSUBPD  K(18), Y13, Y11
	VDIVPD  Y11, Y9, Y9
	VMOVUPD Y9, S(20)
	VADDPD  K(18), Y13, Y11
	VMOVUPD K(29), Y12
	VDIVPD  Y11, Y12, Y12
	VMOVUPD Y12, S(8)
	VMULPD  K(39), Y13, Y13
	VMOVUPD K(18), Y8
	VSUBPD  Y13, Y8, Y8
	VXORPD  K(35), Y5, Y10
	VDIVPD  Y8, Y10, Y10
	VMOVUPD Y10, S(21)

	// αh = 0.128·e^a2, βn = 0.5·e^a5
	EXP2(Y4, Y8, Y10, Y12, Y6, Y9, Y11, Y13)
	VMULPD  K(33), Y12, Y12
	VMOVUPD Y12, S(7)
	VMULPD  K(30), Y13, Y13
	VMOVUPD Y13, S(10)

	VMOVUPD   S(18), Y0
	VMOVMSKPD Y0, R9
	TESTQ     R9, R9
	JNZ       nearzero

rates:
	VMOVUPD S(19), Y0
	VMULPD  K(31), Y0, Y0
	VMOVUPD Y0, S(5) // αm = 1.28·qam
	VMOVUPD S(20), Y1
	VMULPD  K(32), Y1, Y1
	VMOVUPD Y1, S(6) // βm = 1.4·qbm
	VMOVUPD S(21), Y2
	VMULPD  K(34), Y2, Y2
	VMOVUPD Y2, S(9) // αn = 0.16·qan

	// input: I = cur + g0·E0 + g1·E1, gs = 0 + g0 + g1
	MOVQ   136(AX), R9
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	TESTQ  $1, R9
	JZ     nocur
	LOADROW(96, Y0)

nocur:
	TESTQ  $2, R9
	JZ     noch
	LOADROW(104, Y2)
	VMULPD KE0, Y2, Y3
	VADDPD Y3, Y0, Y0
	VADDPD Y2, Y1, Y1
	TESTQ  $4, R9
	JZ     noch
	LOADROW(112, Y2)
	VMULPD KE1, Y2, Y3
	VADDPD Y3, Y0, Y0
	VADDPD Y2, Y1, Y1

noch:
	// conductances, V∞ and the membrane's exponent −dt·Σg/C
	LOADROW(8, Y2)  // x = m
	LOADROW(16, Y3) // y = h
	LOADROW(24, Y4) // z = n
	VMOVUPD Y2, S(11)
	VMOVUPD Y3, S(12)
	VMOVUPD Y4, S(13)
	VMULPD  Y4, Y4, Y5 // n²
	LOADROW(48, Y6)
	VMULPD  Y2, Y6, Y6
	VMULPD  Y2, Y6, Y6
	VMULPD  Y2, Y6, Y6
	VMULPD  Y3, Y6, Y6 // gNa = gna·m³·h
	LOADROW(56, Y7)
	VMULPD  Y5, Y7, Y7
	VMULPD  Y5, Y7, Y7 // gK = gk·n⁴
	LOADROW(64, Y8)    // gl
	VADDPD  Y7, Y6, Y9
	VADDPD  Y8, Y9, Y9
	VADDPD  Y1, Y9, Y9 // gtot
	VMOVUPD S(1), Y14
	VXORPD  Y10, Y10, Y10
	VCMPPD  $0x0A, Y10, Y9, Y11 // !(gtot > 0)
	VORPD   Y11, Y14, Y14
	MOVQ    72(AX), BX
	VMULPD  (BX)(R8*8), Y6, Y6
	MOVQ    80(AX), BX
	VMULPD  (BX)(R8*8), Y7, Y7
	MOVQ    88(AX), BX
	VMULPD  (BX)(R8*8), Y8, Y8
	VADDPD  Y7, Y6, Y6
	VADDPD  Y8, Y6, Y6
	VADDPD  Y0, Y6, Y6
	VDIVPD  Y9, Y6, Y6 // V∞
	VMOVUPD Y6, S(14)
	VMULPD  NDT, Y9, Y9
	MOVQ    40(AX), BX
	VDIVPD  (BX)(R8*8), Y9, Y9 // rv = −dt·gtot/C

	// gates: x∞ = α/(α + β), exponent −dt·(α + β); redo unless α + β > 0
	VMOVUPD S(5), Y0
	VADDPD  S(6), Y0, Y11 // km
	VCMPPD  $0x0A, Y10, Y11, Y12
	VORPD   Y12, Y14, Y14
	VDIVPD  Y11, Y0, Y0
	VMOVUPD Y0, S(15)
	VMULPD  NDT, Y11, Y11 // rm
	VMOVUPD S(7), Y1
	VADDPD  S(8), Y1, Y13 // kh
	VCMPPD  $0x0A, Y10, Y13, Y12
	VORPD   Y12, Y14, Y14
	VDIVPD  Y13, Y1, Y1
	VMOVUPD Y1, S(16)
	VMULPD  NDT, Y13, Y13 // rh
	VMOVUPD S(9), Y2
	VADDPD  S(10), Y2, Y3 // kn
	VCMPPD  $0x0A, Y10, Y3, Y12
	VORPD   Y12, Y14, Y14
	VDIVPD  Y3, Y2, Y2
	VMOVUPD Y2, S(17)
	VMULPD  NDT, Y3, Y3 // rn

	// redo where an exponent is not above expLo (all are ≤ 0)
	VCMPPD  $0x0A, K(4), Y9, Y12
	VORPD   Y12, Y14, Y14
	VCMPPD  $0x0A, K(4), Y11, Y12
	VORPD   Y12, Y14, Y14
	VCMPPD  $0x0A, K(4), Y13, Y12
	VORPD   Y12, Y14, Y14
	VCMPPD  $0x0A, K(4), Y3, Y12
	VORPD   Y12, Y14, Y14
	VMOVUPD Y14, S(1)

	EXP2(Y9, Y4, Y5, Y0, Y11, Y6, Y7, Y1)  // Y0 = e^rv, Y1 = e^rm
	EXP2(Y13, Y4, Y5, Y2, Y3, Y6, Y7, Y8)  // Y2 = e^rh, Y8 = e^rn

	// relaxations: x∞ + (x − x∞)·e^r
	VMOVUPD S(14), Y4
	VMOVUPD S(0), Y5
	VSUBPD  Y4, Y5, Y5
	VMULPD  Y0, Y5, Y5
	VADDPD  Y5, Y4, Y4 // V
	VMOVUPD S(15), Y5
	VMOVUPD S(11), Y6
	VSUBPD  Y5, Y6, Y6
	VMULPD  Y1, Y6, Y6
	VADDPD  Y6, Y5, Y5 // m
	VMOVUPD S(16), Y6
	VMOVUPD S(12), Y7
	VSUBPD  Y6, Y7, Y7
	VMULPD  Y2, Y7, Y7
	VADDPD  Y7, Y6, Y6 // h
	VMOVUPD S(17), Y7
	VMOVUPD S(13), Y9
	VSUBPD  Y7, Y9, Y9
	VMULPD  Y8, Y9, Y9
	VADDPD  Y9, Y7, Y7 // n

	// redo where the sum is not finite
	VMOVUPD S(1), Y14
	VADDPD  Y5, Y4, Y9
	VADDPD  Y6, Y9, Y9
	VADDPD  Y7, Y9, Y9
	VSUBPD  Y9, Y9, Y9
	VCMPPD  $4, Y10, Y9, Y9 // s − s ≠ 0
	VORPD   Y9, Y14, Y14

	// spike: V < 0 before, ≥ 0 after, and not redone
	VMOVUPD   S(0), Y0
	VCMPPD    $1, Y10, Y0, Y1
	VCMPPD    $0x0D, Y10, Y4, Y2
	VANDPD    Y2, Y1, Y1
	VANDNPD   Y1, Y14, Y1

	// store; redone lanes keep their state
	VBLENDVPD Y14, Y0, Y4, Y4
	STOREROW(Y4, 0)
	VBLENDVPD Y14, S(11), Y5, Y5
	STOREROW(Y5, 8)
	VBLENDVPD Y14, S(12), Y6, Y6
	STOREROW(Y6, 16)
	VBLENDVPD Y14, S(13), Y7, Y7
	STOREROW(Y7, 24)

	VMOVMSKPD Y14, R9
	VMOVMSKPD Y1, R10
	SHLQ      $4, R9
	ORQ       R10, R9
	JZ        next
	MOVQ      R8, R10
	SHLQ      $8, R10
	ORQ       R9, R10
	MOVQ      120(AX), R11
	MOVQ      R10, (R11)(DX*8)
	INCQ      DX

next:
	ADDQ $4, R8
	JMP  loop

// nearzero replaces qam, qbm, qan by xOverExpm1Series where |z| < 0.5.
nearzero:
	VMOVUPD S(2), Y1
	VXORPD  K(35), Y1, Y1
	SERIES(Y1, S(19))
	VMOVUPD S(3), Y1
	SERIES(Y1, S(20))
	VMOVUPD S(4), Y1
	VXORPD  K(35), Y1, Y1
	SERIES(Y1, S(21))
	JMP     rates

done:
	MOVQ DX, ret+8(FP)
	VZEROUPPER
	RET
