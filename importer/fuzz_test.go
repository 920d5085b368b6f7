package importer_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"chitieu/importer"
	"chitieu/importer/hostile"
	"chitieu/rules"
)

// FuzzLoad reads small workbooks mutated from the hostile cases and the
// samples. Every input is either read (and checked without panic) or
// refused with an *importer.Error whose message is not empty, within a few
// seconds.
func FuzzLoad(f *testing.F) {
	for _, seed := range hostile.Seeds("../samples/*.xlsx", false) {
		f.Add(seed)
	}
	cat := catalog(f)
	limits := importer.Limits{MaxBytes: 1 << 20, MaxPart: 4 << 20, MaxInflated: 8 << 20, MaxRows: 2000}
	f.Fuzz(func(t *testing.T, data []byte) {
		watchdog := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("Read takes more than 5 s on %d bytes", len(data))) })
		defer watchdog.Stop()
		rep, err := importer.Read(bytes.NewReader(data), int64(len(data)), cat, limits)
		if err != nil {
			var ie *importer.Error
			if !errors.As(err, &ie) || ie.Message(rules.VI) == "" || ie.Message(rules.EN) == "" {
				t.Fatalf("Read: %v, want an *importer.Error with messages", err)
			}
			return
		}
		rules.Check(rep)
	})
}
