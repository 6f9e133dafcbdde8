package client

import (
	"context"
	"net/http"
)

// AuthenticationToken is a lakeFS JWT; send it back as a bearer token. TokenExpiration is in Unix seconds.
type AuthenticationToken struct {
	Token           string `json:"token"`
	TokenExpiration int64  `json:"token_expiration,omitempty"`
}

// ExternalLoginInformation is the body of externalPrincipalLogin. For AWS IAM, IdentityRequest is
// {"identity_token": base64(JSON of a presigned STS GetCallerIdentity request)}.
type ExternalLoginInformation struct {
	IdentityRequest map[string]any `json:"identityRequest"`
	// TokenExpirationDuration is the wanted token lifetime in seconds.
	TokenExpirationDuration *int `json:"token_expiration_duration,omitempty"`
}

// StsAuthRequest is the body of stsLogin: an OIDC authorization code exchange.
type StsAuthRequest struct {
	Code        string `json:"code"`
	State       string `json:"state"`
	RedirectURI string `json:"redirect_uri"`
	TTLSeconds  *int64 `json:"ttl_seconds,omitempty"`
}

// Login exchanges an access key pair for a token (POST /auth/login, no credentials needed).
func (c *Client) Login(ctx context.Context, accessKeyID, secretAccessKey string) (*AuthenticationToken, error) {
	body := struct {
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
	}{accessKeyID, secretAccessKey}
	return doJSON[AuthenticationToken](ctx, c, call{op: "login", method: http.MethodPost, path: "/auth/login", json: body, idempotent: true, noAuth: true})
}

// GetCurrentUser returns the authenticated user (GET /user). Without valid credentials lakeFS answers 200 with an
// empty user: callers testing credentials must check that ID != "".
func (c *Client) GetCurrentUser(ctx context.Context) (*User, error) {
	var out struct {
		User User `json:"user"`
	}
	err := c.do(ctx, call{op: "getCurrentUser", method: http.MethodGet, path: "/user", idempotent: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out.User, nil
}

// ExternalPrincipalLogin exchanges an external identity (AWS IAM) for a token (POST /auth/external/principal/login,
// no credentials; 501 on lakeFS OSS). It is treated as idempotent: the identity request is a presigned STS
// request that can be replayed until it expires, so repeating the login has no side effect.
func (c *Client) ExternalPrincipalLogin(ctx context.Context, info ExternalLoginInformation) (*AuthenticationToken, error) {
	if info.IdentityRequest == nil {
		info.IdentityRequest = map[string]any{}
	}
	return doJSON[AuthenticationToken](ctx, c, call{op: "externalPrincipalLogin", method: http.MethodPost, path: "/auth/external/principal/login",
		json: info, idempotent: true, noAuth: true})
}

// STSLogin exchanges an OIDC code for a token (POST /sts/login, no credentials; 501 on lakeFS OSS).
// Not idempotent: the code is single-use, so it is never replayed after it may have reached the server.
func (c *Client) STSLogin(ctx context.Context, req StsAuthRequest) (*AuthenticationToken, error) {
	return doJSON[AuthenticationToken](ctx, c, call{op: "stsLogin", method: http.MethodPost, path: "/sts/login", json: req, noAuth: true})
}
