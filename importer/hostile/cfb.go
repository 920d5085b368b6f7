package hostile

import (
	"encoding/binary"
	"unicode/utf16"
)

// compound builds a minimal OLE2 compound file (version 3, 512-byte
// sectors) holding the named streams, 4.096 bytes each: the container of
// Excel 97-2003 workbooks ("Workbook") and of password-protected OOXML
// ("EncryptionInfo", "EncryptedPackage").
func compound(streams ...string) []byte {
	const (
		sector     = 512
		streamSize = 4096
		perStream  = streamSize / sector
		endOfChain = 0xFFFFFFFE
		freeSect   = 0xFFFFFFFF
		fatSect    = 0xFFFFFFFD
		noStream   = 0xFFFFFFFF
	)
	nSectors := 2 + perStream*len(streams)
	out := make([]byte, sector*(1+nSectors))
	le := binary.LittleEndian
	h := out[:sector]
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(h[24:], 0x003E)
	le.PutUint16(h[26:], 0x0003)
	le.PutUint16(h[28:], 0xFFFE)
	le.PutUint16(h[30:], 9)
	le.PutUint16(h[32:], 6)
	le.PutUint32(h[44:], 1)          // FAT sectors
	le.PutUint32(h[48:], 1)          // first directory sector
	le.PutUint32(h[56:], streamSize) // mini stream cutoff
	le.PutUint32(h[60:], endOfChain)
	le.PutUint32(h[68:], endOfChain)
	for i := 0; i < 109; i++ {
		le.PutUint32(h[76+4*i:], freeSect)
	}
	le.PutUint32(h[76:], 0) // the FAT is sector 0

	at := func(s int) []byte { return out[sector*(1+s) : sector*(2+s)] }
	fat := at(0)
	for i := 0; i < sector/4; i++ {
		le.PutUint32(fat[4*i:], freeSect)
	}
	le.PutUint32(fat[0:], fatSect)
	le.PutUint32(fat[4:], endOfChain)
	for s := range streams {
		first := 2 + perStream*s
		for k := 0; k < perStream; k++ {
			next := uint32(first + k + 1)
			if k == perStream-1 {
				next = endOfChain
			}
			le.PutUint32(fat[4*(first+k):], next)
		}
	}

	dir := at(1)
	entry := func(i int, name string, typ byte, left, right, child, start, size uint32) {
		e := dir[128*i : 128*(i+1)]
		u := utf16.Encode([]rune(name))
		for k, c := range u {
			le.PutUint16(e[2*k:], c)
		}
		if name != "" {
			le.PutUint16(e[64:], uint16(2*len(u)+2))
		}
		e[66], e[67] = typ, 1
		le.PutUint32(e[68:], left)
		le.PutUint32(e[72:], right)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint32(e[120:], size)
	}
	entry(0, "Root Entry", 5, noStream, noStream, 1, endOfChain, 0)
	for s, name := range streams {
		right := uint32(noStream)
		if s+1 < len(streams) {
			right = uint32(s + 2)
		}
		entry(1+s, name, 2, noStream, right, noStream, uint32(2+perStream*s), streamSize)
	}
	for i := 1 + len(streams); i < 4; i++ {
		entry(i, "", 0, noStream, noStream, noStream, 0, 0)
	}
	for s := range streams {
		for k := 0; k < perStream; k++ {
			b := at(2 + perStream*s + k)
			for j := range b {
				b[j] = byte(s*31 + k*7 + j)
			}
		}
	}
	return out
}
