package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var _ action.ActionWithConfigValidators = (*mergeAction)(nil)

// NewMergeAction merges a pull request, or a ref into a branch, each time it is invoked.
func NewMergeAction() action.Action {
	return &mergeAction{actionNamed("merge")}
}

type mergeAction struct{ actionBase }

type mergeActionModel struct {
	Repository        types.String `tfsdk:"repository"`
	PullRequestID     types.String `tfsdk:"pull_request_id"`
	SourceRef         types.String `tfsdk:"source_ref"`
	DestinationBranch types.String `tfsdk:"destination_branch"`
	Message           types.String `tfsdk:"message"`
	Metadata          types.Map    `tfsdk:"metadata"`
	Strategy          types.String `tfsdk:"strategy"`
	Force             types.Bool   `tfsdk:"force"`
	AllowEmpty        types.Bool   `tfsdk:"allow_empty"`
	SquashMerge       types.Bool   `tfsdk:"squash_merge"`
}

// mergeOptions are the mergeIntoBranch settings: a pull request merge (mergePullRequest) takes none.
var mergeOptions = []string{"message", "metadata", "strategy", "force", "allow_empty", "squash_merge"}

func (a *mergeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Merges, each time the action is invoked (Terraform 1.14 or later), either a pull request (`pull_request_id`) " +
			"or a ref into a branch (`source_ref` and `destination_branch`).",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository name.", Validators: repositoryIDValidators()},
			"pull_request_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The pull request to merge (lakeFS 1.36 or later). A merged pull request is left as it is.",
				Validators:          pullRequestIDValidators(),
			},
			"source_ref": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "What to merge: a branch, a tag or a commit. Requires `destination_branch`.",
				Validators:          refValidators(),
			},
			"destination_branch": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The branch to merge `source_ref` into.",
				Validators:          branchIDValidators(),
			},
			"message": schema.StringAttribute{Optional: true, MarkdownDescription: "The merge commit message (lakeFS writes one by default). Not with `pull_request_id`."},
			"metadata": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Merge commit metadata. Not with `pull_request_id`.",
			},
			"strategy": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "On a conflict, keep the destination's (`dest-wins`) or the source's (`source-wins`) side; without it a conflict fails the merge. Not with `pull_request_id`.",
				Validators:          []validator.String{stringvalidator.OneOf("dest-wins", "source-wins")},
			},
			"force":        schema.BoolAttribute{Optional: true, MarkdownDescription: "Merge into a read-only repository too. Not with `pull_request_id`."},
			"allow_empty":  schema.BoolAttribute{Optional: true, MarkdownDescription: "Merge even when there is nothing to merge. Not with `pull_request_id`."},
			"squash_merge": schema.BoolAttribute{Optional: true, MarkdownDescription: "Make a commit with the destination as its only parent. Not with `pull_request_id`."},
		},
	}
}

func (a *mergeAction) ConfigValidators(context.Context) []action.ConfigValidator {
	validators := []action.ConfigValidator{
		actionvalidator.ExactlyOneOf(path.MatchRoot("pull_request_id"), path.MatchRoot("source_ref")),
		actionvalidator.RequiredTogether(path.MatchRoot("source_ref"), path.MatchRoot("destination_branch")),
		actionvalidator.Conflicting(path.MatchRoot("pull_request_id"), path.MatchRoot("destination_branch")),
	}
	for _, option := range mergeOptions {
		validators = append(validators, actionvalidator.Conflicting(path.MatchRoot("pull_request_id"), path.MatchRoot(option)))
	}
	return validators
}

func (a *mergeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config mergeActionModel
	if !a.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	repo := config.Repository.ValueString()
	if !config.PullRequestID.IsNull() {
		id := config.PullRequestID.ValueString()
		progress(resp, "Merging pull request %s of repository %q", id, repo)
		pr, _ := a.data.mergePullRequestOnce(ctx, repo, id, &resp.Diagnostics)
		if pr != nil {
			progress(resp, "Merged pull request %s: commit %s on %q", describePR(pr), pr.MergedCommitID, pr.DestinationBranch)
		}
		return
	}
	source, dest := config.SourceRef.ValueString(), config.DestinationBranch.ValueString()
	merge := client.Merge{
		Message:     config.Message.ValueString(),
		Metadata:    stringMap(ctx, config.Metadata, &resp.Diagnostics),
		Strategy:    config.Strategy.ValueString(),
		Force:       config.Force.ValueBool(),
		AllowEmpty:  config.AllowEmpty.ValueBool(),
		SquashMerge: config.SquashMerge.ValueBool(),
	}
	if resp.Diagnostics.HasError() {
		return
	}
	progress(resp, "Merging %q into branch %q of repository %q", source, dest, repo)
	if id := a.data.mergeRef(ctx, repo, source, dest, merge, &resp.Diagnostics); id != "" {
		progress(resp, "Merged %q into %q: commit %s", source, dest, id)
	}
}
