package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var _ resource.ResourceWithModifyPlan = (*repositoryResource)(nil)

// repositoryRecreateWait bounds how long a create waits out a real lakeFS's cache of a repository this
// provider just deleted (about 7 seconds, contract §7.3).
const repositoryRecreateWait = 15 * time.Second

// defaultRepositoryDeleteTimeout bounds a repository deletion.
const defaultRepositoryDeleteTimeout = 20 * time.Minute

// storageNamespacePattern is RepositoryCreation.storage_namespace's pattern in the lakeFS API.
var storageNamespacePattern = regexp.MustCompile(`^(s3|gs|https?|mem|local|transient)://.*$`)

// NewRepositoryResource manages a lakeFS repository.
func NewRepositoryResource() resource.Resource {
	return &repositoryResource{importableResource: importable("repository", repositoryIdentity)}
}

// repositoryIdentity is also the identity of its list resource.
var repositoryIdentity = identifiedBy("name")

// Everything but force_destroy, which lives in state alone, replaces the repository.
type repositoryResource struct {
	importableResource
	updatesStateOnly
}

type repositoryResourceModel struct {
	ID               types.String   `tfsdk:"id"`
	Name             types.String   `tfsdk:"name"`
	StorageNamespace types.String   `tfsdk:"storage_namespace"`
	DefaultBranch    types.String   `tfsdk:"default_branch"`
	SampleData       types.Bool     `tfsdk:"sample_data"`
	ForceDestroy     types.Bool     `tfsdk:"force_destroy"`
	CreationDate     types.Int64    `tfsdk:"creation_date"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

func (r *repositoryResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A lakeFS repository, created with an initial commit on its default branch.",
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Delete:            true,
				DeleteDescription: "How long deleting the repository may take (default `20m`).",
			}),
		},
		Attributes: map[string]schema.Attribute{
			"id":   idAttribute("The repository name."),
			"name": repositoryAttribute("Repository name: 3 to 63 lowercase letters, digits and dashes. Changing it replaces the repository."),
			"storage_namespace": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Where the repository's data lives, for example `s3://bucket/prefix` or `local://name`. Changing it replaces the repository.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				// The API's own pattern: anything else (an empty value included) is refused at plan time, not by lakeFS.
				Validators: []validator.String{stringvalidator.RegexMatches(storageNamespacePattern,
					"must be a URI of one of the schemes s3, gs, http(s), mem, local or transient, such as s3://bucket/prefix")},
			},
			"default_branch": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("main"),
				MarkdownDescription: "The default branch, created with the repository. Default `main`. Changing it replaces the repository.",
				Validators:          branchIDValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"sample_data": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Create the repository with lakeFS's sample data. Default `false`. It only applies when the " +
					"repository is created: changing it later changes nothing in lakeFS and does not replace the repository.",
			},
			"force_destroy": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Delete the repository even when it is read-only. Default `false`.",
			},
			"creation_date": stableComputedInt64("When the repository was created, in Unix seconds."),
		},
	}
}

func (r *repositoryResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan repositoryResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	name := plan.Name.ValueString()
	creation := client.RepositoryCreation{
		Name:             name,
		StorageNamespace: plan.StorageNamespace.ValueString(),
		DefaultBranch:    plan.DefaultBranch.ValueString(),
		SampleData:       plan.SampleData.ValueBool(),
	}
	repo, ok := createOrAdopt(&resp.Diagnostics, adoptingCreate[*client.Repository]{
		summary:  fmt.Sprintf("Cannot create repository %q", name),
		exists:   "A repository of this name exists.",
		importID: name,
		create: func() (*client.Repository, error) {
			repo, err := r.data.client.CreateRepository(ctx, creation)
			if _, deleted := r.data.deletedRepositories.Load(name); deleted && client.IsConflict(err) {
				// Replaced: lakeFS still has the old repository cached; it answers 409 until the cache expires.
				return r.createAfterDelete(ctx, creation)
			}
			return repo, err
		},
		find: func() (*client.Repository, landing) {
			// Adopted if it is ours (same namespace); an absent repository is not created again.
			if found, err := r.data.client.GetRepository(ctx, name); err == nil && found.StorageNamespace == creation.StorageNamespace {
				return found, landed
			}
			return nil, landingUnknown
		},
	})
	if !ok {
		return
	}
	plan.fromAPI(repo)
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *repositoryResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state repositoryResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo, err := r.data.client.GetRepository(ctx, state.Name.ValueString())
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read repository %q", state.Name.ValueString())) {
		return
	}
	state.fromAPI(repo)
	if state.SampleData.IsNull() {
		state.SampleData = types.BoolValue(false) // lakeFS does not report it; imports assume none
	}
	if state.ForceDestroy.IsNull() {
		state.ForceDestroy = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *repositoryResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state repositoryResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Delete, defaultRepositoryDeleteTimeout, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.Name.ValueString()
	err := r.data.client.DeleteRepository(ctx, name, state.ForceDestroy.ValueBool())
	switch {
	case err == nil:
		r.data.deletedRepositories.Store(name, true)
	case isGone(err):
	case client.IsForbidden(err):
		addAPIErrorHint(&resp.Diagnostics, fmt.Sprintf("Cannot delete repository %q", name), err,
			"The repository is read-only. Set force_destroy = true and apply before destroying it.")
	default:
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot delete repository %q", name), err)
	}
}

func (r *repositoryResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !r.importIdentity(ctx, req, resp) {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sample_data"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_destroy"), false)...)
}

func (m *repositoryResourceModel) fromAPI(repo *client.Repository) {
	m.ID = types.StringValue(repo.ID)
	m.Name = types.StringValue(repo.ID)
	m.StorageNamespace = types.StringValue(repo.StorageNamespace)
	m.DefaultBranch = types.StringValue(repo.DefaultBranch)
	m.CreationDate = types.Int64Value(repo.CreationDate)
}

// createAfterDelete retries a create that lakeFS refuses with 409 because it still caches the repository this
// provider deleted a moment ago.
func (r *repositoryResource) createAfterDelete(ctx context.Context, creation client.RepositoryCreation) (*client.Repository, error) {
	deadline := time.Now().Add(repositoryRecreateWait)
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Second):
		}
		repo, err := r.data.client.CreateRepository(ctx, creation)
		if !client.IsConflict(err) || time.Now().After(deadline) {
			return repo, err
		}
	}
}

// ModifyPlan refuses a replacement that would reuse the storage namespace: the old repository's data stays in
// the namespace, and lakeFS never creates a repository in a used one, so the replacement would delete the
// repository and then fail to create the new one.
func (r *repositoryResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state repositoryResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || plan.StorageNamespace.IsUnknown() || !plan.StorageNamespace.Equal(state.StorageNamespace) {
		return
	}
	var changed []string
	for attr, pair := range map[string][2]attr.Value{
		"name":           {plan.Name, state.Name},
		"default_branch": {plan.DefaultBranch, state.DefaultBranch},
	} {
		if !pair[0].IsUnknown() && !pair[0].Equal(pair[1]) {
			changed = append(changed, attr)
		}
	}
	if len(changed) == 0 {
		return
	}
	sort.Strings(changed)
	resp.Diagnostics.AddAttributeError(path.Root("storage_namespace"), "Repository replacement would reuse its storage namespace",
		fmt.Sprintf("Changing %s replaces repository %q: lakeFS would delete it and then refuse to create the new one, "+
			"because a storage namespace can never be reused (its data stays there). Give the new repository a new "+
			"storage_namespace, or keep %s as it is.", strings.Join(changed, ", "), state.Name.ValueString(), strings.Join(changed, ", ")))
}
