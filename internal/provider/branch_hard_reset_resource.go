package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewBranchHardResetResource is an action: creating it moves a branch head to a ref.
func NewBranchHardResetResource() resource.Resource {
	return &branchHardResetResource{actionResource{resourceBase: resourceNamed("branch_hard_reset")}}
}

type branchHardResetResource struct{ actionResource }

type branchHardResetModel struct {
	ID         types.String `tfsdk:"id"`
	Repository types.String `tfsdk:"repository"`
	Branch     types.String `tfsdk:"branch"`
	Ref        types.String `tfsdk:"ref"`
	Force      types.Bool   `tfsdk:"force"`
	Triggers   types.Map    `tfsdk:"triggers"`
	CommitID   types.String `tfsdk:"commit_id"`
}

func (r *branchHardResetResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Moves a branch to a ref, once, when the resource is created (lakeFS's *experimental* `hardResetBranch`). An " +
			"action: destroying it leaves the branch where it is.",
		Attributes: map[string]schema.Attribute{
			"id":         idAttribute("`<repository>/<branch>/<commit_id>`."),
			"repository": repositoryAttribute("Repository name. Changing it resets again."),
			"branch":     branchAttribute("The branch to move. Changing it resets again."),
			"ref": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Where to move the branch: a branch, a tag, a commit id or a unique prefix of one, " +
					"optionally with `~N`, `^N` or `@` (for example `main~1`). `$` (a staging area) is not a commit and " +
					"is refused. Changing it resets again.",
				Validators: append(refValidators(),
					commitRefValidator()),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"force": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Reset even in a read-only repository. It bypasses nothing else (not branch protection). " +
					"Default `false`. It only applies to a reset being made: changing it alone does not reset again.",
			},
			"triggers": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Arbitrary values; changing any of them resets the branch again (going between no triggers and `{}` does not).",
				PlanModifiers:       []planmodifier.Map{replaceMapIfChanged()},
			},
			"commit_id": stableComputedString("The branch head right after the reset. It is not updated when the branch moves on later."),
		},
	}
}

func (r *branchHardResetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan branchHardResetModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	repo, branch := plan.Repository.ValueString(), plan.Branch.ValueString()
	head := r.data.hardResetBranch(ctx, repo, branch, plan.Ref.ValueString(), plan.Force.ValueBool(), &resp.Diagnostics)
	if head == nil {
		return
	}
	plan.CommitID = types.StringValue(head.CommitID)
	plan.ID = types.StringValue(joinID(repo, branch, head.CommitID))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read keeps the state as it is: the reset happened, and later commits on the branch are not drift. Only a
// deleted branch (or repository) removes it, so that a recreated branch is reset again.
func (r *branchHardResetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state branchHardResetModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	_, err := r.data.client.GetBranch(ctx, state.Repository.ValueString(), state.Branch.ValueString())
	foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read branch %q of repository %q",
		state.Branch.ValueString(), state.Repository.ValueString()))
}
