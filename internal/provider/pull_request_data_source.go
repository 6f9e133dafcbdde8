package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewPullRequestDataSource reads one pull request.
func NewPullRequestDataSource() datasource.DataSource {
	return &pullRequestDataSource{dataSourceNamed("pull_request")}
}

type pullRequestDataSource struct{ dataSourceBase }

type pullRequestDataSourceModel struct {
	Repository types.String `tfsdk:"repository"`
	ID         types.String `tfsdk:"id"`
	pullRequestFields
}

func (d *pullRequestDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := listedPullRequestAttributes() // title, status, author, branches and dates
	attributes["repository"] = schema.StringAttribute{Required: true, MarkdownDescription: "The repository.", Validators: repositoryIDValidators()}
	attributes["id"] = schema.StringAttribute{Required: true, MarkdownDescription: "The pull request id (20 characters).", Validators: pullRequestIDValidators()}
	attributes["description"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The description (empty when none was given)."}
	attributes["merged_commit_id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The merge commit, once merged; null before."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one lakeFS pull request, with its description and merge commit. A pull request that does not exist is an error.",
		Attributes:          attributes,
	}
}

func (d *pullRequestDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model pullRequestDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	repo, id := model.Repository.ValueString(), model.ID.ValueString()
	pr, err := d.data.client.GetPullRequest(ctx, repo, id)
	if err != nil {
		addReadError(&resp.Diagnostics, err, fmt.Sprintf("Cannot read pull request %s in repository %q", id, repo),
			fmt.Sprintf("Pull request %s not found in repository %q", id, repo))
		return
	}
	model.fromAPI(pr)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
