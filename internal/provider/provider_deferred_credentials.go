package provider

import (
	"context"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// deferMissingCredentials lets a provider without any credentials be configured: it still serves the logins,
// which need none (the ephemeral lakefs_sts_login and lakefs_external_principal_login feed a second, aliased
// provider). Every authenticated request then fails with the problem's text instead of reaching lakeFS.
func deferMissingCredentials(cfg client.Config, problems []settingsProblem) (client.Config, []settingsProblem) {
	kept := problems[:0:0]
	for _, p := range problems {
		if p.deferred {
			cfg.TokenSource = missingCredentials{p.summary + ": " + p.detail}
			continue
		}
		kept = append(kept, p)
	}
	return cfg, kept
}

type missingCredentials struct{ text string }

func (m missingCredentials) Token(context.Context) (string, error) {
	return "", constError(m.text)
}
