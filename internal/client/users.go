package client

import (
	"context"
	"net/http"
)

// User is a lakeFS user. CreationDate is in Unix seconds.
type User struct {
	ID           string `json:"id"`
	CreationDate int64  `json:"creation_date"`
	FriendlyName string `json:"friendly_name,omitempty"`
	Email        string `json:"email,omitempty"`
}

// UserCreation is the body of createUser.
type UserCreation struct {
	ID         string `json:"id"`
	InviteUser *bool  `json:"invite_user,omitempty"`
}

// UserList is one page of listUsers.
type UserList = Page[User]

// CreateUser creates a user (POST /auth/users; 201 with only id and creation_date). Not idempotent: a replay after
// success answers 409, so a failure that may have reached lakeFS is reported as IsOutcomeUnknown and the caller
// reconciles with GetUser or ListAllUsers. lakeFS OSS (single user) always answers 409. lakeFS 1.84 has no operation
// to set or change a user's email or friendly name: only an invitation (UserCreation.InviteUser, with an
// auth server) sets the email, to the id as given.
func (c *Client) CreateUser(ctx context.Context, user UserCreation) (*User, error) {
	return doJSON[User](ctx, c, call{op: "createUser", method: http.MethodPost, path: "/auth/users", json: user})
}

// GetUser reads a user (GET /auth/users/{userId}; 404 when unknown).
func (c *Client) GetUser(ctx context.Context, userID string) (*User, error) {
	return getJSON[User](ctx, c, "getUser", pathf("/auth/users/%s", userID), nil)
}

// DeleteUser deletes a user (DELETE /auth/users/{userId}; 204), with its credentials, group memberships and policy
// attachments. On lakeFS OSS deleting the admin bricks the install. With an auth server, lakeFS caches users: for
// up to ~20 s after the delete getUser may still answer 200, and a second delete 204.
func (c *Client) DeleteUser(ctx context.Context, userID string) error {
	return c.deleteAt(ctx, "deleteUser", pathf("/auth/users/%s", userID), nil)
}

// ListUsers reads one page of users (GET /auth/users).
func (c *Client) ListUsers(ctx context.Context, opts ListOptions) (*UserList, error) {
	return getJSON[UserList](ctx, c, "listUsers", "/auth/users", opts.values())
}

// ListAllUsers reads every page (1000 per call) of the users whose id starts with prefix.
func (c *Client) ListAllUsers(ctx context.Context, prefix string) ([]User, error) {
	return listAll(ctx, "listUsers", prefix, c.ListUsers)
}
