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
type UserList struct {
	Pagination Pagination `json:"pagination"`
	Results    []User     `json:"results"`
}

// CreateUser creates a user (POST /auth/users; 201). Not idempotent. lakeFS OSS always answers 409.
func (c *Client) CreateUser(ctx context.Context, user UserCreation) (*User, error) {
	var out User
	if err := c.do(ctx, call{op: "createUser", method: http.MethodPost, path: "/auth/users", json: user}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetUser reads a user (GET /auth/users/{userId}; 404 when unknown).
func (c *Client) GetUser(ctx context.Context, userID string) (*User, error) {
	var out User
	err := c.do(ctx, call{op: "getUser", method: http.MethodGet, path: pathf("/auth/users/%s", userID), idempotent: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteUser deletes a user (DELETE /auth/users/{userId}; 204). On lakeFS OSS deleting the admin bricks the install.
func (c *Client) DeleteUser(ctx context.Context, userID string) error {
	return c.do(ctx, call{op: "deleteUser", method: http.MethodDelete, path: pathf("/auth/users/%s", userID), idempotent: true}, nil)
}

// ListUsers reads one page of users (GET /auth/users).
func (c *Client) ListUsers(ctx context.Context, opts ListOptions) (*UserList, error) {
	var out UserList
	err := c.do(ctx, call{op: "listUsers", method: http.MethodGet, path: "/auth/users", query: opts.values(), idempotent: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
