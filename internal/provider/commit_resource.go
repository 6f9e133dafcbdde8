package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewCommitResource commits a branch's staged changes once (action-style).
func NewCommitResource() resource.Resource {
	return &commitResource{importableAction("commit", identifiedBy("repository", "commit_id"))}
}

type commitResource struct{ importableActionResource }

type commitResourceModel struct {
	ID         types.String   `tfsdk:"id"`
	Repository types.String   `tfsdk:"repository"`
	Branch     types.String   `tfsdk:"branch"`
	Message    types.String   `tfsdk:"message"`
	Metadata   types.Map      `tfsdk:"metadata"`
	AllowEmpty types.Bool     `tfsdk:"allow_empty"`
	Triggers   types.Map      `tfsdk:"triggers"`
	CommitID   types.String   `tfsdk:"commit_id"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

func (r *commitResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Commits the staged changes of a branch, once. lakeFS commits are permanent: destroying the resource only " +
			"removes it from the state.",
		Blocks: createTimeoutsBlock(ctx, "commit"),
		Attributes: map[string]schema.Attribute{
			"id":         idAttribute("`<repository>/<commit_id>`."),
			"repository": repositoryAttribute("The repository name. Changing it makes a new commit."),
			"branch": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The branch to commit. Changing it makes a new commit.",
				Validators:          branchIDValidators(),
				PlanModifiers:       []planmodifier.String{replaceStringUnlessImported()},
			},
			"message": replacingString("The commit message. Changing it makes a new commit."),
			"metadata": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Commit metadata. Changing it makes a new commit (going between no metadata and `{}` does not).",
				PlanModifiers:       []planmodifier.Map{replaceMapIfChanged()},
			},
			"allow_empty": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Commit even when nothing is staged. Default `false`: lakeFS then refuses an empty commit, and so does the apply. " +
					"It only applies to a commit being made: changing it alone does not commit again.",
			},
			"triggers": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Arbitrary values; any change makes a new commit (going between no triggers and `{}` does not). " +
					"Typically the checksums of the objects the commit should include.",
				PlanModifiers: []planmodifier.Map{replaceMapUnlessImported()},
			},
			"commit_id": stableComputedString("The id of the commit."),
		},
	}
}

func (r *commitResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan commitResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultActionTimeout, &resp.Diagnostics)
	defer cancel()
	repo, branch := plan.Repository.ValueString(), plan.Branch.ValueString()
	creation := commitCreation(ctx, plan.Message, plan.Metadata, plan.AllowEmpty, &resp.Diagnostics)
	if resp.Diagnostics.HasError() { // the timeout or the metadata
		return
	}
	commit := r.data.commitBranch(ctx, repo, branch, creation, &resp.Diagnostics)
	if commit == nil {
		return
	}
	plan.CommitID = types.StringValue(commit.ID)
	plan.ID = types.StringValue(joinID(repo, commit.ID))
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Read keeps the state as it is while the commit exists: a commit never changes.
func (r *commitResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state commitResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo := state.Repository.ValueString()
	commit, err := r.data.client.GetCommit(ctx, repo, state.CommitID.ValueString())
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read commit %q in repository %q", state.CommitID.ValueString(), repo)) {
		return
	}
	if state.Message.IsNull() { // just imported
		state.fromCommit(repo, commit)
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

func (r *commitResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.importIdentity(ctx, req, resp) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("allow_empty"), false)...)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, importedMarker)...)
	}
}

func (m *commitResourceModel) fromCommit(repo string, commit *client.Commit) {
	m.ID = types.StringValue(joinID(repo, commit.ID))
	m.CommitID = types.StringValue(commit.ID)
	m.Message = types.StringValue(commit.Message)
	m.Metadata = types.MapNull(types.StringType)
	if len(commit.Metadata) > 0 {
		m.Metadata = stringMapValue(commit.Metadata)
	}
}
