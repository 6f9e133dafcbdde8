package provider

import (
	"crypto/md5" //nolint:gosec // the checksum lakeFS reports
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
)

// The hashes of a source file cover the whole file, whatever its size, and match those of the same inline content.
func TestObjectContentHashes(t *testing.T) {
	for _, size := range []int{0, 1, 32<<10 + 7, 3 << 20} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i * 7)
		}
		name := filepath.Join(t.TempDir(), "content")
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, m := sha256.Sum256(data), md5.Sum(data) //nolint:gosec // see the import
		want := contentHashes{SHA256: hex.EncodeToString(s[:]), MD5: hex.EncodeToString(m[:])}
		got, err := objectContent{file: name}.hashes()
		if err != nil || got != want {
			t.Errorf("file of %d bytes: got %+v, %v; want %+v", size, got, err, want)
		}
		inline := string(data)
		if got, err := (objectContent{inline: &inline}).hashes(); err != nil || got != want {
			t.Errorf("inline of %d bytes: got %+v, %v; want %+v", size, got, err, want)
		}
	}
	if _, err := (objectContent{file: filepath.Join(t.TempDir(), "missing")}).hashes(); err == nil {
		t.Error("a missing file hashed without error")
	}
}
