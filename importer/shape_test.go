package importer

import (
	"testing"

	"chitieu/rules"
)

// TestEveryShapeIsRead: a shape the rules know must have its row reader.
func TestEveryShapeIsRead(t *testing.T) {
	for _, s := range rules.Shapes() {
		if rowReaders[s] == nil {
			t.Errorf("shape %q has no row reader in the importer", s)
		}
	}
}
