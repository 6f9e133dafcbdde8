package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewSTSLoginEphemeralResource exchanges an OIDC authorization code for a lakeFS token (stsLogin).
func NewSTSLoginEphemeralResource() ephemeral.EphemeralResource {
	return &stsLoginEphemeralResource{ephemeralNamed("sts_login")}
}

type stsLoginEphemeralResource struct{ ephemeralBase }

type stsLoginModel struct {
	Code            types.String `tfsdk:"code"`
	State           types.String `tfsdk:"state"`
	RedirectURI     types.String `tfsdk:"redirect_uri"`
	TTLSeconds      types.Int64  `tfsdk:"ttl_seconds"`
	Token           types.String `tfsdk:"token"`
	TokenExpiration types.Int64  `tfsdk:"token_expiration"`
}

func (r *stsLoginEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Exchanges an OIDC authorization code for a short-lived lakeFS token (STS login; lakeFS Enterprise and lakeFS " +
			"Cloud). Ephemeral: the token never reaches the plan or the state.",
		Attributes: map[string]schema.Attribute{
			"code": schema.StringAttribute{
				Required:            true,
				Sensitive:           true,
				MarkdownDescription: "OIDC authorization code.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"state": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "OAuth `state` that came with the code.",
			},
			"redirect_uri": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Redirect URI the code was issued for.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"ttl_seconds": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Token lifetime in seconds. lakeFS defaults to `3600` and caps it at `43200` (12 hours).",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"token":            loginTokenAttribute(),
			"token_expiration": loginTokenExpirationAttribute(),
		},
	}
}

func (r *stsLoginEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m stsLoginModel
	if !decode(ctx, req.Config, &m, &resp.Diagnostics) || !r.configured(&resp.Diagnostics) {
		return
	}
	tok, err := r.data.client.STSLogin(ctx, client.StsAuthRequest{
		Code: m.Code.ValueString(), State: m.State.ValueString(), RedirectURI: m.RedirectURI.ValueString(),
		TTLSeconds: m.TTLSeconds.ValueInt64Pointer(),
	})
	if err != nil {
		addLoginError(&resp.Diagnostics, err, "STS login", "the OIDC authorization code")
		return
	}
	m.Token, m.TokenExpiration = types.StringValue(tok.Token), types.Int64Value(tok.TokenExpiration)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
