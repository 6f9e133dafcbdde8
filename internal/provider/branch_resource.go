package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewBranchResource manages a lakeFS branch.
func NewBranchResource() resource.Resource {
	return &branchResource{importable("branch", branchIdentity)}
}

// branchIdentity is also the identity of its list resource.
var branchIdentity = identifiedBy("repository", "name")

type branchResource struct{ importableResource }

type branchResourceModel struct {
	ID         types.String `tfsdk:"id"`
	Repository types.String `tfsdk:"repository"`
	Name       types.String `tfsdk:"name"`
	Source     types.String `tfsdk:"source"`
	CommitID   types.String `tfsdk:"commit_id"`
}

func (r *branchResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A lakeFS branch, created from a branch, tag or commit. `commit_id` follows the branch head.",
		Attributes: map[string]schema.Attribute{
			"id":         idAttribute("`<repository>/<name>`."),
			"repository": repositoryAttribute("The repository name. Changing it replaces the branch."),
			"name":       branchAttribute("The branch name: letters, digits, underscores and dashes, not starting with a dash. Changing it replaces the branch."),
			"source": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The branch, tag, commit id or other ref expression (`main~1`) the branch starts from. " +
					"Only used at creation: the branch does not follow it later. Changing it replaces the branch, " +
					"except on the first apply after an import.",
				Validators:    append(refValidators(), commitRefValidator()),
				PlanModifiers: []planmodifier.String{replaceStringUnlessImported()},
			},
			"commit_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The commit the branch head points at, refreshed on every read.",
			},
		},
	}
}

func (r *branchResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan branchResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	repo, name, source := plan.Repository.ValueString(), plan.Name.ValueString(), plan.Source.ValueString()
	creation := client.BranchCreation{Name: name, Source: source}
	commitID, ok := createOrAdopt(&resp.Diagnostics, adoptingCreate[string]{
		summary:  fmt.Sprintf("Cannot create branch %q in repository %q", name, repo),
		exists:   "A branch, tag or commit of this name exists.",
		importID: joinID(repo, name),
		create:   func() (string, error) { return r.data.client.CreateBranch(ctx, repo, creation) },
		find:     func() (string, landing) { return r.findCreated(ctx, repo, name, source) },
	})
	if !ok {
		return
	}
	plan.atHead(repo, name, commitID)
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *branchResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state branchResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo, name := state.Repository.ValueString(), state.Name.ValueString()
	branch, err := r.data.client.GetBranch(ctx, repo, name)
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read branch %q in repository %q", name, repo)) {
		return
	}
	state.atHead(repo, name, branch.CommitID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only happens on the first apply after an import: it records the configured source.
func (r *branchResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan branchResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	repo, name := plan.Repository.ValueString(), plan.Name.ValueString()
	branch, err := r.data.client.GetBranch(ctx, repo, name)
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read branch %q in repository %q", name, repo), err)
		return
	}
	plan.atHead(repo, name, branch.CommitID)
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
}

func (r *branchResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state branchResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo, name := state.Repository.ValueString(), state.Name.ValueString()
	err := r.data.client.DeleteBranch(ctx, repo, name, false)
	switch {
	case err == nil, isGone(err):
	case client.IsForbidden(err):
		detail := apiErrorDetail(err)
		if found, getErr := r.data.client.GetRepository(ctx, repo); getErr == nil && found.DefaultBranch == name {
			detail += fmt.Sprintf("\n\n%q is the default branch of repository %q: lakeFS never deletes it. "+
				"Stop managing it with: terraform state rm <address>, or destroy the repository instead.", name, repo)
		} else {
			detail += "\n\nThe repository is read-only or the branch is protected."
		}
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot delete branch %q in repository %q", name, repo), detail)
	default:
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot delete branch %q in repository %q", name, repo), err)
	}
}

// atHead records the branch's id and the commit its head points at.
func (m *branchResourceModel) atHead(repo, name, commitID string) {
	m.ID = types.StringValue(joinID(repo, name))
	m.CommitID = types.StringValue(commitID)
}

func (r *branchResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.importIdentity(ctx, req, resp) {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, importedMarker)...)
	}
}

// findCreated looks, after a createBranch whose answer was lost, for the branch: it is ours if it points at
// source's commit.
func (r *branchResource) findCreated(ctx context.Context, repo, name, source string) (string, landing) {
	branch, look := lookedUp(r.data.client.GetBranch(ctx, repo, name))
	if look != landed {
		return "", look
	}
	if want, err := r.data.client.GetCommit(ctx, repo, source); err != nil || want.ID != branch.CommitID {
		return "", landingUnknown
	}
	return branch.CommitID, landed
}
