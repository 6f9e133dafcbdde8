package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewBranchHardResetResource is an action: creating it moves a branch head to a ref.
func NewBranchHardResetResource() resource.Resource { return &branchHardResetResource{} }

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

func (r *branchHardResetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_branch_hard_reset"
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
	repo, branch, ref := plan.Repository.ValueString(), plan.Branch.ValueString(), plan.Ref.ValueString()
	summary := fmt.Sprintf("Cannot reset branch %q of repository %q to %q", branch, repo, ref)
	c := r.data.client

	// Resolve first: lakeFS resolves ref at each request, so a retried reset to "main~1" of main would move it twice.
	target, err := c.GetCommit(ctx, repo, ref)
	if err == nil {
		err = c.HardResetBranch(ctx, repo, branch, target.ID, plan.Force.ValueBool())
	}
	var head *client.Ref
	if err == nil {
		head, err = c.GetBranch(ctx, repo, branch)
	}
	if err != nil {
		r.addResetError(ctx, &resp.Diagnostics, summary, plan, err)
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

// addResetError names what went wrong: lakeFS's messages alone do not say which of repository, branch and ref
// was missing, nor whether a 403 came from a read-only repository or a protected branch.
func (r *branchHardResetResource) addResetError(ctx context.Context, diags *diag.Diagnostics, summary string, plan branchHardResetModel, err error) {
	c := r.data.client
	repo, branch, ref := plan.Repository.ValueString(), plan.Branch.ValueString(), plan.Ref.ValueString()
	switch {
	case client.IsNotFound(err):
		detail := missingParent(ctx, c, repo, branch)
		if detail == "" {
			detail = fmt.Sprintf("The ref %q does not resolve to a commit in repository %q: there is no such "+
				"branch, tag, commit id or commit id prefix.", ref, repo)
		}
		diags.AddError(summary, detail+"\n\n"+apiErrorDetail(err))
	case client.IsForbidden(err) && !plan.Force.ValueBool() && readOnlyRepository(ctx, c, repo):
		diags.AddError(summary, apiErrorDetail(err)+fmt.Sprintf("\n\nThe repository %q is read-only. "+
			"Set force = true to reset the branch anyway.", repo))
	case client.IsForbidden(err):
		diags.AddError(summary, apiErrorDetail(err)+fmt.Sprintf("\n\nThe branch %q is protected: its branch "+
			"protection rules refuse the reset, and force does not bypass them. Change the rules in lakeFS first.", branch))
	default:
		addAPIError(diags, summary, err)
	}
}
