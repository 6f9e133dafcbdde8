package provider

import (
	"fmt"
	"strings"
)

// splitImportID splits an import id of the form "a/b/.../rest" into n parts; the last part keeps any further
// "/" (object paths contain them). Every part must be non-empty.
func splitImportID(id string, n int, format string) ([]string, error) {
	parts := strings.SplitN(id, "/", n)
	if len(parts) != n {
		return nil, fmt.Errorf("expected an import id of the form %s, got %q", format, id)
	}
	for _, p := range parts {
		if p == "" {
			return nil, fmt.Errorf("expected an import id of the form %s with no empty part, got %q", format, id)
		}
	}
	return parts, nil
}
