package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewPullRequestsDataSource lists a repository's pull requests.
func NewPullRequestsDataSource() datasource.DataSource {
	return &pullRequestsDataSource{dataSourceNamed("pull_requests")}
}

type pullRequestsDataSource struct{ dataSourceBase }

type pullRequestsDataSourceModel struct {
	Repository   types.String             `tfsdk:"repository"`
	Prefix       types.String             `tfsdk:"prefix"`
	Status       types.String             `tfsdk:"status"`
	PullRequests []listedPullRequestModel `tfsdk:"pull_requests"`
}

const prStatusAll = "all"

func (d *pullRequestsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	listed := listedPullRequestAttributes()
	listed["id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The pull request id."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a repository's pull requests, newest first (lakeFS's order). Every page is read, 1000 pull requests per call.\n\n" +
			"lakeFS's list leaves out each pull request's `description` and `merged_commit_id`; read one with the `lakefs_pull_request` data source for those.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The repository.",
				Validators:          repositoryIDValidators(),
			},
			"prefix": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only pull requests whose **id** starts with this prefix.",
			},
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only pull requests with this status: `open`, `closed`, `merged`, or `all` (the default). " +
					"Unlike lakeFS's own `closed` filter, `closed` does not include merged pull requests.",
				Validators: []validator.String{stringvalidator.OneOf(prStatusOpen, prStatusClosed, prStatusMerged, prStatusAll)},
			},
			"pull_requests": listedItems("The pull requests, newest first.", listed),
		},
	}
}

func (d *pullRequestsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model pullRequestsDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	repo := model.Repository.ValueString()
	prs, err := d.data.listPullRequests(ctx, repo, model.Prefix.ValueString(), model.Status.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot list pull requests of repository %q", repo), err)
		return
	}
	model.PullRequests = mapped(prs, listedPullRequest)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
