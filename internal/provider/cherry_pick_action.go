package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var _ action.ActionWithConfigure = (*cherryPickAction)(nil)

// NewCherryPickAction applies the changes of a commit to a branch each time it is invoked.
func NewCherryPickAction() action.Action { return &cherryPickAction{} }

type cherryPickAction struct{ actionBase }

type cherryPickActionModel struct {
	Repository   types.String `tfsdk:"repository"`
	Branch       types.String `tfsdk:"branch"`
	Ref          types.String `tfsdk:"ref"`
	ParentNumber types.Int64  `tfsdk:"parent_number"`
	Message      types.String `tfsdk:"message"`
	Metadata     types.Map    `tfsdk:"metadata"`
	Force        types.Bool   `tfsdk:"force"`
}

func (a *cherryPickAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cherry_pick"
}

func (a *cherryPickAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Cherry-picks a commit onto a branch: commits its changes there, each time the action is invoked " +
			"(Terraform 1.14 or later), also when the branch has them already. The branch must have no uncommitted changes.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository name.", Validators: repositoryIDValidators()},
			"branch":     schema.StringAttribute{Required: true, MarkdownDescription: "The branch to commit the changes on.", Validators: branchIDValidators()},
			"ref":        replayRefAttribute("The commit to cherry-pick"),
			"parent_number": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "For a merge commit (required then): the parent, counted from 1, whose difference to the commit " +
					"is applied; 1 applies what the merge brought into the branch it was merged into.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"message": schema.StringAttribute{Optional: true, MarkdownDescription: "The commit message. Default: the picked commit's."},
			"metadata": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Commit metadata, instead of the picked commit's. lakeFS adds `cherry-pick-origin` (the picked " +
					"commit's id) and `cherry-pick-committer` either way.",
			},
			"force": schema.BoolAttribute{Optional: true, MarkdownDescription: "Cherry-pick in a read-only repository too. Default `false`."},
		},
	}
}

func (a *cherryPickAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config cherryPickActionModel
	if !a.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	repo, branch, ref := config.Repository.ValueString(), config.Branch.ValueString(), config.Ref.ValueString()
	overrides := commitOverrides(ctx, config.Message, config.Metadata, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	c := a.data.client
	var parent *int
	if !config.ParentNumber.IsNull() {
		n := int(config.ParentNumber.ValueInt64())
		parent = &n
	}
	r := replay{verb: "cherry-pick", noun: "Cherry-pick",
		send: func(id string) (*client.Commit, error) {
			return c.CherryPick(ctx, repo, branch, client.CherryPickCreation{Ref: id, ParentNumber: parent,
				CommitOverrides: overrides, Force: config.Force.ValueBool()})
		},
		made: func(commit *client.Commit, id string) bool { return commit.Metadata["cherry-pick-origin"] == id },
	}
	progress(resp, "Cherry-picking %q onto branch %q of repository %q", ref, branch, repo)
	if head := a.data.replayCommit(ctx, repo, branch, ref, r, &resp.Diagnostics); head != "" {
		progress(resp, "Cherry-picked %q: commit %s on branch %q of repository %q", ref, head, branch, repo)
	}
}
