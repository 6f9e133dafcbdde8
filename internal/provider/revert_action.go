package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewRevertAction reverts a commit on a branch each time it is invoked.
func NewRevertAction() action.Action {
	return &revertAction{actionNamed("revert")}
}

type revertAction struct{ actionBase }

type revertActionModel struct {
	replayActionModel
	AllowEmpty types.Bool `tfsdk:"allow_empty"`
}

// replayActionModel is the configuration lakefs_revert and lakefs_cherry_pick share.
type replayActionModel struct {
	Repository   types.String `tfsdk:"repository"`
	Branch       types.String `tfsdk:"branch"`
	Ref          types.String `tfsdk:"ref"`
	ParentNumber types.Int64  `tfsdk:"parent_number"`
	Message      types.String `tfsdk:"message"`
	Metadata     types.Map    `tfsdk:"metadata"`
	Force        types.Bool   `tfsdk:"force"`
}

func (a *revertAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reverts a commit on a branch: commits the changes that undo it, each time the action is invoked " +
			"(Terraform 1.14 or later). The branch must have no uncommitted changes.",
		Attributes: replayAttributes("The commit to revert", "relative to which it is reverted; 1 undoes what the "+
			"merge brought into the branch it was merged into", "lakeFS's `Revert <commit id>`", "none", map[string]schema.Attribute{
			"allow_empty": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Commit even when the branch has nothing of the commit left to undo. Default `false`: the action then fails.",
			},
		}),
	}
}

// replayAttributes are the attributes of a revert or cherry-pick action, with more of its own.
func replayAttributes(ref, parent, message, metadata string, more map[string]schema.Attribute) map[string]schema.Attribute {
	attributes := map[string]schema.Attribute{
		"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository name.", Validators: repositoryIDValidators()},
		"branch":     schema.StringAttribute{Required: true, MarkdownDescription: "The branch to commit on.", Validators: branchIDValidators()},
		"ref": schema.StringAttribute{
			Required: true,
			MarkdownDescription: ref + ": a commit id or a unique prefix of one, a branch or a tag (its head), optionally with " +
				"`~N`, `^N` or `@` (for example `main~1`), resolved once before the action acts. `$` is refused.",
			Validators: append(refValidators(), commitRefValidator()),
		},
		"parent_number": schema.Int64Attribute{
			Optional:            true,
			MarkdownDescription: "For a merge commit (required then): the parent, counted from 1, " + parent + ".",
			Validators:          []validator.Int64{int64validator.AtLeast(1)},
		},
		"message": schema.StringAttribute{Optional: true, MarkdownDescription: "The commit message. Default: " + message + "."},
		"metadata": schema.MapAttribute{
			Optional:            true,
			ElementType:         types.StringType,
			MarkdownDescription: "Commit metadata. Default: " + metadata + ".",
		},
		"force": schema.BoolAttribute{Optional: true, MarkdownDescription: "Act in a read-only repository too. Default `false`."},
	}
	maps.Copy(attributes, more)
	return attributes
}

func (a *revertAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config revertActionModel
	if !a.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	repo, branch := config.Repository.ValueString(), config.Branch.ValueString()
	message := config.Message.ValueString()
	config.invoke(ctx, a.data, resp, replay{verb: "revert", noun: "Revert", doing: "Reverting", done: "Reverted",
		send: func(id string, overrides *client.CommitOverrides) (*client.Commit, error) {
			return nil, a.data.client.RevertBranch(ctx, repo, branch, client.RevertCreation{Ref: id, ParentNumber: int(config.ParentNumber.ValueInt64()),
				CommitOverrides: overrides, AllowEmpty: config.AllowEmpty.ValueBool(), Force: config.Force.ValueBool()})
		},
		made: func(commit *client.Commit, id string) bool {
			if message != "" {
				return commit.Message == message
			}
			return commit.Message == "Revert "+id
		},
	})
}

// invoke runs r as configured, with progress messages.
func (m replayActionModel) invoke(ctx context.Context, data *providerData, resp *action.InvokeResponse, r replay) {
	repo, branch, ref := m.Repository.ValueString(), m.Branch.ValueString(), m.Ref.ValueString()
	if !m.Message.IsNull() || !m.Metadata.IsNull() {
		r.overrides = &client.CommitOverrides{Message: m.Message.ValueString(), Metadata: stringMap(ctx, m.Metadata, &resp.Diagnostics)}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	progress(resp, "%s %q on branch %q of repository %q", r.doing, ref, branch, repo)
	if head := data.replayCommit(ctx, repo, branch, ref, r, &resp.Diagnostics); head != "" {
		progress(resp, "%s %q: branch %q of repository %q is at %s", r.done, ref, branch, repo, head)
	}
}
