package testserver

import (
	"net/http"
	"sort"
	"strings"
)

// Groups, memberships and group ACLs, as lakeFS 1.84 serves them through lakeFS's ACL server (EditionACL, checked
// against a real one) and, the same way, for EditionEnterprise. lakeFS OSS alone answers 501 after authentication
// (the handlers in operations.go). The auth server's answers reach the client through APIAuthService.validateResponse:
// its 400 becomes "invalid request", its 404 "not found", its 409 "Already exists".

type group struct {
	ID           string
	Description  string
	CreationDate int64
	members      map[string]bool // user ids
	policies     map[string]bool // attached policy ids (a group ACL is the policy aclPolicyPrefix+ID)
}

func init() {
	for _, ed := range []Edition{EditionACL, EditionEnterprise} {
		registerEditionHandler(ed, "createGroup", userLocked((*Server).createGroup))
		registerEditionHandler(ed, "getGroup", userLocked((*Server).getGroup))
		registerEditionHandler(ed, "deleteGroup", userLocked((*Server).deleteGroup))
		registerEditionHandler(ed, "listGroups", userLocked((*Server).listGroups))
		registerEditionHandler(ed, "addGroupMembership", userLocked((*Server).addGroupMembership))
		registerEditionHandler(ed, "deleteGroupMembership", userLocked((*Server).deleteGroupMembership))
		registerEditionHandler(ed, "listGroupMembers", userLocked((*Server).listGroupMembers))
		registerEditionHandler(ed, "listUserGroups", userLocked((*Server).listUserGroups))
		registerEditionHandler(ed, "getGroupACL", userLocked((*Server).getGroupACL))
		registerEditionHandler(ed, "setGroupACL", userLocked((*Server).setGroupACL))
	}
}

// seedGroups creates the groups an auth server starts with, the bootstrap user in Admins. The ACL server
// (contrib/auth/acl/setup.go) gives each its ACL; Enterprise's policies (pkg/auth/setup) are not seeded.
func (st *state) seedGroups(opts Options, now int64) {
	var names, acls []string
	switch opts.Edition {
	case EditionACL:
		names, acls = []string{"Admins", "Supers", "Writers", "Readers"}, []string{"Admin", "Super", "Write", "Read"}
	case EditionEnterprise:
		names = []string{"Admins", "SuperUsers", "Developers", "Viewers"}
	default:
		return
	}
	for i, name := range names {
		g := &group{ID: name, CreationDate: now, members: map[string]bool{}, policies: map[string]bool{}}
		st.groups[name] = g
		if acls != nil {
			st.writeACLPolicy(g.ID, acls[i], now)
			g.policies[aclPolicyPrefix+g.ID] = true
		}
	}
	st.groups["Admins"].members[opts.User] = true
}

// authPage pages an auth-service listing like the ACL server's ListKVPaged (authScan); a full page sets next_offset
// to its last id without the prefix, even when nothing follows; has_more is next_offset != ""; max_per_page is 0.
func authPage(ids []string, prefix, after string, amount int) ([]string, pagination) {
	out, full := authScan(ids, prefix, after, amount)
	p := pagination{Results: len(out)}
	if full {
		p.NextOffset = strings.TrimPrefix(out[len(out)-1], prefix)
		p.HasMore = p.NextOffset != ""
	}
	return out, p
}

// authScan is the ACL server's paged scan: ids in byte order, keeping those that start with prefix; after is read
// relative to the prefix (the scan starts after prefix+after); at most amount (absent or 0: 100; at most 1000).
// full says the page holds that many.
func authScan(ids []string, prefix, after string, amount int) ([]string, bool) {
	sort.Strings(ids)
	amount = min(pageAmount(amount), 1000)
	start := ""
	if after != "" {
		start = prefix + after
	}
	out := make([]string, 0)
	for _, id := range ids {
		if !strings.HasPrefix(id, prefix) || (start != "" && id <= start) {
			continue
		}
		out = append(out, id)
		if len(out) == amount {
			return out, true
		}
	}
	return out, false
}

// checkAuthEntityID is isNameValid (before authorization) for users, groups and policies.
func checkNamePercent(id, kind string) error {
	if strings.Contains(id, "%") {
		return errf(http.StatusBadRequest, "%s name cannot contain '%%'", kind)
	}
	return nil
}

// errAuthInvalid, errAuthNotFound and errAuthExists are the auth server's 400, 404 and 409 as lakeFS passes them on.
var (
	errAuthInvalid  = &apiError{http.StatusBadRequest, "invalid request"}
	errAuthNotFound = &apiError{http.StatusNotFound, "not found"}
	errAuthExists   = &apiError{http.StatusConflict, "Already exists"}
)

var errGroupNotFound = &apiError{http.StatusNotFound, "group not found"}

// validAuthEntityID is model.ValidateAuthEntityID: not empty, no '/'.
func validAuthEntityID(id string) bool { return id != "" && !strings.Contains(id, "/") }

func (s *Server) createGroup(c *reqCtx) error {
	id, _ := c.bStr("id")
	if err := checkNamePercent(id, "Group"); err != nil {
		return err
	}
	if !validAuthEntityID(id) {
		return errAuthInvalid
	}
	if s.st.groups[id] != nil {
		return errAuthExists
	}
	g := &group{ID: id, CreationDate: nowUnix(), members: map[string]bool{}, policies: map[string]bool{}}
	desc, hasDesc := c.bStr("description")
	g.Description = desc
	s.st.groups[id] = g
	out := map[string]any{"creation_date": g.CreationDate, "id": g.ID, "name": g.ID}
	if hasDesc {
		out["description"] = desc
	}
	writeJSON(c.w, http.StatusCreated, out)
	return nil
}

func (s *Server) getGroup(c *reqCtx) error {
	return writeFound(c, s.st.groups, c.p("groupId"), errGroupNotFound, func(g *group) map[string]any {
		return map[string]any{"creation_date": g.CreationDate, "description": g.Description, "id": g.ID}
	})
}

// deleteGroup drops the group's memberships and policy attachments; its ACL policy is left behind, unattached.
func (s *Server) deleteGroup(c *reqCtx) error {
	if err := deleteFound(s.st.groups, c.p("groupId"), errGroupNotFound); err != nil {
		return err
	}
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

func (s *Server) listGroups(c *reqCtx) error {
	writeAuthPage(c, sortedKeys(s.st.groups), func(id string) map[string]any {
		g := s.st.groups[id]
		return map[string]any{"creation_date": g.CreationDate, "description": g.Description, "id": g.ID, "name": g.ID}
	})
	return nil
}

// membership looks up both ends of a membership, the user first, as the ACL server does: the group's members and
// the user. Caller holds s.mu.
func (s *Server) membership(c *reqCtx) (map[string]bool, string, error) {
	if s.st.users[c.p("userId")] == nil {
		return nil, "", errAuthNotFound
	}
	g := s.st.groups[c.p("groupId")]
	if g == nil {
		return nil, "", errAuthNotFound
	}
	return g.members, c.p("userId"), nil
}

// addGroupMembership: 201 without a body; a second add is 409.
func (s *Server) addGroupMembership(c *reqCtx) error { return addLink(c, s.membership) }

// deleteGroupMembership: 204 also when the user was not a member.
func (s *Server) deleteGroupMembership(c *reqCtx) error { return removeLink(c, s.membership) }

// addLink adds a link (a membership, an attachment) to the set that ends finds after checking both ends: 201
// without a body, 409 when it is there already.
func addLink(c *reqCtx, ends func(*reqCtx) (map[string]bool, string, error)) error {
	set, id, err := ends(c)
	if err != nil {
		return err
	}
	if set[id] {
		return errAuthExists
	}
	set[id] = true
	writeNoContent(c.w, http.StatusCreated)
	return nil
}

// removeLink removes a link from the set that ends finds after checking both ends: 204, also when it was not there.
func removeLink(c *reqCtx, ends func(*reqCtx) (map[string]bool, string, error)) error {
	set, id, err := ends(c)
	if err != nil {
		return err
	}
	delete(set, id)
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

func (s *Server) listGroupMembers(c *reqCtx) error {
	g := s.st.groups[c.p("groupId")]
	if g == nil {
		return errAuthNotFound
	}
	var members []string
	for id := range g.members {
		if s.st.users[id] != nil {
			members = append(members, id)
		}
	}
	writeAuthPage(c, members, func(id string) map[string]any { return userJSON(s.st.users[id]) })
	return nil
}

// listUserGroups follows the ACL server's ListUserGroups: it walks the groups that start with prefix from
// prefix+after and keeps the user's; a full page's next_offset is the last group's whole id (not relative to the
// prefix, unlike the other listings), so paging with a prefix does not work. Groups carry no description.
func (s *Server) listUserGroups(c *reqCtx) error {
	userID := c.p("userId")
	if s.st.users[userID] == nil {
		return errAuthNotFound
	}
	var mine []string
	for id, g := range s.st.groups {
		if g.members[userID] {
			mine = append(mine, id)
		}
	}
	page, full := authScan(mine, c.qs("prefix"), c.qs("after"), c.qInt("amount"))
	pg := pagination{Results: len(page)}
	if full {
		pg.NextOffset, pg.HasMore = page[len(page)-1], true
	}
	writePage(c, page, pg, func(id string) map[string]any {
		g := s.st.groups[id]
		return map[string]any{"creation_date": g.CreationDate, "id": g.ID, "name": g.ID}
	})
	return nil
}

// getGroupACL: the permission of the group's single attached policy. No policy (also for a missing group) is 200
// with permission ""; a policy that is not an ACL, or several, is 404 with no_acl (possible on Enterprise only).
func (s *Server) getGroupACL(c *reqCtx) error {
	var attached []string
	if g := s.st.groups[c.p("groupId")]; g != nil {
		attached = sortedKeys(g.policies)
	}
	permission := ""
	switch len(attached) {
	case 0:
	case 1:
		p := s.st.policies[attached[0]]
		if p == nil || p.acl == "" {
			writeJSON(c.w, http.StatusNotFound, map[string]any{"message": "Policy attached to group has no ACL", "no_acl": true})
			return nil
		}
		permission = p.acl
	default:
		writeJSON(c.w, http.StatusNotFound, map[string]any{"message": "Multiple policies attached to group - no ACL", "no_acl": true})
		return nil
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"permission": permission})
	return nil
}

// setGroupACL is acl.WriteGroupACL: write the policy ACL(_-_)<group> (even when the group is missing, which then
// fails on the attach with 404 and leaves the policy behind), attach it, detach every other policy. 201 without a body.
func (s *Server) setGroupACL(c *reqCtx) error {
	id := c.p("groupId")
	permission, _ := c.bStr("permission")
	if aclStatements(permission) == nil {
		return errf(http.StatusBadRequest, "%s: translate ACL {Permission:%s} to statements: validation error: Bad ACL permission %q", id, permission, permission)
	}
	s.st.writeACLPolicy(id, permission, nowUnix())
	g := s.st.groups[id]
	if g == nil {
		return errf(http.StatusNotFound, "attach policy %s to group %s: not found", aclPolicyPrefix+id, id)
	}
	g.policies = map[string]bool{aclPolicyPrefix + id: true}
	writeNoContent(c.w, http.StatusCreated)
	return nil
}

// createGroupOSS: the name check comes after authorization and before the auth service's 501.
func (s *Server) createGroupOSS(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	id, _ := c.bStr("id")
	if err := checkNamePercent(id, "Group"); err != nil {
		return err
	}
	return errNotImplemented
}
