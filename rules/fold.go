package rules

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold reduces a text to a key for matching headers and names: lower case,
// without diacritics (đ → d), the same for NFC and NFD input, with
// punctuation turned into spaces and runs of spaces collapsed. "Kế hoạch",
// "KE HOACH" and the NFD form of "Kế hoạch" all fold to "ke hoach".
func Fold(s string) string {
	var b strings.Builder
	space := true
	if !isASCII(s) {
		s = norm.NFD.String(s)
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case r == '%':
			// "%" carries meaning in headers ("% KH"), keep it as a word.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			r = ' '
		}
		if r == ' ' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		if r == '%' && !space {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		space = r == '%'
		if space {
			b.WriteByte(' ')
		}
	}
	return strings.TrimSpace(b.String())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
