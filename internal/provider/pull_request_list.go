package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewPullRequestList lists the pull requests of a lakeFS repository for `terraform query`.
func NewPullRequestList() list.ListResource {
	return &pullRequestList{listNamed("pull_request")}
}

type pullRequestList struct{ listBase }

type pullRequestListModel struct {
	Repository types.String `tfsdk:"repository"`
	Prefix     types.String `tfsdk:"prefix"`
	Status     types.String `tfsdk:"status"`
}

func (l *pullRequestList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The pull requests of a repository, by status.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository.", Validators: repositoryIDValidators()},
			"prefix":     schema.StringAttribute{Optional: true, MarkdownDescription: "Only pull requests whose id starts with it."},
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "`open`, `closed`, `merged` or `all` (the default).",
				Validators:          []validator.String{stringvalidator.OneOf(prStatusOpen, prStatusClosed, prStatusMerged, prStatusAll)},
			},
		},
	}
}

func (l *pullRequestList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config pullRequestListModel
	if !l.decodeList(ctx, req, &config, stream) {
		return
	}
	repo := config.Repository.ValueString()
	prs, err := l.data.listPullRequests(ctx, repo, config.Prefix.ValueString(), config.Status.ValueString())
	if err != nil {
		stream.Results = listAPIError(fmt.Sprintf("Cannot list pull requests of repository %q", repo), err)
		return
	}
	stream.Results = streamList(ctx, req, pullRequestIdentity, prs,
		func(pr client.PullRequest) string { return fmt.Sprintf("%s #%s: %s", repo, pr.ID, pr.Title) },
		func(ctx context.Context, pr client.PullRequest, m *pullRequestResourceModel, diags *diag.Diagnostics) {
			if req.IncludeResource {
				// lakeFS's list leaves out description and merged_commit_id: the resource reads them one by one.
				full, err := l.data.client.GetPullRequest(ctx, repo, pr.ID)
				if err != nil {
					addAPIError(diags, fmt.Sprintf("Cannot read pull request %s in repository %q", pr.ID, repo), err)
					return
				}
				pr = *full
			}
			m.Repository = types.StringValue(repo)
			m.fromAPI(&pr)
		})
}
