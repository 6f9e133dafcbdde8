package client

import (
	"context"
	"net/http"
	"net/url"
)

// ExternalPrincipal attaches an external identity (an AWS IAM ARN) to a lakeFS user.
// Settings is never populated by lakeFS.
type ExternalPrincipal struct {
	ID       string         `json:"id"`
	UserID   string         `json:"user_id"`
	Settings map[string]any `json:"settings,omitempty"`
}

// ExternalPrincipalList is one page of listUserExternalPrincipals.
type ExternalPrincipalList = Page[ExternalPrincipal]

func principalQuery(principalID string) url.Values {
	return url.Values{"principalId": {principalID}}
}

// CreateUserExternalPrincipal attaches principalID to userID (POST /auth/users/{userId}/external/principals?principalId=;
// 201 without a body; 501 on lakeFS OSS). Settings are sent as {"settings":{...}} when not nil (lakeFS ignores them).
// Not idempotent: a replay after success answers 409, so a failure that may have reached the server is reported
// as IsOutcomeUnknown and the caller reconciles with GetExternalPrincipal.
func (c *Client) CreateUserExternalPrincipal(ctx context.Context, userID, principalID string, settings map[string]string) error {
	cl := call{op: "createUserExternalPrincipal", method: http.MethodPost,
		path: pathf("/auth/users/%s/external/principals", userID), query: principalQuery(principalID)}
	if settings != nil {
		cl.json = struct {
			Settings map[string]string `json:"settings"`
		}{settings}
	}
	return c.do(ctx, cl, nil)
}

// DeleteUserExternalPrincipal detaches principalID from userID (DELETE ...?principalId=; 204).
func (c *Client) DeleteUserExternalPrincipal(ctx context.Context, userID, principalID string) error {
	return c.deleteAt(ctx, "deleteUserExternalPrincipal", pathf("/auth/users/%s/external/principals", userID), principalQuery(principalID))
}

// GetExternalPrincipal finds the user a principal is attached to (GET /auth/external/principals?principalId=).
func (c *Client) GetExternalPrincipal(ctx context.Context, principalID string) (*ExternalPrincipal, error) {
	return getJSON[ExternalPrincipal](ctx, c, "getExternalPrincipal", "/auth/external/principals", principalQuery(principalID))
}

// ListUserExternalPrincipals reads one page of a user's principals (GET /auth/users/{userId}/external/principals/ls).
func (c *Client) ListUserExternalPrincipals(ctx context.Context, userID string, opts ListOptions) (*ExternalPrincipalList, error) {
	return getJSON[ExternalPrincipalList](ctx, c, "listUserExternalPrincipals", pathf("/auth/users/%s/external/principals/ls", userID), opts.values())
}

// ListAllUserExternalPrincipals reads every page (1000 per call) of a user's principals whose id starts with prefix.
func (c *Client) ListAllUserExternalPrincipals(ctx context.Context, userID, prefix string) ([]ExternalPrincipal, error) {
	return listAll(ctx, "listUserExternalPrincipals", prefix, func(ctx context.Context, opts ListOptions) (*Page[ExternalPrincipal], error) {
		return c.ListUserExternalPrincipals(ctx, userID, opts)
	})
}
