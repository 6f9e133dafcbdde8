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

// setRepositoryMetadata merges. An empty map returns at once, before the repository is even looked up (204 for a
// missing one); otherwise the id is not validated, so a malformed one is just "repository not found".
func (s *Server) setRepositoryMetadata(c *reqCtx) error {
	set, _ := c.bMap("metadata")
	if len(set) == 0 {
		writeNoContent(c.w, http.StatusNoContent)
		return nil
	}
	r := s.st.repos[c.p("repository")]
	if r == nil {
		return errRepoNotFound
	}
	if r.metadata == nil {
		r.metadata = map[string]string{}
	}
	for k, v := range set {
		r.metadata[k] = v
	}
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

// deleteRepositoryMetadata drops the keys; unknown keys are ignored. Like set, an empty list does nothing at all.
func (s *Server) deleteRepositoryMetadata(c *reqCtx) error {
	keys, _ := c.body["keys"].([]any)
	if len(keys) == 0 {
		writeNoContent(c.w, http.StatusNoContent)
		return nil
	}
	r := s.st.repos[c.p("repository")]
	if r == nil {
		return errRepoNotFound
	}
	if r.metadata == nil {
		r.metadata = map[string]string{}
	}
	for _, k := range keys {
		key, _ := k.(string)
		delete(r.metadata, key)
	}
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}
