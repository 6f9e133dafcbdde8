package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewBranchHardResetAction moves a branch head to a ref each time it is invoked.
func NewBranchHardResetAction() action.Action {
	return &branchHardResetAction{actionNamed("branch_hard_reset")}
}

type branchHardResetAction struct{ actionBase }

type branchHardResetActionModel struct {
	Repository types.String `tfsdk:"repository"`
	Branch     types.String `tfsdk:"branch"`
	Ref        types.String `tfsdk:"ref"`
	Force      types.Bool   `tfsdk:"force"`
}

func (a *branchHardResetAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Moves a branch to a ref (lakeFS's *experimental* `hardResetBranch`), each time the action is invoked " +
			"(Terraform 1.14 or later). Uncommitted changes on the branch are kept.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository name.", Validators: repositoryIDValidators()},
			"branch":     schema.StringAttribute{Required: true, MarkdownDescription: "The branch to move.", Validators: branchIDValidators()},
			"ref": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Where to move the branch: a branch, a tag, a commit id or a unique prefix of one, optionally with " +
					"`~N`, `^N` or `@` (for example `main~1`), resolved once before the reset. `$` is refused.",
				Validators: append(refValidators(), commitRefValidator()),
			},
			"force": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Reset even in a read-only repository. It bypasses nothing else (not branch protection). Default `false`.",
			},
		},
	}
}

func (a *branchHardResetAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config branchHardResetActionModel
	if !a.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	repo, branch, ref := config.Repository.ValueString(), config.Branch.ValueString(), config.Ref.ValueString()
	progress(resp, "Resetting branch %q of repository %q to %q", branch, repo, ref)
	head := a.data.hardResetBranch(ctx, repo, branch, ref, config.Force.ValueBool(), &resp.Diagnostics)
	if head == nil {
		return
	}
	progress(resp, "Branch %q of repository %q is at %s", branch, repo, head.CommitID)
}
