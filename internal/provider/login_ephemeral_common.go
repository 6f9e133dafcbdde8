package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

// What the login ephemeral resources (lakefs_sts_login, lakefs_external_principal_login) share: the token they
// open, and how a refused login is reported.

func loginTokenAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		Sensitive:           true,
		MarkdownDescription: "The lakeFS token; send it as a bearer token (the provider's `token`).",
	}
}

func loginTokenExpirationAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		Computed:            true,
		MarkdownDescription: "When the token expires, in Unix seconds.",
	}
}

// addLoginError reports a failed login: login names it ("STS login"), identity what was presented ("the OIDC
// authorization code"), as explainLoginError and loginSummary take them.
func addLoginError(diags *diag.Diagnostics, err error, login, identity string) {
	err = explainLoginError(err, login, identity)
	diags.AddError(loginSummary(err, login), err.Error())
}
