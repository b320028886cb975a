package importer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sampleSize is how much of a file DecodeText looks at to guess its encoding.
const sampleSize = 64 << 10

// Encoding names reported by DecodeText.
const (
	EncUTF8        = "UTF-8"
	EncUTF16LE     = "UTF-16LE"
	EncUTF16BE     = "UTF-16BE"
	EncWindows1252 = "Windows-1252"
	EncISO885915   = "ISO-8859-15"
)

// DecodeText guesses the encoding of a text file from its first 64 KiB and returns a
// reader giving the whole file as UTF-8, without a byte order mark, and the encoding's
// name. The file is streamed, never read whole. Text that is not UTF-8 is taken as
// Windows-1252, what French Excel writes, unless it looks like ISO-8859-15.
func DecodeText(r io.Reader) (io.Reader, string, error) {
	br := bufio.NewReaderSize(r, sampleSize)
	sample, err := br.Peek(sampleSize)
	atEOF := false
	switch {
	case err == nil:
	case errors.Is(err, io.EOF):
		atEOF = true
	default:
		return nil, "", err
	}
	var name string
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(sample, []byte{0xEF, 0xBB, 0xBF}):
		if _, err := br.Discard(3); err != nil {
			return nil, "", err
		}
		name, enc = EncUTF8, unicode.UTF8
	case bytes.HasPrefix(sample, []byte{0xFF, 0xFE}):
		name, enc = EncUTF16LE, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(sample, []byte{0xFE, 0xFF}):
		name, enc = EncUTF16BE, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case looksUTF8(sample, atEOF):
		name, enc = EncUTF8, unicode.UTF8
	case looksISO885915(sample):
		name, enc = EncISO885915, charmap.ISO8859_15
	default:
		name, enc = EncWindows1252, charmap.Windows1252
	}
	// The UTF-8 decoder too: it turns stray invalid bytes further on into U+FFFD.
	return transform.NewReader(br, enc.NewDecoder()), name, nil
}

// looksUTF8 reports whether sample is UTF-8. A sequence cut by the end of the sample is
// ignored when the file goes on; at the end of the file it only is when the rest has
// UTF-8 letters, since a lone Windows-1252 "é" at the very end also looks like a cut one.
func looksUTF8(sample []byte, atEOF bool) bool {
	body, tail := splitIncomplete(sample)
	if !utf8.Valid(body) {
		return false
	}
	if len(tail) == 0 || !atEOF {
		return true
	}
	for _, c := range body {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// splitIncomplete splits off a trailing partial UTF-8 sequence: a lead byte followed by
// fewer continuation bytes than it announces.
func splitIncomplete(b []byte) (body, tail []byte) {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		c := b[i]
		if c&0xC0 == 0x80 {
			continue // continuation byte: keep looking for the lead
		}
		need := 0
		switch {
		case c&0xE0 == 0xC0:
			need = 2
		case c&0xF0 == 0xE0:
			need = 3
		case c&0xF8 == 0xF0:
			need = 4
		}
		if need > len(b)-i {
			return b[:i], b[i:]
		}
		break
	}
	return b, nil
}

// looksISO885915 reports whether 8-bit text with no Windows-1252 C1 bytes (0x80–0x9F)
// uses the few characters where ISO-8859-15 differs from Windows-1252: € (0xA4) written
// next to an amount, or Œ œ Ÿ Š š (0xBC 0xBD 0xBE 0xA6 0xA8) inside words, where the
// Windows-1252 reading (¤ ¼ ½ ¾ ¦ ¨) makes no sense.
func looksISO885915(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 && c <= 0x9F {
			return false
		}
	}
	for i, c := range b {
		var before, after byte
		if i > 0 {
			before = b[i-1]
		}
		if i+1 < len(b) {
			after = b[i+1]
		}
		switch c {
		case 0xA4:
			if isASCIIDigit(before) || before == ' ' || before == 0xA0 || isASCIIDigit(after) {
				return true
			}
		case 0xBC, 0xBD, 0xBE, 0xA6, 0xA8:
			if isLatin1Letter(before) || isLatin1Letter(after) {
				return true
			}
		}
	}
	return false
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

// isLatin1Letter: an ASCII letter or an accented Latin-1 letter (0xC0–0xFF but × and ÷).
func isLatin1Letter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0xC0 && c != 0xD7 && c != 0xF7
}
