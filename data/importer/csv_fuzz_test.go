package importer

import (
	"bytes"
	"io"
	"testing"
)

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"a;b\n1;2\n", "a,b\r\n\"x,y\",2\r\n", "a\tb\n\n\nc\td", "a|b\r1|2\r\r3|4",
		"\xef\xbb\xbfNom;Montant\n\"Dupont; fils\";\"1 234,56\"\n", "sep=;\na;b\n", "sep=",
		"\xff\xfea\x00;\x00b\x00\n\x00", "\xfe\xff\x00a\x00\t\x00b", "caf\xe9;12,50 \x80\n",
		"\"unclosed\n;;\n", "\"\"\"\n\"", "\r\n\r\n", "", "\n", "a;\"b\nc\";d\n\ne\n", "12\xa4;s\xbdur",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewCSVReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("NewCSVReader: %v", err)
		}
		prev := 0
		// A record needs at least one byte of input, line ends included.
		for i := 0; ; i++ {
			if i > len(data)+1 {
				t.Fatalf("more records than input bytes: reader is looping")
			}
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("Next: %v", err)
			}
			if len(rec) == 0 {
				t.Fatalf("empty record at row %d", r.Row())
			}
			if r.Row() <= prev {
				t.Fatalf("row %d after row %d", r.Row(), prev)
			}
			prev = r.Row()
		}
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("Next after EOF: %v", err)
		}
	})
}
