package testserver

import (
	"encoding/json"
	"net/http"
)

// Garbage collection rules (controller.go:GetGCRules/SetGCRules/DeleteGCRules, catalog.go,
// retention/garbage_collection_manager.go). lakeFS keeps them as a protobuf object in the storage namespace:
//   - the repository id is not validated (a malformed one is "repository not found");
//   - no rules gives 404 "not found"; delete writes an empty object, and so does a set of all zero values
//     (default 0, no branches), so both read back as 404;
//   - retention days are int32: larger values wrap, negative ones are kept; branch ids are not checked, and for a
//     repeated branch id the last rule wins;
//   - set and delete refuse read-only repositories (403).

func init() {
	branchRule := field{kind: fObject, fields: []field{
		{name: "branch_id", kind: fString, required: true}, {name: "retention_days", kind: fInt, required: true}}}
	registerOperation(&operation{ID: "getGCRules", Method: http.MethodGet, Path: "/repositories/{repository}/settings/gc_rules",
		handler: userLocked((*Server).getGCRules)})
	registerOperation(&operation{ID: "setGCRules", Method: http.MethodPut, Path: "/repositories/{repository}/settings/gc_rules",
		body: &bodySpec{required: true, fields: []field{
			{name: "default_retention_days", kind: fInt, required: true},
			{name: "branches", kind: fArray, required: true, elem: &branchRule}}},
		handler: userLocked((*Server).setGCRules)})
	registerOperation(&operation{ID: "deleteGCRules", Method: http.MethodDelete, Path: "/repositories/{repository}/settings/gc_rules",
		handler: userLocked((*Server).deleteGCRules)})
}

type gcRules struct {
	defaultDays int32
	branches    map[string]int32
}

type gcRuleJSON struct {
	BranchID      string `json:"branch_id"`
	RetentionDays int32  `json:"retention_days"`
}

// settingsRepo finds a repository for the settings operations, which skip id validation (404 only).
func (s *Server) settingsRepo(c *reqCtx) (*repository, error) {
	r := s.st.repos[c.p("repository")]
	if r == nil {
		return nil, errRepoNotFound
	}
	return r, nil
}

func (s *Server) getGCRules(c *reqCtx) error {
	r, err := s.settingsRepo(c)
	if err != nil {
		return err
	}
	if r.gc == nil {
		return errNotFound
	}
	// lakeFS ranges over a Go map (random order) and sends null when there are no branch rules.
	var branches []gcRuleJSON
	for _, id := range sortedKeys(r.gc.branches) {
		branches = append(branches, gcRuleJSON{BranchID: id, RetentionDays: r.gc.branches[id]})
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"branches": branches, "default_retention_days": r.gc.defaultDays})
	return nil
}

func (s *Server) setGCRules(c *reqCtx) error {
	def, _ := c.bInt("default_retention_days")
	rules := &gcRules{defaultDays: int32(def), branches: map[string]int32{}} //nolint:gosec // lakeFS truncates too
	list, _ := c.body["branches"].([]any)
	for _, item := range list {
		m, _ := item.(map[string]any)
		id, _ := m["branch_id"].(string)
		n, _ := m["retention_days"].(json.Number)
		days, _ := n.Int64()
		rules.branches[id] = int32(days) //nolint:gosec // lakeFS truncates too
	}
	r, err := s.settingsRepo(c)
	if err != nil {
		return err
	}
	if r.ReadOnly {
		return errReadOnly
	}
	if rules.defaultDays == 0 && len(rules.branches) == 0 {
		rules = nil // marshals to zero bytes: "no rules"
	}
	r.gc = rules
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

func (s *Server) deleteGCRules(c *reqCtx) error {
	r, err := s.settingsRepo(c)
	if err != nil {
		return err
	}
	if r.ReadOnly {
		return errReadOnly
	}
	r.gc = nil
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}
