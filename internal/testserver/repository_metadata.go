package testserver

import "net/http"

// Repository metadata (controller.go:GetRepositoryMetadata/SetRepositoryMetadata/DeleteRepositoryMetadata,
// catalog.go, ref/manager.go). Keys and values are any strings, the empty key included; no reserved keys.
// Read-only repositories accept changes.

func init() {
	registerOperation(&operation{ID: "getRepositoryMetadata", Method: http.MethodGet, Path: "/repositories/{repository}/metadata",
		handler: userLocked((*Server).getRepositoryMetadata)})
	registerOperation(&operation{ID: "setRepositoryMetadata", Method: http.MethodPost, Path: "/repositories/{repository}/metadata",
		body:    &bodySpec{required: true, fields: []field{{name: "metadata", kind: fStrMap, required: true}}},
		handler: userLocked((*Server).setRepositoryMetadata)})
	registerOperation(&operation{ID: "deleteRepositoryMetadata", Method: http.MethodDelete, Path: "/repositories/{repository}/metadata",
		body:    &bodySpec{required: true, fields: []field{{name: "keys", kind: fArray, required: true, elem: &field{kind: fString}}}},
		handler: userLocked((*Server).deleteRepositoryMetadata)})
}

// getRepositoryMetadata validates the id (400) and answers {} when nothing was set.
func (s *Server) getRepositoryMetadata(c *reqCtx) error {
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	md := r.metadata
	if md == nil {
		md = map[string]string{}
	}
	writeJSON(c.w, http.StatusOK, md)
	return nil
}

// setRepositoryMetadata merges.
func (s *Server) setRepositoryMetadata(c *reqCtx) error {
	set, _ := c.bMap("metadata")
	md, err := s.changedMetadata(c, len(set))
	if err != nil {
		return err
	}
	for k, v := range set {
		md[k] = v
	}
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

// deleteRepositoryMetadata drops the keys; unknown keys are ignored.
func (s *Server) deleteRepositoryMetadata(c *reqCtx) error {
	keys, _ := c.body["keys"].([]any)
	md, err := s.changedMetadata(c, len(keys))
	if err != nil {
		return err
	}
	for _, k := range keys {
		key, _ := k.(string)
		delete(md, key)
	}
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

// changedMetadata is the metadata a set or delete of n keys changes. With no keys lakeFS returns at once, before it
// even looks up the repository (204 also for a missing one); otherwise the id is not validated, so a malformed one
// is just "repository not found" (settingsRepo).
func (s *Server) changedMetadata(c *reqCtx, n int) (map[string]string, error) {
	if n == 0 {
		return map[string]string{}, nil
	}
	r, err := s.settingsRepo(c)
	if err != nil {
		return nil, err
	}
	if r.metadata == nil {
		r.metadata = map[string]string{}
	}
	return r.metadata, nil
}
