package ooxml

import (
	"math/bits"
	"sync"
)

// Buffers of 8 KB or more (inflated parts, patched parts, new sheets) are
// pooled by size class, powers of two, and given back by Release once the
// package is written: a large allocation takes a fresh span, whose pages
// the runtime may have given back to the system and must fault in again.
// That cost as much as a quarter of annotating a small workbook.
// Larger buffers, up to the part limit, are made to measure: a power of two
// would double them.
var bufPools [21]sync.Pool // up to 1 MB

const minPooled = 8 << 10

func bufClass(n int) int { return bits.Len(uint(n - 1)) }

// getBuf returns an empty buffer of at least n bytes of capacity.
func getBuf(n int) []byte {
	if n < minPooled {
		return make([]byte, 0, n)
	}
	c := bufClass(n)
	if c >= len(bufPools) {
		return make([]byte, 0, n)
	}
	if b, ok := bufPools[c].Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return make([]byte, 0, 1<<c)
}

// putBuf gives a buffer back; its holder must not use it again.
func putBuf(b []byte) {
	if cap(b) < minPooled || cap(b)&(cap(b)-1) != 0 {
		return // not of a size class: the garbage collector takes it
	}
	if c := bufClass(cap(b)); c < len(bufPools) {
		b = b[:0]
		bufPools[c].Put(&b)
	}
}
