package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewTagResource manages a lakeFS tag.
func NewTagResource() resource.Resource {
	return &tagResource{importableResource: importable("tag", tagIdentity)}
}

// tagIdentity is also the identity of its list resource.
var tagIdentity = identifiedBy("repository", "id")

// Update changes what lakeFS does not store: force, or the ref configured on the first apply after an import.
type tagResource struct {
	importableResource
	updatesStateOnly
}

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
	tag, ok := createOrAdopt(&resp.Diagnostics, adoptingCreate[*client.Ref]{
		summary:  fmt.Sprintf("Cannot create tag %q in repository %q", id, repo),
		exists:   "A tag, branch or commit of this name exists.",
		importID: joinID(repo, id),
		create:   func() (*client.Ref, error) { return r.data.client.CreateTagWith(ctx, repo, creation) },
		find:     func() (*client.Ref, landing) { return r.findCreated(ctx, repo, id, ref) },
		report: func(diags *diag.Diagnostics, summary string, err error) {
			if client.IsForbidden(err) && readOnlyRepository(ctx, r.data.client, repo) {
				addAPIErrorHint(diags, summary, err, "The repository is read-only. Set force = true to tag it anyway.")
				return
			}
			addAPIError(diags, summary, err)
		},
	})
	if !ok {
		return
	}
	plan.CommitID = types.StringValue(tag.CommitID)
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// findCreated looks for the tag after a createTag whose answer was lost: it is ours if it points at the commit
// that ref resolves to.
func (r *tagResource) findCreated(ctx context.Context, repo, id, ref string) (*client.Ref, landing) {
	tag, look := lookedUp(r.data.client.GetTag(ctx, repo, id))
	if look != landed {
		return nil, look
	}
	want, err := r.data.client.GetCommit(ctx, repo, ref)
	if err != nil || want.ID != tag.CommitID {
		return nil, landingUnknown
	}
	return tag, landed
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
