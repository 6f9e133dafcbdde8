// Package provider implements the lakeFS Terraform provider: schemas, CRUD and diagnostics.
// All HTTP goes through internal/client.
package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/upload"
)

var (
	_ provider.Provider                       = (*lakefsProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*lakefsProvider)(nil)
	_ provider.ProviderWithFunctions          = (*lakefsProvider)(nil)
	_ provider.ProviderWithActions            = (*lakefsProvider)(nil)
	_ provider.ProviderWithListResources      = (*lakefsProvider)(nil)
)

// New returns a constructor of the provider for the given release version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &lakefsProvider{version: version} }
}

type lakefsProvider struct {
	version string
}

type providerModel struct {
	Endpoint           types.String `tfsdk:"endpoint"`
	AccessKeyID        types.String `tfsdk:"access_key_id"`
	SecretAccessKey    types.String `tfsdk:"secret_access_key"`
	Token              types.String `tfsdk:"token"`
	ConfigFile         types.String `tfsdk:"config_file"`
	MaxRetries         types.Int64  `tfsdk:"max_retries"`
	RequestTimeout     types.String `tfsdk:"request_timeout"`
	InsecureSkipVerify types.Bool   `tfsdk:"insecure_skip_verify"`
	CACertPEM          types.String `tfsdk:"ca_cert_pem"`
	CACertFile         types.String `tfsdk:"ca_cert_file"`
	MultipartThreshold types.Int64  `tfsdk:"multipart_threshold"`
	PartSize           types.Int64  `tfsdk:"part_size"`
	UploadConcurrency  types.Int64  `tfsdk:"upload_concurrency"`
	AWSIAM             types.Object `tfsdk:"aws_iam"`
}

func (p *lakefsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "lakefs"
	resp.Version = p.version
}

func (p *lakefsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages lakeFS, including its experimental API: pull requests, user external principals, " +
			"object user metadata, branch hard reset, presigned multipart upload and logins.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "lakeFS server URL, for example `https://lakefs.example.com`; a trailing `/` or `/api/v1` is accepted. " +
					"Environment: `LAKEFS_ENDPOINT`, then `LAKECTL_SERVER_ENDPOINT_URL`, then the lakectl file's `server.endpoint_url`.",
				Validators: []validator.String{endpointValidator},
			},
			"access_key_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Access key id. Environment: `LAKEFS_ACCESS_KEY_ID`, then `LAKECTL_CREDENTIALS_ACCESS_KEY_ID`.",
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot("token")),
				},
			},
			"secret_access_key": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Secret access key. Environment: `LAKEFS_SECRET_ACCESS_KEY`, then `LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY`.",
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot("token")),
				},
			},
			"token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "A lakeFS bearer token (JWT) instead of an access key pair. Environment: `LAKEFS_TOKEN`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"config_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of a lakectl YAML configuration to read the endpoint and credentials from. " +
					"Environment: `LAKECTL_CONFIG_FILE`. Default: `~/.lakectl.yaml` when it exists.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times a failed request is retried (connection errors, 429, 503 and, for idempotent requests, " +
					"500/502/504), with exponential backoff honouring `Retry-After`. Default `5`; `0` disables retries. Environment: `LAKEFS_MAX_RETRIES`.",
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			"request_timeout": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "How long to wait for lakeFS to answer a request, as a duration such as `60s`. Default `60s`. Environment: `LAKEFS_REQUEST_TIMEOUT`.",
				Validators:          []validator.String{durationValidator},
			},
			"insecure_skip_verify": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Skip TLS certificate verification. Default `false`. Environment: `LAKEFS_INSECURE_SKIP_VERIFY`.",
			},
			"ca_cert_pem": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Extra trusted root certificates, PEM encoded.",
				Validators: []validator.String{
					stringvalidator.ConflictsWith(path.MatchRoot("ca_cert_file")),
					pemValidator,
				},
			},
			"ca_cert_file": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path of a PEM file of extra trusted root certificates. Environment: `LAKEFS_CA_CERT_FILE`.",
				Validators:          []validator.String{readableFileValidator},
			},
			"multipart_threshold": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Object content of at least this many bytes is uploaded through presigned multipart upload, in parallel parts " +
					"sent straight to the object store, when the server offers it (`pre_sign_multipart_upload` in its configuration: S3 only). " +
					"Smaller content, and any content on other servers, is streamed through lakeFS in one request. Default `67108864` (64 MiB).",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"part_size": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Size in bytes of each part of a multipart upload, between 5 MiB (`5242880`, the S3 minimum) and 5 GiB. " +
					"It is grown for files that would otherwise need more than 10000 parts. Default `16777216` (16 MiB).",
				Validators: []validator.Int64{int64validator.Between(upload.MinPartSize, upload.MaxPartSize)},
			},
			"upload_concurrency": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "How many parts of one multipart upload are sent at the same time, from `1` to `64`. Default `4`.",
				Validators:          []validator.Int64{int64validator.Between(1, upload.MaxConcurrency)},
			},
		},
		Blocks: map[string]schema.Block{
			"aws_iam": awsIAMBlockSchema(),
		},
	}
}

func (p *lakefsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var model providerModel
	if !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	// A value known only after apply (an endpoint from another resource): nothing can be read yet. Resources
	// see no client and keep their state; the provider is configured again with known values at apply.
	if hasUnknown(model) {
		tflog.Debug(ctx, "provider configuration has unknown values; deferring client creation")
		return
	}

	home, _ := os.UserHomeDir()
	block := model.toBlockSettings()
	block.AWSIAM = awsIAMBlockFrom(ctx, model.AWSIAM, &resp.Diagnostics)
	cfg, problems := resolveSettings(block, os.Getenv, home)
	// Without credentials the provider still serves the logins (ephemeral resources); other calls fail then.
	cfg, problems = deferMissingCredentials(cfg, problems)
	for _, problem := range problems {
		if problem.attribute != "" {
			resp.Diagnostics.AddAttributeError(path.Root(problem.attribute), problem.summary, problem.detail)
		} else {
			resp.Diagnostics.AddError(problem.summary, problem.detail)
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.UserAgent = "terraform-provider-lakefs/" + p.version + " terraform/" + req.TerraformVersion

	if !configureAWSIAM(ctx, &cfg, &resp.Diagnostics) {
		return
	}

	c, err := client.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the lakeFS client", err.Error())
		return
	}
	data := &providerData{client: c, requestTimeout: cfg.RequestTimeout}
	data.uploads = upload.NewUploader(c, c, model.uploadSettings())
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

func (p *lakefsProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewRepositoryResource,
		NewUserExternalPrincipalResource,
		NewObjectUserMetadataResource,
		NewBranchHardResetResource,
		NewBranchResource,
		NewObjectResource,
		NewCommitResource,
		NewPullRequestResource,
		NewPullRequestMergeResource,
		NewGCRulesResource,
		NewRepositoryMetadataResource,
		NewUserResource,
		NewGroupResource,
		NewGroupMembershipResource,
		NewGroupACLResource,
		NewUserCredentialsResource,
		NewPolicyResource,
		NewUserPolicyAttachmentResource,
		NewGroupPolicyAttachmentResource,
		NewTagResource,
		NewBranchProtectionResource,
	}
}

func (p *lakefsProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewExternalPrincipalDataSource,
		NewUserExternalPrincipalsDataSource,
		NewRepositoryDataSource,
		NewBranchDataSource,
		NewCurrentUserDataSource,
		NewPullRequestDataSource,
		NewPullRequestsDataSource,
		NewUserDataSource,
		NewUsersDataSource,
		NewGroupDataSource,
		NewGroupsDataSource,
		NewCommitDataSource,
		NewObjectDataSource,
		NewObjectsDataSource,
		NewRepositoriesDataSource,
		NewBranchesDataSource,
		NewTagDataSource,
	}
}

func (p *lakefsProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewSTSLoginEphemeralResource,
		NewExternalPrincipalLoginEphemeralResource,
	}
}

func (p *lakefsProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		NewCommitAction,
		NewMergeAction,
		NewBranchHardResetAction,
		NewRevertAction,
		NewCherryPickAction,
	}
}

func (p *lakefsProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewParseURIFunction,
		NewBuildURIFunction,
	}
}

func (p *lakefsProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewRepositoryList,
		NewBranchList,
		NewTagList,
		NewPullRequestList,
		NewObjectList,
	}
}

func hasUnknown(m providerModel) bool {
	for _, v := range []interface{ IsUnknown() bool }{
		m.Endpoint, m.AccessKeyID, m.SecretAccessKey, m.Token, m.ConfigFile, m.MaxRetries,
		m.RequestTimeout, m.InsecureSkipVerify, m.CACertPEM, m.CACertFile, m.AWSIAM,
		m.MultipartThreshold, m.PartSize, m.UploadConcurrency,
	} {
		if v.IsUnknown() {
			return true
		}
	}
	return awsIAMHasUnknown(m.AWSIAM)
}

func (m providerModel) toBlockSettings() blockSettings {
	return blockSettings{
		Endpoint:           m.Endpoint.ValueStringPointer(),
		AccessKeyID:        m.AccessKeyID.ValueStringPointer(),
		SecretAccessKey:    m.SecretAccessKey.ValueStringPointer(),
		Token:              m.Token.ValueStringPointer(),
		ConfigFile:         m.ConfigFile.ValueStringPointer(),
		MaxRetries:         m.MaxRetries.ValueInt64Pointer(),
		RequestTimeout:     m.RequestTimeout.ValueStringPointer(),
		InsecureSkipVerify: m.InsecureSkipVerify.ValueBoolPointer(),
		CACertPEM:          m.CACertPEM.ValueStringPointer(),
		CACertFile:         m.CACertFile.ValueStringPointer(),
	}
}
