package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseFEC feeds arbitrary bytes: ParseFEC must not panic, and whatever it accepts
// must keep the record invariants (open on the amount's side and within it, numbers unique).
func FuzzParseFEC(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "fec", "*.txt"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed fixtures: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(0))
		f.Add(data, uint8(1))
	}
	asOf := []string{"2026-03-31", "2026-02-28", "2026-01-01", ""}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		opt := FECOptions{DefaultTerms: int(mode>>4) * 15}
		if s := asOf[mode%4]; s != "" {
			opt.AsOf = fecDay(s)
		}
		if mode&8 != 0 {
			opt.Accounts = []string{"41", "512"}
		}
		res, err := ParseFEC(bytes.NewReader(data), opt)
		if err != nil {
			if res != nil {
				t.Fatal("result with an error")
			}
			return
		}
		if err := fecInvariants(res); err != nil {
			t.Fatal(err)
		}
		for _, is := range append(res.Rejected, res.Warnings...) {
			if is.Reason == "" || is.Row < 0 {
				t.Fatalf("issue %+v", is)
			}
		}
		if res.Ignored > res.Lines || len(res.Rejected) > res.Lines {
			t.Fatalf("lines %d ignored %d rejected %d", res.Lines, res.Ignored, len(res.Rejected))
		}
	})
}
