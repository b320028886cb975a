package cli

import (
	"database/sql"

	_ "modernc.org/sqlite"
)

func bumpSchema(path string) error {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (9999, '2030-01-01T00:00:00Z')`)
	return err
}
