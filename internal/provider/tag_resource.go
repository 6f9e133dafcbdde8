package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewTagResource manages a lakeFS tag.
func NewTagResource() resource.Resource { return &tagResource{importable("tag", tagIdentity)} }

// tagIdentity is also the identity of its list resource.
var tagIdentity = identifiedBy("repository", "id")

type tagResource struct{ importableResource }

type tagResourceModel struct {
	ID         types.String `tfsdk:"id"`
	Repository types.String `tfsdk:"repository"`
	Ref        types.String `tfsdk:"ref"`
	CommitID   types.String `tfsdk:"commit_id"`
	Force      types.Bool   `tfsdk:"force"`
}

func (r *tagResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A lakeFS tag: an immutable name for a commit. A tag moved or deleted outside Terraform is planned back.",
		Attributes: map[string]schema.Attribute{
			"id":         replacingString("The tag id, such as `v1.0`. Changing it replaces the tag.", tagIDValidators()...),
			"repository": repositoryAttribute("The repository. Changing it replaces the tag."),
			"ref": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The branch, tag, commit id or other ref expression (`main~1`) to tag, resolved to a commit " +
					"when the tag is created: the tag does not follow a branch. Changing it replaces the tag, except on the " +
					"first apply after an import.",
				Validators:    append(refValidators(), commitRefValidator()),
				PlanModifiers: []planmodifier.String{replaceStringUnlessImported()},
			},
			"commit_id": stableComputedString("The commit the tag points at."),
			"force": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Create and delete the tag even when the repository is read-only. Default `false`.",
			},
		},
	}
}

func (r *tagResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan tagResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	repo, id, ref := plan.Repository.ValueString(), plan.ID.ValueString(), plan.Ref.ValueString()
	creation := client.TagCreation{ID: id, Ref: ref, Force: plan.Force.ValueBool()}
	tag, err := r.data.client.CreateTagWith(ctx, repo, creation)
	if client.IsOutcomeUnknown(err) {
		// createTag is not idempotent, but a tag id is unique: a second attempt can never make a second tag.
		// Adopt the tag if our first attempt made it, else try once more.
		if adopted, ok := r.adoptCreated(ctx, repo, id, ref); ok {
			tag, err = adopted, nil
		} else if _, getErr := r.data.client.GetTag(ctx, repo, id); client.IsNotFound(getErr) {
			tag, err = r.data.client.CreateTagWith(ctx, repo, creation)
			if client.IsConflict(err) { // the first attempt landed late
				if adopted, ok := r.adoptCreated(ctx, repo, id, ref); ok {
					tag, err = adopted, nil
				}
			}
		}
	}
	if err != nil {
		summary := fmt.Sprintf("Cannot create tag %q in repository %q", id, repo)
		switch {
		case client.IsConflict(err):
			addAPIErrorHint(&resp.Diagnostics, summary, err,
				"A tag, branch or commit of this name exists. To manage an existing tag, import it with: "+
					"terraform import <address> "+joinID(repo, id))
		case client.IsForbidden(err) && readOnlyRepository(ctx, r.data.client, repo):
			addAPIErrorHint(&resp.Diagnostics, summary, err,
				"The repository is read-only. Set force = true to tag it anyway.")
		default:
			addAPIError(&resp.Diagnostics, summary, err)
		}
		return
	}
	plan.CommitID = types.StringValue(tag.CommitID)
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// adoptCreated decides, after a createTag whose answer was lost, whether the tag that now exists is ours.
func (r *tagResource) adoptCreated(ctx context.Context, repo, id, ref string) (*client.Ref, bool) {
	tag, err := r.data.client.GetTag(ctx, repo, id)
	if err != nil {
		return nil, false
	}
	want, err := r.data.client.GetCommit(ctx, repo, ref)
	if err != nil || want.ID != tag.CommitID {
		return nil, false
	}
	return tag, true
}

// Read refreshes commit_id. A tag moved outside Terraform (deleted and created again at another commit) records
// the commit it now points at as its ref: the plan then shows ref changing back to the configured one, which
// replaces the tag. Configuring that commit id as ref instead accepts the move.
func (r *tagResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state tagResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo, id := state.Repository.ValueString(), state.ID.ValueString()
	tag, err := r.data.client.GetTag(ctx, repo, id)
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read tag %q in repository %q", id, repo)) {
		return
	}
	if !state.CommitID.IsNull() && state.CommitID.ValueString() != tag.CommitID {
		state.Ref = types.StringValue(tag.CommitID)
		// A move is drift even right after an import: the next apply replaces the tag, it does not adopt it.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
	}
	state.CommitID = types.StringValue(tag.CommitID)
	if state.Force.IsNull() {
		state.Force = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes what lakeFS does not store: force, or the ref configured on the first apply after an import.
func (r *tagResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateStateOnly(ctx, req, resp)
}

func (r *tagResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state tagResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo, id := state.Repository.ValueString(), state.ID.ValueString()
	summary := fmt.Sprintf("Cannot delete tag %q in repository %q", id, repo)
	err := r.data.client.DeleteTag(ctx, repo, id, state.Force.ValueBool())
	switch {
	case err == nil, isGone(err):
	case client.IsForbidden(err) && readOnlyRepository(ctx, r.data.client, repo):
		addAPIErrorHint(&resp.Diagnostics, summary, err,
			"The repository is read-only. Set force = true and apply before destroying the tag.")
	default:
		addAPIError(&resp.Diagnostics, summary, err)
	}
}

func (r *tagResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.importIdentity(ctx, req, resp) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force"), false)...)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, importedMarker)...)
	}
}
