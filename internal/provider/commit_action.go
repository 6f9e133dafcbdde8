package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewCommitAction commits a branch each time it is invoked.
func NewCommitAction() action.Action {
	return &commitAction{actionNamed("commit")}
}

type commitAction struct{ actionBase }

type commitActionModel struct {
	Repository types.String `tfsdk:"repository"`
	Branch     types.String `tfsdk:"branch"`
	Message    types.String `tfsdk:"message"`
	Metadata   types.Map    `tfsdk:"metadata"`
	AllowEmpty types.Bool   `tfsdk:"allow_empty"`
}

func (a *commitAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Commits the staged changes of a branch, each time the action is invoked (Terraform 1.14 or later).",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository name.", Validators: repositoryIDValidators()},
			"branch":     schema.StringAttribute{Required: true, MarkdownDescription: "The branch to commit.", Validators: branchIDValidators()},
			"message":    schema.StringAttribute{Required: true, MarkdownDescription: "The commit message."},
			"metadata": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Commit metadata.",
			},
			"allow_empty": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Commit even when nothing is staged. Default `false`: lakeFS then refuses an empty commit, and the action fails.",
			},
		},
	}
}

func (a *commitAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config commitActionModel
	if !a.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	repo, branch := config.Repository.ValueString(), config.Branch.ValueString()
	creation := commitCreation(ctx, config.Message, config.Metadata, config.AllowEmpty, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	progress(resp, "Committing branch %q of repository %q", branch, repo)
	commit := a.data.commitBranch(ctx, repo, branch, creation, &resp.Diagnostics)
	if commit == nil {
		return
	}
	progress(resp, "Committed %s on branch %q of repository %q", commit.ID, branch, repo)
}
