package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewObjectUserMetadataResource manages the whole user metadata of one object on a branch.
func NewObjectUserMetadataResource() resource.Resource {
	return &objectUserMetadataResource{importable("object_user_metadata", identifiedBy("repository", "branch", "path"))}
}

type objectUserMetadataResource struct{ importableResource }

type objectUserMetadataModel struct {
	ID         types.String `tfsdk:"id"`
	Repository types.String `tfsdk:"repository"`
	Branch     types.String `tfsdk:"branch"`
	Path       types.String `tfsdk:"path"`
	Metadata   types.Map    `tfsdk:"metadata"`
}

func (r *objectUserMetadataResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete user metadata of one object on a branch (lakeFS's *experimental* `updateObjectUserMetadata`). " +
			"Every change, destroying included, is an uncommitted change on the branch.",
		Attributes: map[string]schema.Attribute{
			"id":         idAttribute("`<repository>/<branch>/<path>`."),
			"repository": repositoryAttribute("Repository name. Changing it replaces the resource."),
			"branch":     branchAttribute("Branch the object is on (a branch, not a tag or commit). Changing it replaces the resource."),
			"path": replacingString("Path of an existing object on the branch (staged or committed). "+
				"Changing it replaces the resource.", objectPathValidators()...),
			"metadata": schema.MapAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The object's complete user metadata. Keys must be non-empty. " +
					"`{}` clears all metadata while keeping the resource.",
				Validators: []validator.Map{mapvalidator.KeysAre(stringvalidator.LengthAtLeast(1))},
			},
		},
	}
}

func (r *objectUserMetadataResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	writePlan(ctx, r.importableResource, r.write, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *objectUserMetadataResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	writePlan(ctx, r.importableResource, r.write, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// write sets the planned map and proves it by reading it back: lakeFS answers 204 even for a repository that
// does not exist (contract §9.7), so the answer alone proves nothing. It fills in the computed values of plan.
func (r *objectUserMetadataResource) write(ctx context.Context, plan *objectUserMetadataModel, diags *diag.Diagnostics) bool {
	want := stringMap(ctx, plan.Metadata, diags)
	if diags.HasError() {
		return false
	}
	repo, branch, objPath := plan.Repository.ValueString(), plan.Branch.ValueString(), plan.Path.ValueString()
	summary := fmt.Sprintf("Cannot set the user metadata of %q on %s/%s", objPath, repo, branch)

	err := r.data.client.UpdateObjectUserMetadata(ctx, repo, branch, objPath, want)
	var stats *client.ObjectStats
	if err == nil {
		stats, err = r.data.client.StatObject(ctx, repo, branch, objPath)
	}
	switch {
	case client.IsNotFound(err):
		detail := missingParent(ctx, r.data.client, repo, branch)
		if detail == "" {
			detail = fmt.Sprintf("The object %q does not exist on branch %q.", objPath, branch)
		}
		diags.AddError(summary, detail+"\n\n"+apiErrorDetail(err))
		return false
	case client.IsForbidden(err):
		addAPIErrorHint(diags, summary, err, "lakeFS cannot change metadata in a read-only repository "+
			"(this operation has no force) nor on a branch whose protection rules block writes.")
		return false
	case err != nil:
		addAPIError(diags, summary, err)
		return false
	}
	if !maps.Equal(stats.Metadata, want) {
		diags.AddError(summary, fmt.Sprintf("lakeFS accepted the update, but reading the object back shows other "+
			"metadata (%d keys instead of %d): something else changed it at the same time. Run terraform apply again.",
			len(stats.Metadata), len(want)))
		return false
	}
	plan.ID = types.StringValue(joinID(repo, branch, objPath))
	plan.Metadata = stringMapValue(stats.Metadata)
	return true
}

func (r *objectUserMetadataResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state objectUserMetadataModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo, branch, objPath := state.Repository.ValueString(), state.Branch.ValueString(), state.Path.ValueString()
	// statObject on a branch sees staged and committed objects; a missing object, branch or repository is 404.
	stats, err := r.data.client.StatObject(ctx, repo, branch, objPath)
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read the user metadata of %q on %s/%s", objPath, repo, branch)) {
		return
	}
	state.ID = types.StringValue(joinID(repo, branch, objPath))
	state.Metadata = stringMapValue(stats.Metadata)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete clears the metadata (an uncommitted change, like every other change). A missing object has none left.
func (r *objectUserMetadataResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state objectUserMetadataModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo, branch, objPath := state.Repository.ValueString(), state.Branch.ValueString(), state.Path.ValueString()
	err := r.data.client.UpdateObjectUserMetadata(ctx, repo, branch, objPath, map[string]string{})
	if err != nil && !isGone(err) {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot clear the user metadata of %q on %s/%s", objPath, repo, branch), err)
	}
}
