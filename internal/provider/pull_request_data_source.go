package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewPullRequestDataSource reads one pull request.
func NewPullRequestDataSource() datasource.DataSource { return &pullRequestDataSource{} }

type pullRequestDataSource struct{ dataSourceBase }

type pullRequestDataSourceModel struct {
	Repository        types.String `tfsdk:"repository"`
	ID                types.String `tfsdk:"id"`
	Title             types.String `tfsdk:"title"`
	Description       types.String `tfsdk:"description"`
	Status            types.String `tfsdk:"status"`
	Author            types.String `tfsdk:"author"`
	SourceBranch      types.String `tfsdk:"source_branch"`
	DestinationBranch types.String `tfsdk:"destination_branch"`
	CreationDate      types.String `tfsdk:"creation_date"`
	ClosedDate        types.String `tfsdk:"closed_date"`
	MergedCommitID    types.String `tfsdk:"merged_commit_id"`
}

func (d *pullRequestDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pull_request"
}

func (d *pullRequestDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one lakeFS pull request, with its description and merge commit. A pull request that does not exist is an error.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The repository.",
				Validators:          repositoryIDValidators(),
			},
			"id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The pull request id (20 characters).",
				Validators:          pullRequestIDValidators(),
			},
			"title":              str("The title."),
			"description":        str("The description (empty when none was given)."),
			"status":             str("`open`, `closed` or `merged`."),
			"author":             str("Who opened it."),
			"source_branch":      str("The branch to merge from."),
			"destination_branch": str("The branch to merge into."),
			"creation_date":      str("When it was opened, an RFC 3339 timestamp."),
			"closed_date":        str("When it was last closed or merged, an RFC 3339 timestamp; null if it never was."),
			"merged_commit_id":   str("The merge commit, once merged; null before."),
		},
	}
}

func (d *pullRequestDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config pullRequestDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	repo, id := config.Repository.ValueString(), config.ID.ValueString()
	pr, err := d.data.client.GetPullRequest(ctx, repo, id)
	if err != nil {
		summary := fmt.Sprintf("Cannot read pull request %s in repository %q", id, repo)
		if client.IsNotFound(err) {
			summary = fmt.Sprintf("Pull request %s not found in repository %q", id, repo)
		}
		addAPIError(&resp.Diagnostics, summary, err)
		return
	}
	config.Title = types.StringValue(pr.Title)
	config.Description = types.StringValue(pr.Description)
	config.Status = types.StringValue(pr.Status)
	config.Author = types.StringValue(pr.Author)
	config.SourceBranch = types.StringValue(pr.SourceBranch)
	config.DestinationBranch = types.StringValue(pr.DestinationBranch)
	config.CreationDate = types.StringValue(pr.CreationDate)
	config.ClosedDate = optionalString(pr.ClosedDate)
	config.MergedCommitID = optionalString(pr.MergedCommitID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}
