package testserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Policies and their attachments, for EditionEnterprise, after api/swagger.yml, pkg/api/controller.go and the auth
// service semantics of contrib/auth/acl/service.go (the Enterprise auth server itself is not public). lakeFS with the
// ACL server (rbac: simplified) answers 501 before authentication; lakeFS OSS alone 501 after it. Group ACLs are
// policies too (named ACL(_-_)<group>), which Enterprise lists like any other.

type policy struct {
	ID           string
	CreationDate int64
	Statement    []statement
	acl          string // the permission of a group ACL policy; "" for other policies
}

type statement struct {
	Effect    string                         `json:"effect"`
	Resource  string                         `json:"resource"`
	Action    []string                       `json:"action"`
	Condition map[string]map[string][]string `json:"condition,omitempty"`
}

const aclPolicyPrefix = "ACL(_-_)"

var errPolicyNotFound = &apiError{http.StatusNotFound, "policy not found"}

// aclStatements approximates acl.ACLToStatement (visible only through Enterprise's policy listings); nil for a
// permission other than Read, Write, Super, Admin (case-sensitive).
func aclStatements(permission string) []statement {
	all := func(actions ...string) []statement {
		return []statement{{Effect: "allow", Resource: "*", Action: actions}}
	}
	switch permission {
	case "Read":
		return all("fs:Read*", "fs:List*", "auth:ReadCredentials", "auth:CreateCredentials", "auth:DeleteCredentials", "auth:ListCredentials")
	case "Write":
		return all("fs:*", "auth:ReadCredentials", "auth:CreateCredentials", "auth:DeleteCredentials", "auth:ListCredentials", "branches:Get*", "branches:List*")
	case "Super":
		return all("fs:*", "auth:ReadCredentials", "auth:CreateCredentials", "auth:DeleteCredentials", "auth:ListCredentials", "ci:*", "retention:Get*", "branches:Get*", "branches:List*")
	case "Admin":
		return all("fs:*", "auth:*", "ci:*", "retention:*", "branches:*", "pr:*", "catalog:*")
	}
	return nil
}

// writeACLPolicy creates or replaces the ACL policy of a group (which need not exist). Caller holds s.mu.
func (st *state) writeACLPolicy(groupID, permission string, now int64) {
	id := aclPolicyPrefix + groupID
	st.policies[id] = &policy{ID: id, CreationDate: now, Statement: aclStatements(permission), acl: permission}
}

func init() {
	policyOps := []string{"createPolicy", "getPolicy", "updatePolicy", "deletePolicy", "listPolicies",
		"attachPolicyToUser", "detachPolicyFromUser", "listUserPolicies",
		"attachPolicyToGroup", "detachPolicyFromGroup", "listGroupPolicies"}
	for _, op := range policyOps {
		registerEditionHandler(EditionACL, op, (*Server).notImplementedPreAuth)
	}
	registerEditionHandler(EditionEnterprise, "createPolicy", userLocked((*Server).createPolicy))
	registerEditionHandler(EditionEnterprise, "getPolicy", userLocked((*Server).getPolicy))
	registerEditionHandler(EditionEnterprise, "updatePolicy", userLocked((*Server).updatePolicy))
	registerEditionHandler(EditionEnterprise, "deletePolicy", userLocked((*Server).deletePolicy))
	registerEditionHandler(EditionEnterprise, "listPolicies", userLocked((*Server).listPolicies))
	registerEditionHandler(EditionEnterprise, "attachPolicyToUser", userLocked((*Server).attachPolicyToUser))
	registerEditionHandler(EditionEnterprise, "detachPolicyFromUser", userLocked((*Server).detachPolicyFromUser))
	registerEditionHandler(EditionEnterprise, "listUserPolicies", userLocked((*Server).listUserPolicies))
	registerEditionHandler(EditionEnterprise, "attachPolicyToGroup", userLocked((*Server).attachPolicyToGroup))
	registerEditionHandler(EditionEnterprise, "detachPolicyFromGroup", userLocked((*Server).detachPolicyFromGroup))
	registerEditionHandler(EditionEnterprise, "listGroupPolicies", userLocked((*Server).listGroupPolicies))
}

// policyBodyFields is schema Policy (creation_date is accepted and ignored).
func policyBodyFields() []field {
	stmt := field{kind: fObject, fields: []field{
		{name: "effect", kind: fString, required: true, enum: []string{"allow", "deny"}},
		{name: "resource", kind: fString, required: true},
		{name: "action", kind: fArray, required: true, elem: &field{kind: fString}},
		{name: "condition", kind: fObject},
	}}
	return []field{{name: "id", kind: fString, required: true}, {name: "creation_date", kind: fInt},
		{name: "statement", kind: fArray, required: true, elem: &stmt}}
}

func policyJSON(p *policy) map[string]any {
	return map[string]any{"creation_date": p.CreationDate, "id": p.ID, "statement": p.Statement}
}

// policyFromBody decodes a validated Policy body and checks minItems (kin-openapi) and then ValidatePolicy
// (the auth server's 400, passed on as "invalid request").
func policyFromBody(c *reqCtx) (*policy, error) {
	raw, _ := json.Marshal(c.body)
	var body struct {
		ID        string      `json:"id"`
		Statement []statement `json:"statement"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, bodyErr("", err.Error())
	}
	if len(body.Statement) == 0 {
		return nil, bodyErr("/statement", "minimum number of items is 1")
	}
	for i, st := range body.Statement {
		if len(st.Action) == 0 {
			return nil, bodyErr("/statement/"+strconv.Itoa(i)+"/action", "minimum number of items is 1")
		}
	}
	return &policy{ID: body.ID, Statement: body.Statement}, nil
}

// validPolicy is acl.ValidatePolicy: the id rules, actions "service:name" of a known service, resources "*" or an
// ARN ("arn:" and at least five colons).
func validPolicy(p *policy) bool {
	if !validAuthEntityID(p.ID) {
		return false
	}
	services := map[string]bool{"fs": true, "auth": true, "ci": true, "retention": true, "branches": true, "pr": true, "catalog": true}
	for _, st := range p.Statement {
		for _, a := range st.Action {
			parts := strings.Split(a, ":")
			if len(parts) != 2 || !services[parts[0]] {
				return false
			}
		}
		if st.Resource != "*" && (!strings.HasPrefix(st.Resource, "arn:") || strings.Count(st.Resource, ":") < 5) {
			return false
		}
	}
	return true
}

func (s *Server) createPolicy(c *reqCtx) error {
	p, err := policyFromBody(c)
	if err != nil {
		return err
	}
	if err := checkNamePercent(p.ID, "Policy"); err != nil {
		return err
	}
	if !validPolicy(p) {
		return errAuthInvalid
	}
	if s.st.policies[p.ID] != nil {
		return errAuthExists
	}
	return s.storePolicy(c, p, http.StatusCreated)
}

// storePolicy dates p now, stores it under its id and answers it with status.
func (s *Server) storePolicy(c *reqCtx, p *policy, status int) error {
	p.CreationDate = nowUnix()
	s.st.policies[p.ID] = p
	writeJSON(c.w, status, policyJSON(p))
	return nil
}

func (s *Server) getPolicy(c *reqCtx) error {
	return writeFound(c, s.st.policies, c.p("policyId"), errPolicyNotFound, policyJSON)
}

// updatePolicy replaces an existing policy's statements and resets its creation date (200).
func (s *Server) updatePolicy(c *reqCtx) error {
	p, err := policyFromBody(c)
	if err != nil {
		return err
	}
	if p.ID != c.p("policyId") {
		return errf(http.StatusBadRequest, "can't update policy id")
	}
	if !validPolicy(p) {
		return errAuthInvalid
	}
	if s.st.policies[p.ID] == nil {
		return errAuthNotFound
	}
	return s.storePolicy(c, p, http.StatusOK)
}

// deletePolicy detaches the policy from every user and group.
func (s *Server) deletePolicy(c *reqCtx) error {
	id := c.p("policyId")
	if err := deleteFound(s.st.policies, id, errPolicyNotFound); err != nil {
		return err
	}
	for _, attached := range s.st.userPolicies {
		delete(attached, id)
	}
	for _, g := range s.st.groups {
		delete(g.policies, id)
	}
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

// writePolicyPage answers a policy listing of the given ids. Caller holds s.mu.
func (s *Server) writePolicyPage(c *reqCtx, ids []string) {
	writeAuthPage(c, ids, func(id string) map[string]any { return policyJSON(s.st.policies[id]) })
}

func (s *Server) listPolicies(c *reqCtx) error {
	s.writePolicyPage(c, sortedKeys(s.st.policies))
	return nil
}

// userPolicy checks both ends of a user attachment, the user first: the user's policies and the policy. Caller
// holds s.mu.
func (s *Server) userPolicy(c *reqCtx) (map[string]bool, string, error) {
	userID, policyID := c.p("userId"), c.p("policyId")
	if s.st.users[userID] == nil || s.st.policies[policyID] == nil {
		return nil, "", errAuthNotFound
	}
	if s.st.userPolicies[userID] == nil {
		s.st.userPolicies[userID] = map[string]bool{}
	}
	return s.st.userPolicies[userID], policyID, nil
}

func (s *Server) attachPolicyToUser(c *reqCtx) error { return addLink(c, s.userPolicy) }

func (s *Server) detachPolicyFromUser(c *reqCtx) error { return removeLink(c, s.userPolicy) }

// listUserPolicies: the user's own attachments (a missing user has none: 200), or with effective=true also those
// of its groups (404 for a missing user).
func (s *Server) listUserPolicies(c *reqCtx) error {
	userID := c.p("userId")
	ids := map[string]bool{}
	for id := range s.st.userPolicies[userID] {
		ids[id] = true
	}
	if c.qBool("effective", false) {
		if s.st.users[userID] == nil {
			return errAuthNotFound
		}
		for _, g := range s.st.groups {
			if g.members[userID] {
				for id := range g.policies {
					if s.st.policies[id] != nil {
						ids[id] = true
					}
				}
			}
		}
	}
	s.writePolicyPage(c, sortedKeys(ids))
	return nil
}

// groupPolicy checks both ends of a group attachment: the group's policies and the policy. Caller holds s.mu.
func (s *Server) groupPolicy(c *reqCtx) (map[string]bool, string, error) {
	g, policyID := s.st.groups[c.p("groupId")], c.p("policyId")
	if g == nil || s.st.policies[policyID] == nil {
		return nil, "", errAuthNotFound
	}
	return g.policies, policyID, nil
}

func (s *Server) attachPolicyToGroup(c *reqCtx) error { return addLink(c, s.groupPolicy) }

func (s *Server) detachPolicyFromGroup(c *reqCtx) error { return removeLink(c, s.groupPolicy) }

// listGroupPolicies: a missing group has none (200).
func (s *Server) listGroupPolicies(c *reqCtx) error {
	var ids []string
	if g := s.st.groups[c.p("groupId")]; g != nil {
		for id := range g.policies {
			if s.st.policies[id] != nil {
				ids = append(ids, id)
			}
		}
	}
	s.writePolicyPage(c, ids)
	return nil
}
