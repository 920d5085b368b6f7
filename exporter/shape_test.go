package exporter

import (
	"testing"

	"chitieu/rules"
)

// TestEveryShapeHasABlankForm: a shape the rules know must have its blank
// form.
func TestEveryShapeHasABlankForm(t *testing.T) {
	for _, s := range rules.Shapes() {
		if blankLayouts[s] == nil {
			t.Errorf("shape %q has no blank layout in the exporter", s)
		}
	}
}
