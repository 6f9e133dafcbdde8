package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewExternalPrincipalLoginEphemeralResource exchanges an external identity for a lakeFS token (externalPrincipalLogin).
func NewExternalPrincipalLoginEphemeralResource() ephemeral.EphemeralResource {
	return &externalPrincipalLoginEphemeralResource{ephemeralNamed("external_principal_login")}
}

type externalPrincipalLoginEphemeralResource struct{ ephemeralBase }

type externalPrincipalLoginModel struct {
	IdentityRequest         types.Dynamic `tfsdk:"identity_request"`
	TokenExpirationDuration types.Int64   `tfsdk:"token_expiration_duration"`
	Token                   types.String  `tfsdk:"token"`
	TokenExpiration         types.Int64   `tfsdk:"token_expiration"`
}

func (r *externalPrincipalLoginEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Exchanges an external identity (for AWS IAM, a presigned STS `GetCallerIdentity` request) for a short-lived lakeFS token " +
			"(lakeFS Enterprise and lakeFS Cloud). Ephemeral: the token never reaches the plan or the state.",
		Attributes: map[string]schema.Attribute{
			"identity_request": schema.DynamicAttribute{
				Required:  true,
				Sensitive: true,
				MarkdownDescription: "The identity request, an object passed to lakeFS unchanged as `identityRequest` " +
					"(for AWS IAM: `{ identity_token = \"...\" }`).",
				Validators: []validator.Dynamic{objectLikeDynamic{}},
			},
			"token_expiration_duration": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Token lifetime in seconds. Default: lakeFS's `auth.login_duration`; lakeFS caps it at " +
					"`auth.login_max_duration`.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"token":            loginTokenAttribute(),
			"token_expiration": loginTokenExpirationAttribute(),
		},
	}
}

func (r *externalPrincipalLoginEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m externalPrincipalLoginModel
	if !decode(ctx, req.Config, &m, &resp.Diagnostics) || !r.configured(&resp.Diagnostics) {
		return
	}
	identity, err := dynamicToJSON(m.IdentityRequest)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("identity_request"), "Invalid identity request", err.Error())
		return
	}
	object, _ := identity.(map[string]any)
	info := client.ExternalLoginInformation{IdentityRequest: object}
	if !m.TokenExpirationDuration.IsNull() {
		d := int(m.TokenExpirationDuration.ValueInt64())
		info.TokenExpirationDuration = &d
	}
	tok, err := r.data.client.ExternalPrincipalLogin(ctx, info)
	if err != nil {
		addLoginError(&resp.Diagnostics, err, "external principal login", "the identity")
		return
	}
	m.Token, m.TokenExpiration = types.StringValue(tok.Token), types.Int64Value(tok.TokenExpiration)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
