package household

// idSet remembers the identity numbers of a list and the row each was
// first on: one uint64 a number, the number (below 10¹² < 2⁴⁰) plus one in
// the high 40 bits and the row in the low 24, so that no entry is 0, the
// empty slot. It is a table with open addressing and linear probing, kept
// at most half full: 8 to 16 bytes a number, where a map[uint64]uint32
// takes about 40, and one probe of memory a row where a map lookup and an
// insertion take two.
type idSet struct {
	slots []uint64
	shift uint // 64 − log2(len(slots))
	n     int
}

const (
	rowBits = 24
	maxRow  = 1<<rowBits - 1 // 16.777.215 rows; a spreadsheet has at most 1.048.576
)

// add remembers a number first seen on a row, or returns the row it was
// first seen on and true.
func (s *idSet) add(id uint64, row int) (int, bool) {
	if 2*(s.n+1) > len(s.slots) {
		s.grow()
	}
	row = min(max(row, 0), maxRow)
	key := id + 1
	mask := len(s.slots) - 1
	for i := s.home(key); ; i = (i + 1) & mask {
		v := s.slots[i]
		switch {
		case v == 0:
			s.slots[i] = key<<rowBits | uint64(row)
			s.n++
			return 0, false
		case v>>rowBits == key:
			return int(v & maxRow), true
		}
	}
}

// home is a key's first slot: Fibonacci hashing, whose high bits mix all
// the digits of a number.
func (s *idSet) home(key uint64) int { return int(key * 0x9E3779B97F4A7C15 >> s.shift) }

func (s *idSet) grow() {
	old := s.slots
	size := max(2*len(old), 1024)
	s.slots, s.shift = make([]uint64, size), 64
	for n := size; n > 1; n >>= 1 {
		s.shift--
	}
	mask := size - 1
	for _, v := range old {
		if v == 0 {
			continue
		}
		i := s.home(v >> rowBits)
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = v
	}
}
