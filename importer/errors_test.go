package importer

import (
	"strings"
	"testing"
	"unicode/utf8"

	"chitieu/rules"
)

// TestMessageCut: what a message says of where and why is cut at 200
// characters, and names from the file never break it (line breaks,
// bidirectional overrides).
func TestMessageCut(t *testing.T) {
	long := strings.Repeat("ệ", 300)
	e := newError(CodeDamaged, "part x").because("file-damaged-cell-ref", shown(long, 30)).
		inPart("xl/" + long + ".xml").inSheet("a\nb\u202ec" + long).inCell("C5")
	for _, l := range []rules.Lang{rules.VI, rules.EN} {
		d := e.detail(l)
		if n := utf8.RuneCountInString(d); n != maxDetail+1 || !strings.HasSuffix(d, "…") {
			t.Errorf("detail of %d characters: %q", n, d)
		}
		if strings.ContainsAny(e.Message(l), "\n\u202e") {
			t.Errorf("message keeps control characters: %q", e.Message(l))
		}
	}
	short := newError(CodeDamaged, "x").because("file-damaged-duplicate-part").inSheet("a\nb\u202ec").inCell("C5")
	if d := short.detail(rules.VI); d != "trang tính “a?b?c”, ô C5: có hai phần cùng tên này" {
		t.Errorf("detail %q", d)
	}
	if d := short.detail(rules.EN); d != "sheet “a?b?c”, cell C5: two parts have this name" {
		t.Errorf("detail %q", d)
	}
}
