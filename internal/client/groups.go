package client

import (
	"context"
	"net/http"
)

// Groups, memberships and group ACLs. lakeFS OSS alone answers 501 to all of them; with an auth server (lakeFS's ACL
// server, or Enterprise) they work. The ACL server creates the groups Admins, Supers, Writers and Readers at setup.

// Group is a lakeFS group. Name (the display name, equal to ID) is sent by listGroups, listUserGroups and
// createGroup, not by getGroup; Description is not sent by listUserGroups. CreationDate is in Unix seconds.
type Group struct {
	ID           string  `json:"id"`
	Name         *string `json:"name,omitempty"`
	Description  *string `json:"description,omitempty"`
	CreationDate int64   `json:"creation_date"`
}

// GroupCreation is the body of createGroup.
type GroupCreation struct {
	ID          string  `json:"id"`
	Description *string `json:"description,omitempty"`
}

// GroupList is one page of listGroups or listUserGroups.
type GroupList = Page[Group]

// ACL is a group's access level (getGroupACL, setGroupACL): Permission is one of "Read", "Write", "Super", "Admin"
// (case-sensitive), or "" for a group without an ACL. lakeFS 1.84 has no per-repository ACL: the ACL covers all
// repositories, and fields other than permission are ignored.
type ACL struct {
	Permission string `json:"permission"`
}

// ACL permissions accepted by setGroupACL.
const (
	ACLRead  = "Read"
	ACLWrite = "Write"
	ACLSuper = "Super"
	ACLAdmin = "Admin"
)

// CreateGroup creates a group (POST /auth/groups; 201). The id may be anything but empty, and without '/' or '%'
// (400). Not idempotent: a replay after success answers 409, so a failure that may have reached lakeFS is reported
// as IsOutcomeUnknown and the caller reconciles with GetGroup.
func (c *Client) CreateGroup(ctx context.Context, group GroupCreation) (*Group, error) {
	return doJSON[Group](ctx, c, call{op: "createGroup", method: http.MethodPost, path: "/auth/groups", json: group})
}

// GetGroup reads a group (GET /auth/groups/{groupId}; 404 "group not found").
func (c *Client) GetGroup(ctx context.Context, groupID string) (*Group, error) {
	return getJSON[Group](ctx, c, "getGroup", pathf("/auth/groups/%s", groupID), nil)
}

// DeleteGroup deletes a group with its memberships and ACL (DELETE /auth/groups/{groupId}; 204; 404 when missing).
func (c *Client) DeleteGroup(ctx context.Context, groupID string) error {
	return c.deleteAt(ctx, "deleteGroup", pathf("/auth/groups/%s", groupID), nil)
}

// ListGroups reads one page of groups (GET /auth/groups).
func (c *Client) ListGroups(ctx context.Context, opts ListOptions) (*GroupList, error) {
	return getJSON[GroupList](ctx, c, "listGroups", "/auth/groups", opts.values())
}

// ListAllGroups reads every page (1000 per call) of the groups whose id starts with prefix.
func (c *Client) ListAllGroups(ctx context.Context, prefix string) ([]Group, error) {
	return listAll(ctx, "listGroups", prefix, c.ListGroups)
}

// AddGroupMembership puts userID in groupID (PUT /auth/groups/{groupId}/members/{userId}; 201 without a body; 404 "not
// found" when either is missing). Not idempotent: a replay after success answers 409 "Already exists", so a failure
// that may have reached lakeFS is reported as IsOutcomeUnknown and the caller reconciles with ListAllUserGroups.
func (c *Client) AddGroupMembership(ctx context.Context, groupID, userID string) error {
	return c.do(ctx, call{op: "addGroupMembership", method: http.MethodPut, path: pathf("/auth/groups/%s/members/%s", groupID, userID)}, nil)
}

// DeleteGroupMembership takes userID out of groupID (DELETE /auth/groups/{groupId}/members/{userId}; 204, also when
// the user was not a member; 404 when the group or the user is missing).
func (c *Client) DeleteGroupMembership(ctx context.Context, groupID, userID string) error {
	return c.deleteAt(ctx, "deleteGroupMembership", pathf("/auth/groups/%s/members/%s", groupID, userID), nil)
}

// ListGroupMembers reads one page of a group's members (GET /auth/groups/{groupId}/members; 404 for a missing group).
func (c *Client) ListGroupMembers(ctx context.Context, groupID string, opts ListOptions) (*UserList, error) {
	return getJSON[UserList](ctx, c, "listGroupMembers", pathf("/auth/groups/%s/members", groupID), opts.values())
}

// ListAllGroupMembers reads every page (1000 per call) of a group's members whose id starts with prefix.
func (c *Client) ListAllGroupMembers(ctx context.Context, groupID, prefix string) ([]User, error) {
	return listAll(ctx, "listGroupMembers", prefix, func(ctx context.Context, opts ListOptions) (*Page[User], error) {
		return c.ListGroupMembers(ctx, groupID, opts)
	})
}

// ListUserGroups reads one page of the groups a user is in (GET /auth/users/{userId}/groups; 404 for a missing user).
// With a prefix, lakeFS's next_offset cannot be used as the next after (QUIRKS.md): page without a prefix.
func (c *Client) ListUserGroups(ctx context.Context, userID string, opts ListOptions) (*GroupList, error) {
	return getJSON[GroupList](ctx, c, "listUserGroups", pathf("/auth/users/%s/groups", userID), opts.values())
}

// ListAllUserGroups reads every page (1000 per call) of the groups a user is in.
func (c *Client) ListAllUserGroups(ctx context.Context, userID string) ([]Group, error) {
	return listAll(ctx, "listUserGroups", "", func(ctx context.Context, opts ListOptions) (*Page[Group], error) {
		return c.ListUserGroups(ctx, userID, opts)
	})
}

// GetGroupACL reads a group's ACL (GET /auth/groups/{groupId}/acl). A group without an ACL, and also a missing
// group, answers 200 with Permission "". 404 with no_acl comes only for a group with foreign policies attached.
func (c *Client) GetGroupACL(ctx context.Context, groupID string) (*ACL, error) {
	return getJSON[ACL](ctx, c, "getGroupACL", pathf("/auth/groups/%s/acl", groupID), nil)
}

// SetGroupACL replaces a group's ACL (POST /auth/groups/{groupId}/acl; 201 without a body; 400 for a permission
// other than Read, Write, Super, Admin; 404 for a missing group). Idempotent: setting the same ACL again answers 201.
func (c *Client) SetGroupACL(ctx context.Context, groupID string, acl ACL) error {
	return c.do(ctx, call{op: "setGroupACL", method: http.MethodPost, path: pathf("/auth/groups/%s/acl", groupID),
		json: acl, idempotent: true}, nil)
}
