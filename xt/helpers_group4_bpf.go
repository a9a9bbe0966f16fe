package xt

import "strconv"

// This file holds the classic BPF checks of the bpf match: what the
// kernel's bpf_check_classic (net/core/filter.c) refuses when xt_bpf
// loads a program.

// Classic BPF opcode parts (linux/bpf_common.h).
const (
	bpfLD, bpfLDX, bpfST, bpfSTX, bpfALU, bpfJMP, bpfRET, bpfMISC = 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07

	bpfW, bpfH, bpfB                               = 0x00, 0x08, 0x10
	bpfIMM, bpfABS, bpfIND, bpfMEM, bpfLEN, bpfMSH = 0x00, 0x20, 0x40, 0x60, 0x80, 0xa0

	bpfADD, bpfSUB, bpfMUL, bpfDIV, bpfOR, bpfAND, bpfLSH, bpfRSH, bpfNEG, bpfMOD, bpfXOR = 0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xa0

	bpfJA, bpfJEQ, bpfJGT, bpfJGE, bpfJSET = 0x00, 0x10, 0x20, 0x30, 0x40
	bpfK, bpfX, bpfA                       = 0x00, 0x08, 0x10
	bpfTAX, bpfTXA                         = 0x00, 0x80

	bpfMemWords = 16 // BPF_MEMWORDS
)

// bpfCodeAllowed is the kernel's chk_code_allowed: the opcodes classic
// BPF accepts.
func bpfCodeAllowed(code uint16) bool {
	switch code {
	case bpfALU | bpfNEG,
		bpfLD | bpfW | bpfABS, bpfLD | bpfH | bpfABS, bpfLD | bpfB | bpfABS,
		bpfLD | bpfW | bpfLEN,
		bpfLD | bpfW | bpfIND, bpfLD | bpfH | bpfIND, bpfLD | bpfB | bpfIND,
		bpfLD | bpfIMM, bpfLD | bpfMEM,
		bpfLDX | bpfW | bpfLEN, bpfLDX | bpfB | bpfMSH, bpfLDX | bpfIMM, bpfLDX | bpfMEM,
		bpfST, bpfSTX,
		bpfMISC | bpfTAX, bpfMISC | bpfTXA,
		bpfRET | bpfK, bpfRET | bpfA,
		bpfJMP | bpfJA:
		return true
	}
	switch code &^ bpfX { // the K and X forms
	case bpfALU | bpfADD, bpfALU | bpfSUB, bpfALU | bpfMUL, bpfALU | bpfDIV, bpfALU | bpfMOD,
		bpfALU | bpfAND, bpfALU | bpfOR, bpfALU | bpfXOR, bpfALU | bpfLSH, bpfALU | bpfRSH,
		bpfJMP | bpfJEQ, bpfJMP | bpfJGE, bpfJMP | bpfJGT, bpfJMP | bpfJSET:
		return true
	}
	return false
}

// isBPFCondJump reports a conditional jump (JEQ, JGE, JGT, JSET; K or X).
func isBPFCondJump(code uint16) bool {
	switch code &^ bpfX {
	case bpfJMP | bpfJEQ, bpfJMP | bpfJGE, bpfJMP | bpfJGT, bpfJMP | bpfJSET:
		return true
	}
	return false
}

// checkBPFClassic reports why the kernel's bpf_check_classic would refuse
// prog, or "" when it accepts it. Ancillary loads (offsets from SKF_AD_OFF)
// are not checked further.
func checkBPFClassic(prog []BPFInstr) string {
	n := len(prog)
	if n == 0 || n > 4096 {
		return "program length out of range"
	}
	for pc, in := range prog {
		if !bpfCodeAllowed(in.Code) {
			return "unknown opcode " + strconv.Itoa(int(in.Code)) + " at instruction " + strconv.Itoa(pc)
		}
		switch {
		case in.Code == bpfALU|bpfDIV|bpfK || in.Code == bpfALU|bpfMOD|bpfK:
			if in.K == 0 {
				return "division by zero at instruction " + strconv.Itoa(pc)
			}
		case in.Code == bpfALU|bpfLSH|bpfK || in.Code == bpfALU|bpfRSH|bpfK:
			if in.K >= 32 {
				return "shift by 32 or more at instruction " + strconv.Itoa(pc)
			}
		case in.Code == bpfLD|bpfMEM || in.Code == bpfLDX|bpfMEM || in.Code == bpfST || in.Code == bpfSTX:
			if in.K >= bpfMemWords {
				return "memory cell out of range at instruction " + strconv.Itoa(pc)
			}
		case in.Code == bpfJMP|bpfJA:
			if in.K >= uint32(n-pc-1) {
				return "jump out of range at instruction " + strconv.Itoa(pc)
			}
		case isBPFCondJump(in.Code):
			if pc+int(in.JT)+1 >= n || pc+int(in.JF)+1 >= n {
				return "jump out of range at instruction " + strconv.Itoa(pc)
			}
		}
	}
	if c := prog[n-1].Code; c != bpfRET|bpfK && c != bpfRET|bpfA {
		return "the last instruction is not a return"
	}
	// check_load_and_stores: a memory cell is read only after a store
	// on every path to the read.
	masks := make([]uint16, n)
	for i := range masks {
		masks[i] = 0xffff
	}
	var valid uint16
	for pc, in := range prog {
		valid &= masks[pc]
		switch {
		case in.Code == bpfST || in.Code == bpfSTX:
			valid |= 1 << in.K
		case in.Code == bpfLD|bpfMEM || in.Code == bpfLDX|bpfMEM:
			if valid&(1<<in.K) == 0 {
				return "memory cell read before it is written at instruction " + strconv.Itoa(pc)
			}
		case in.Code == bpfJMP|bpfJA:
			masks[pc+1+int(in.K)] &= valid
			valid = 0xffff
		case isBPFCondJump(in.Code):
			masks[pc+1+int(in.JT)] &= valid
			masks[pc+1+int(in.JF)] &= valid
			valid = 0xffff
		}
	}
	return ""
}
