package client

import (
	"context"
	"net/http"
)

// Policies and their attachments need lakeFS Enterprise (full RBAC). lakeFS OSS answers 501 after authentication;
// lakeFS with the ACL server (auth.ui_config.rbac: simplified) answers 501 before it.

// Statement is one rule of a policy. Effect is "allow" or "deny"; Resource is an ARN or "*"; Action holds action
// names such as "fs:ReadObject" or "fs:*". Condition maps an operator to fields to values (optional).
type Statement struct {
	Effect    string                         `json:"effect"`
	Resource  string                         `json:"resource"`
	Action    []string                       `json:"action"`
	Condition map[string]map[string][]string `json:"condition,omitempty"`
}

// Policy is a named list of statements (at least one). CreationDate (Unix seconds) is set by lakeFS.
type Policy struct {
	ID           string      `json:"id"`
	CreationDate *int64      `json:"creation_date,omitempty"`
	Statement    []Statement `json:"statement"`
}

// PolicyList is one page of listPolicies, listUserPolicies or listGroupPolicies.
type PolicyList = Page[Policy]

// CreatePolicy creates a policy (POST /auth/policies; 201; 400 for an invalid id, action, resource or effect; 409 when
// it exists). Not idempotent: a replay after success answers 409, so a failure that may have reached lakeFS is
// reported as IsOutcomeUnknown and the caller reconciles with GetPolicy.
func (c *Client) CreatePolicy(ctx context.Context, policy Policy) (*Policy, error) {
	return doJSON[Policy](ctx, c, call{op: "createPolicy", method: http.MethodPost, path: "/auth/policies", json: policy})
}

// GetPolicy reads a policy (GET /auth/policies/{policyId}; 404 "policy not found").
func (c *Client) GetPolicy(ctx context.Context, policyID string) (*Policy, error) {
	return getJSON[Policy](ctx, c, "getPolicy", pathf("/auth/policies/%s", policyID), nil)
}

// UpdatePolicy replaces the statements of an existing policy (PUT /auth/policies/{policyId}; 200; 404 when missing;
// 400 when policy.ID is not the policy's id). lakeFS resets its creation date.
func (c *Client) UpdatePolicy(ctx context.Context, policy Policy) (*Policy, error) {
	return doJSON[Policy](ctx, c, call{op: "updatePolicy", method: http.MethodPut, path: pathf("/auth/policies/%s", policy.ID),
		json: policy, idempotent: true})
}

// DeletePolicy deletes a policy and detaches it everywhere (DELETE /auth/policies/{policyId}; 204; 404 when missing).
func (c *Client) DeletePolicy(ctx context.Context, policyID string) error {
	return c.deleteAt(ctx, "deletePolicy", pathf("/auth/policies/%s", policyID), nil)
}

// ListPolicies reads one page of policies (GET /auth/policies).
func (c *Client) ListPolicies(ctx context.Context, opts ListOptions) (*PolicyList, error) {
	return getJSON[PolicyList](ctx, c, "listPolicies", "/auth/policies", opts.values())
}

// ListAllPolicies reads every page (1000 per call) of the policies whose id starts with prefix.
func (c *Client) ListAllPolicies(ctx context.Context, prefix string) ([]Policy, error) {
	return listAll(ctx, "listPolicies", prefix, c.ListPolicies)
}

// AttachPolicyToUser attaches a policy to a user (PUT /auth/users/{userId}/policies/{policyId}; 201 without a body;
// 404 when either is missing). Not idempotent: a replay after success answers 409, so a failure that may have reached
// lakeFS is reported as IsOutcomeUnknown and the caller reconciles with ListAllUserPolicies.
func (c *Client) AttachPolicyToUser(ctx context.Context, userID, policyID string) error {
	return c.do(ctx, call{op: "attachPolicyToUser", method: http.MethodPut, path: pathf("/auth/users/%s/policies/%s", userID, policyID)}, nil)
}

// DetachPolicyFromUser detaches a policy from a user (DELETE /auth/users/{userId}/policies/{policyId}; 204, also when
// it was not attached; 404 when the user or the policy is missing).
func (c *Client) DetachPolicyFromUser(ctx context.Context, userID, policyID string) error {
	return c.deleteAt(ctx, "detachPolicyFromUser", pathf("/auth/users/%s/policies/%s", userID, policyID), nil)
}

// ListUserPolicies reads one page of the policies attached to a user (GET /auth/users/{userId}/policies); with
// effective, also those of the user's groups.
func (c *Client) ListUserPolicies(ctx context.Context, userID string, effective bool, opts ListOptions) (*PolicyList, error) {
	q := opts.values()
	boolQuery(q, "effective", effective)
	return getJSON[PolicyList](ctx, c, "listUserPolicies", pathf("/auth/users/%s/policies", userID), q)
}

// ListAllUserPolicies reads every page (1000 per call) of the policies attached to a user (effective: or to its groups).
func (c *Client) ListAllUserPolicies(ctx context.Context, userID string, effective bool) ([]Policy, error) {
	return listAll(ctx, "listUserPolicies", "", func(ctx context.Context, opts ListOptions) (*Page[Policy], error) {
		return c.ListUserPolicies(ctx, userID, effective, opts)
	})
}

// AttachPolicyToGroup attaches a policy to a group (PUT /auth/groups/{groupId}/policies/{policyId}; 201 without a
// body; 404 when either is missing). Not idempotent, like AttachPolicyToUser; reconcile with ListAllGroupPolicies.
func (c *Client) AttachPolicyToGroup(ctx context.Context, groupID, policyID string) error {
	return c.do(ctx, call{op: "attachPolicyToGroup", method: http.MethodPut, path: pathf("/auth/groups/%s/policies/%s", groupID, policyID)}, nil)
}

// DetachPolicyFromGroup detaches a policy from a group (DELETE /auth/groups/{groupId}/policies/{policyId}; 204).
func (c *Client) DetachPolicyFromGroup(ctx context.Context, groupID, policyID string) error {
	return c.deleteAt(ctx, "detachPolicyFromGroup", pathf("/auth/groups/%s/policies/%s", groupID, policyID), nil)
}

// ListGroupPolicies reads one page of the policies attached to a group (GET /auth/groups/{groupId}/policies).
func (c *Client) ListGroupPolicies(ctx context.Context, groupID string, opts ListOptions) (*PolicyList, error) {
	return getJSON[PolicyList](ctx, c, "listGroupPolicies", pathf("/auth/groups/%s/policies", groupID), opts.values())
}

// ListAllGroupPolicies reads every page (1000 per call) of the policies attached to a group.
func (c *Client) ListAllGroupPolicies(ctx context.Context, groupID string) ([]Policy, error) {
	return listAll(ctx, "listGroupPolicies", "", func(ctx context.Context, opts ListOptions) (*Page[Policy], error) {
		return c.ListGroupPolicies(ctx, groupID, opts)
	})
}
