package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewCherryPickAction applies the changes of a commit to a branch each time it is invoked.
func NewCherryPickAction() action.Action {
	return &cherryPickAction{actionNamed("cherry_pick")}
}

type cherryPickAction struct{ actionBase }

func (a *cherryPickAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Cherry-picks a commit onto a branch: commits its changes there, each time the action is invoked " +
			"(Terraform 1.14 or later), also when the branch has them already. The branch must have no uncommitted changes.",
		Attributes: replayAttributes("The commit to cherry-pick", "whose difference to the commit is applied; "+
			"1 applies what the merge brought into the branch it was merged into", "the picked commit's",
			"the picked commit's; lakeFS adds `cherry-pick-origin` (the picked commit's id) and `cherry-pick-committer` either way", nil),
	}
}

func (a *cherryPickAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config replayActionModel
	if !a.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	repo, branch := config.Repository.ValueString(), config.Branch.ValueString()
	var parent *int
	if !config.ParentNumber.IsNull() {
		n := int(config.ParentNumber.ValueInt64())
		parent = &n
	}
	config.invoke(ctx, a.data, resp, replay{verb: "cherry-pick", noun: "Cherry-pick", doing: "Cherry-picking", done: "Cherry-picked",
		send: func(id string, overrides *client.CommitOverrides) (*client.Commit, error) {
			return a.data.client.CherryPick(ctx, repo, branch, client.CherryPickCreation{Ref: id, ParentNumber: parent,
				CommitOverrides: overrides, Force: config.Force.ValueBool()})
		},
		made: func(commit *client.Commit, id string) bool { return commit.Metadata["cherry-pick-origin"] == id },
	})
}
