package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/objectvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// awsIAMModel is the provider's aws_iam block.
type awsIAMModel struct {
	Region               types.String `tfsdk:"region"`
	Profile              types.String `tfsdk:"profile"`
	TokenTTLSeconds      types.Int64  `tfsdk:"token_ttl_seconds"`
	URLPresignTTLSeconds types.Int64  `tfsdk:"url_presign_ttl_seconds"`
}

func awsIAMBlockSchema() schema.SingleNestedBlock {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Log in with an AWS IAM identity instead of lakeFS keys (lakeFS Enterprise and lakeFS Cloud): " +
			"a presigned STS `GetCallerIdentity` request, signed with the standard AWS credential chain, is exchanged for a " +
			"lakeFS token, renewed before it expires. An empty block `aws_iam {}` uses the defaults. Conflicts with " +
			"`access_key_id`, `secret_access_key` and `token`.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "AWS region of the STS endpoint to presign for. Default: the AWS configuration's region " +
					"(`AWS_REGION`, the profile), else `us-east-1`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"profile": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "AWS shared configuration profile to take credentials from. Default: `AWS_PROFILE`, else `default`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"token_ttl_seconds": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Lifetime of the lakeFS token to ask for, in seconds. Default `3600`. lakeFS caps it at " +
					"`auth.login_max_duration` (14 days by default).",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"url_presign_ttl_seconds": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "How long the presigned STS request stays valid, in seconds. Default `60`.",
				Validators:          []validator.Int64{int64validator.Between(1, 3600)},
			},
		},
		Validators: []validator.Object{
			objectvalidator.ConflictsWith(path.MatchRoot("access_key_id"), path.MatchRoot("secret_access_key"), path.MatchRoot("token")),
		},
	}
}

// awsIAMBlockFrom reads the block; nil when it is absent.
func awsIAMBlockFrom(ctx context.Context, obj types.Object, diags *diag.Diagnostics) *awsIAMSettings {
	if obj.IsNull() || obj.IsUnknown() {
		return nil
	}
	var m awsIAMModel
	diags.Append(obj.As(ctx, &m, basetypes.ObjectAsOptions{})...)
	settings := &awsIAMSettings{
		Region:     m.Region.ValueString(),
		Profile:    m.Profile.ValueString(),
		TokenTTL:   defaultAWSIAMTokenTTL,
		PresignTTL: defaultAWSIAMPresignTTL,
	}
	if !m.TokenTTLSeconds.IsNull() {
		settings.TokenTTL = time.Duration(m.TokenTTLSeconds.ValueInt64()) * time.Second
	}
	if !m.URLPresignTTLSeconds.IsNull() {
		settings.PresignTTL = time.Duration(m.URLPresignTTLSeconds.ValueInt64()) * time.Second
	}
	return settings
}

func awsIAMHasUnknown(obj types.Object) bool {
	if obj.IsUnknown() {
		return true
	}
	for _, v := range obj.Attributes() {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

// awsIAMPending marks a configuration that uses the aws_iam block until configureAWSIAM replaces it with a
// token source that can log in (that needs a client of its own).
type awsIAMPending struct{ settings awsIAMSettings }

func (awsIAMPending) Token(context.Context) (string, error) {
	return "", errAWSIAMNotWired
}

type constError string

func (e constError) Error() string { return string(e) }

const errAWSIAMNotWired = constError("the aws_iam login was not set up; please report this issue to the provider developers")

// configureAWSIAM swaps the pending aws_iam marker for a token source and logs in once, so a refused identity
// or a server without external principal login shows up as one clear diagnostic before any resource runs.
func configureAWSIAM(ctx context.Context, cfg *client.Config, diags *diag.Diagnostics) bool {
	pending, ok := cfg.TokenSource.(awsIAMPending)
	if !ok {
		return true
	}
	loginCfg := *cfg
	loginCfg.TokenSource = nil // the login itself carries no credentials
	loginClient, err := client.New(loginCfg)
	if err != nil {
		diags.AddError("Cannot configure the lakeFS client", err.Error())
		return false
	}
	source := newAWSIAMTokenSource(loginClient, pending.settings)
	if _, err := source.Token(ctx); err != nil {
		diags.AddAttributeError(path.Root("aws_iam"), loginSummary(err, "AWS IAM login"), err.Error())
		return false
	}
	cfg.TokenSource = source
	return true
}
