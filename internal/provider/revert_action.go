package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var _ action.ActionWithConfigure = (*revertAction)(nil)

// NewRevertAction reverts a commit on a branch each time it is invoked.
func NewRevertAction() action.Action { return &revertAction{} }

type revertAction struct{ actionBase }

type revertActionModel struct {
	Repository   types.String `tfsdk:"repository"`
	Branch       types.String `tfsdk:"branch"`
	Ref          types.String `tfsdk:"ref"`
	ParentNumber types.Int64  `tfsdk:"parent_number"`
	Message      types.String `tfsdk:"message"`
	Metadata     types.Map    `tfsdk:"metadata"`
	AllowEmpty   types.Bool   `tfsdk:"allow_empty"`
	Force        types.Bool   `tfsdk:"force"`
}

func (a *revertAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_revert"
}

func (a *revertAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reverts a commit on a branch: commits the changes that undo it, each time the action is invoked " +
			"(Terraform 1.14 or later). The branch must have no uncommitted changes.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository name.", Validators: repositoryIDValidators()},
			"branch":     schema.StringAttribute{Required: true, MarkdownDescription: "The branch to commit the revert on.", Validators: branchIDValidators()},
			"ref":        replayRefAttribute("The commit to revert"),
			"parent_number": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "For a merge commit (required then): the parent, counted from 1, relative to which it is reverted; " +
					"1 undoes what the merge brought into the branch it was merged into.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"message": schema.StringAttribute{Optional: true, MarkdownDescription: "The commit message. Default: lakeFS's `Revert <commit id>`."},
			"metadata": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Commit metadata (none by default).",
			},
			"allow_empty": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Commit even when the branch has nothing of the commit left to undo. Default `false`: the action then fails.",
			},
			"force": schema.BoolAttribute{Optional: true, MarkdownDescription: "Revert in a read-only repository too. Default `false`."},
		},
	}
}

func (a *revertAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config revertActionModel
	if !a.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	repo, branch, ref := config.Repository.ValueString(), config.Branch.ValueString(), config.Ref.ValueString()
	overrides := commitOverrides(ctx, config.Message, config.Metadata, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	c := a.data.client
	message := config.Message.ValueString()
	r := replay{verb: "revert", noun: "Revert",
		send: func(id string) (*client.Commit, error) {
			return nil, c.RevertBranch(ctx, repo, branch, client.RevertCreation{Ref: id, ParentNumber: int(config.ParentNumber.ValueInt64()),
				CommitOverrides: overrides, AllowEmpty: config.AllowEmpty.ValueBool(), Force: config.Force.ValueBool()})
		},
		made: func(commit *client.Commit, id string) bool {
			if message != "" {
				return commit.Message == message
			}
			return commit.Message == "Revert "+id
		},
	}
	progress(resp, "Reverting %q on branch %q of repository %q", ref, branch, repo)
	if head := a.data.replayCommit(ctx, repo, branch, ref, r, &resp.Diagnostics); head != "" {
		progress(resp, "Reverted %q: branch %q of repository %q is at %s", ref, branch, repo, head)
	}
}

// replayRefAttribute is the ref of a revert or a cherry-pick: any ref expression that resolves to a commit.
func replayRefAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		Required: true,
		MarkdownDescription: what + ": a commit id or a unique prefix of one, a branch or a tag (its head), optionally with " +
			"`~N`, `^N` or `@` (for example `main~1`), resolved once before the action acts. `$` is refused.",
		Validators: append(refValidators(), commitRefValidator()),
	}
}

// commitOverrides is lakeFS's commit_overrides for a message and metadata, nil when neither is set.
func commitOverrides(ctx context.Context, message types.String, metadata types.Map, diags *diag.Diagnostics) *client.CommitOverrides {
	if message.IsNull() && metadata.IsNull() {
		return nil
	}
	return &client.CommitOverrides{Message: message.ValueString(), Metadata: stringMap(ctx, metadata, diags)}
}
