package provider

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// loginTokenSource hands out a lakeFS token obtained by login and renews it shortly before it expires. The
// mutex makes parallel operations wait for one login instead of each logging in.
type loginTokenSource struct {
	login func(ctx context.Context) (*client.AuthenticationToken, error)
	// ttl is the lifetime asked for, used when lakeFS does not say when the token expires.
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	token   string
	renewAt time.Time
	// refused is a login lakeFS turned down (401, 403, 404, 501): asking again with the same identity
	// would only repeat the answer once per resource.
	refused error
}

var _ client.TokenSource = (*loginTokenSource)(nil)

// maxRenewMargin is how long before expiry a token is renewed, at most (lakectl's refresh interval).
const maxRenewMargin = 5 * time.Minute

func (s *loginTokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refused != nil {
		return "", s.refused
	}
	now := s.now()
	if s.token != "" && now.Before(s.renewAt) {
		return s.token, nil
	}
	tok, err := s.login(ctx)
	if err != nil {
		err = awsIAMLoginError(err)
		if isRefusal(err) {
			s.refused = err
		}
		return "", err
	}
	expires := now.Add(s.ttl)
	if tok.TokenExpiration > 0 {
		expires = time.Unix(tok.TokenExpiration, 0)
	}
	// Renew a quarter of the lifetime early, at most maxRenewMargin, so short-lived tokens still get used.
	margin := min(expires.Sub(now)/4, maxRenewMargin)
	s.token, s.renewAt = tok.Token, expires.Add(-margin)
	tflog.Debug(ctx, "logged in to lakeFS with AWS IAM", map[string]any{"token_expiration": expires.UTC().Format(time.RFC3339)})
	return s.token, nil
}

// newAWSIAMTokenSource logs in through loginClient (which carries no credentials) with a freshly presigned
// identity each time: a presigned request is only valid for settings.PresignTTL.
func newAWSIAMTokenSource(loginClient *client.Client, settings awsIAMSettings) *loginTokenSource {
	serverID := lakeFSServerID(loginClient.Endpoint())
	ttlSeconds := int(settings.TokenTTL / time.Second)
	return &loginTokenSource{
		ttl: settings.TokenTTL,
		now: time.Now,
		login: func(ctx context.Context) (*client.AuthenticationToken, error) {
			identity, err := awsIdentityRequest(ctx, settings, serverID)
			if err != nil {
				return nil, err
			}
			return loginClient.ExternalPrincipalLogin(ctx, client.ExternalLoginInformation{
				IdentityRequest: identity, TokenExpirationDuration: &ttlSeconds,
			})
		},
	}
}

// awsIAMLoginError explains a failed external principal login. It quotes lakeFS's message, never the
// identity request or a token.
func awsIAMLoginError(err error) error {
	return explainLoginError(err, "external principal (AWS IAM) login", "the AWS IAM identity")
}
