package client

import (
	"context"
	"fmt"
	"net/http"
)

// Credentials is an access key of a user, without its secret. CreationDate is in Unix seconds.
type Credentials struct {
	AccessKeyID  string `json:"access_key_id"`
	CreationDate int64  `json:"creation_date"`
}

// CredentialsWithSecret is createCredentials' answer: the only time lakeFS hands out the secret.
// Its String and GoString hide the secret, so printing it with %v, %+v or %#v does not leak it.
type CredentialsWithSecret struct {
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
	CreationDate    int64  `json:"creation_date"`
}

func (c CredentialsWithSecret) String() string {
	return fmt.Sprintf("{AccessKeyID:%s SecretAccessKey:(hidden) CreationDate:%d}", c.AccessKeyID, c.CreationDate)
}

func (c CredentialsWithSecret) GoString() string { return "client.CredentialsWithSecret" + c.String() }

// CredentialsList is one page of listUserCredentials.
type CredentialsList = Page[Credentials]

// CreateCredentials makes a new access key pair for userID (POST /auth/users/{userId}/credentials; 201; 404 for a
// missing user). lakeFS OSS alone refuses with 400 "exceeded number of allowed credentials". Not idempotent: every
// call makes a new key and the secret is never shown again, so a failure that may have reached lakeFS is reported as
// IsOutcomeUnknown (an orphan key may exist: compare ListAllUserCredentials before and after). The secret is never
// logged.
func (c *Client) CreateCredentials(ctx context.Context, userID string) (*CredentialsWithSecret, error) {
	return doJSON[CredentialsWithSecret](ctx, c, call{op: "createCredentials", method: http.MethodPost, path: pathf("/auth/users/%s/credentials", userID)})
}

// GetCredentials reads one access key of userID (GET /auth/users/{userId}/credentials/{accessKeyId}; 404
// "credentials not found" also when the key belongs to another user).
func (c *Client) GetCredentials(ctx context.Context, userID, accessKeyID string) (*Credentials, error) {
	return getJSON[Credentials](ctx, c, "getCredentials", pathf("/auth/users/%s/credentials/%s", userID, accessKeyID), nil)
}

// DeleteCredentials revokes an access key (DELETE /auth/users/{userId}/credentials/{accessKeyId}; 204; 404 for a
// missing user or key). lakeFS's auth cache keeps a revoked key working for up to ~20 s. lakeFS does not check that
// the key belongs to userID: for another existing user it answers 204 and deletes nothing, so check with
// GetCredentials first. lakeFS OSS alone answers 501.
func (c *Client) DeleteCredentials(ctx context.Context, userID, accessKeyID string) error {
	return c.deleteAt(ctx, "deleteCredentials", pathf("/auth/users/%s/credentials/%s", userID, accessKeyID), nil)
}

// ListUserCredentials reads one page of a user's access keys (GET /auth/users/{userId}/credentials). A missing user
// has an empty list (200), not 404. lakeFS OSS alone answers 501.
func (c *Client) ListUserCredentials(ctx context.Context, userID string, opts ListOptions) (*CredentialsList, error) {
	return getJSON[CredentialsList](ctx, c, "listUserCredentials", pathf("/auth/users/%s/credentials", userID), opts.values())
}

// ListAllUserCredentials reads every page (1000 per call) of a user's access keys that start with prefix.
func (c *Client) ListAllUserCredentials(ctx context.Context, userID, prefix string) ([]Credentials, error) {
	return listAll(ctx, "listUserCredentials", prefix, func(ctx context.Context, opts ListOptions) (*Page[Credentials], error) {
		return c.ListUserCredentials(ctx, userID, opts)
	})
}
