//go:build amd64 && !purego

#include "textflag.h"

// func prefetchRange(p unsafe.Pointer, n uintptr)
TEXT ·prefetchRange(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), AX
	MOVQ n+8(FP), CX
	LEAQ (AX)(CX*1), CX

ploop:
	CMPQ       AX, CX
	JAE        pdone
	PREFETCHT0 (AX)
	ADDQ       $64, AX
	JMP        ploop

pdone:
	RET
