package testserver

import "net/http"

// getConfig copies the observed OSS/local answer (§5.1); pre-sign flags follow Options.PresignedMultipart.
func (s *Server) getConfig(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	pre := s.opts.PresignedMultipart
	storage := map[string]any{
		"blockstore_description":             "",
		"blockstore_id":                      "",
		"blockstore_namespace_ValidityRegex": "^local://",
		"blockstore_namespace_example":       "local://example-bucket/",
		"blockstore_type":                    "local",
		"default_namespace_prefix":           "local://",
		"import_support":                     false,
		"import_validity_regex":              "^local://",
		"pre_sign_multipart_upload":          pre,
		"pre_sign_support":                   pre,
		"pre_sign_support_ui":                false,
	}
	writeJSON(c.w, http.StatusOK, map[string]any{
		"capabilities_config": map[string]any{},
		"storage_config":      storage,
		"storage_config_list": []any{},
		"ui_config":           map[string]any{},
		"version_config":      s.versionConfig(),
	})
	return nil
}

func (s *Server) versionConfig() map[string]any {
	return map[string]any{"version": s.opts.Version, "version_context": "lakeFS"}
}

func (s *Server) getLakeFSVersion(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, s.versionConfig())
	return nil
}

func (s *Server) healthCheck(c *reqCtx) error {
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

// getSetupState: the double is always set up (§4.5).
func (s *Server) getSetupState(c *reqCtx) error {
	writeJSON(c.w, http.StatusOK, map[string]any{"state": "initialized", "comm_prefs_missing": false, "login_config": map[string]any{}})
	return nil
}
