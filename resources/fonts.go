package resources

import _ "embed"

// The letters' font: DejaVu Sans, whose licence (resources/fonts/LICENSE-DejaVu.txt) allows
// embedding. PDF core fonts cannot print € or Œ.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// FontRegular is the TrueType font letters are set in.
func FontRegular() []byte { return fontRegular }

// FontBold is its bold face.
func FontBold() []byte { return fontBold }
