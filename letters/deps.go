package letters

// Holds the chosen dependencies in go.mod while the files that use them are written.
import (
	_ "codeberg.org/go-pdf/fpdf"
	_ "github.com/emersion/go-smtp"
	_ "github.com/wneessen/go-mail"
)
