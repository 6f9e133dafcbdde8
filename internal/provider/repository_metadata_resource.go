package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// lakefsMetadataPrefix starts the repository metadata keys that lakeFS writes itself (graveler.go:
// ".lakefs.last.import.timestamp", set by every import): this resource neither manages nor removes them.
const lakefsMetadataPrefix = ".lakefs."

// NewRepositoryMetadataResource manages the whole metadata of a repository.
func NewRepositoryMetadataResource() resource.Resource {
	return &repositoryMetadataResource{importable("repository_metadata", identifiedBy("repository"))}
}

type repositoryMetadataResource struct{ importableResource }

type repositoryMetadataModel struct {
	ID         types.String `tfsdk:"id"`
	Repository types.String `tfsdk:"repository"`
	Metadata   types.Map    `tfsdk:"metadata"`
}

func (r *repositoryMetadataResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete key/value metadata of a repository: keys set outside Terraform are removed, " +
			"but for lakeFS's own `.lakefs.` keys, which are left alone.",
		Attributes: map[string]schema.Attribute{
			"id":         idAttribute("The repository name."),
			"repository": repositoryAttribute("The repository name. Changing it replaces the resource."),
			"metadata": schema.MapAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The repository's metadata. Keys must be non-empty and must not start with `.lakefs.` " +
					"(lakeFS's own). `{}` removes all metadata while keeping the resource.",
				Validators: []validator.Map{mapvalidator.KeysAre(
					stringvalidator.LengthAtLeast(1),
					notLakeFSKey{},
				)},
			},
		},
	}
}

func (r *repositoryMetadataResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	writePlan(ctx, r.importableResource, r.write, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *repositoryMetadataResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state repositoryMetadataModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo := state.Repository.ValueString()
	got, err := r.data.client.GetRepositoryMetadata(ctx, repo)
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read the metadata of repository %q", repo)) {
		return
	}
	state.ID = types.StringValue(repo)
	state.Metadata = stringMapValue(userKeys(got))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *repositoryMetadataResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	writePlan(ctx, r.importableResource, r.write, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// write makes the repository's metadata (but for lakeFS's own keys) the planned map: lakeFS's set merges, so the
// keys that are not planned are deleted, and the result is read back. Reading first also proves the repository
// exists: lakeFS answers 204 to an empty set or delete even for a missing repository.
func (r *repositoryMetadataResource) write(ctx context.Context, plan *repositoryMetadataModel, diags *diag.Diagnostics) bool {
	want := stringMap(ctx, plan.Metadata, diags)
	if diags.HasError() {
		return false
	}
	repo := plan.Repository.ValueString()
	summary := fmt.Sprintf("Cannot set the metadata of repository %q", repo)
	have, err := r.data.client.GetRepositoryMetadata(ctx, repo)
	if err == nil {
		err = r.data.client.SetRepositoryMetadata(ctx, repo, want)
	}
	if err == nil {
		var extra []string
		for k := range userKeys(have) {
			if _, ok := want[k]; !ok {
				extra = append(extra, k)
			}
		}
		slices.Sort(extra)
		err = r.data.client.DeleteRepositoryMetadata(ctx, repo, extra)
	}
	if err == nil {
		have, err = r.data.client.GetRepositoryMetadata(ctx, repo)
	}
	if err != nil {
		addAPIError(diags, summary, err)
		return false
	}
	if got := userKeys(have); !maps.Equal(got, want) {
		diags.AddError(summary, fmt.Sprintf("lakeFS accepted the change, but reading the metadata back shows other "+
			"values (%d keys instead of %d): something else changed it at the same time. Run terraform apply again.",
			len(got), len(want)))
		return false
	}
	plan.ID = types.StringValue(repo)
	return true
}

// Delete removes the keys in the state; lakeFS's own keys and keys set since the last refresh stay.
func (r *repositoryMetadataResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state repositoryMetadataModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	keys := slices.Sorted(maps.Keys(state.Metadata.Elements()))
	repo := state.Repository.ValueString()
	if err := r.data.client.DeleteRepositoryMetadata(ctx, repo, keys); err != nil && !isGone(err) {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot delete the metadata of repository %q", repo), err)
	}
}

// userKeys is the metadata without lakeFS's own keys.
func userKeys(metadata map[string]string) map[string]string {
	out := make(map[string]string, len(metadata))
	for k, v := range metadata {
		if !strings.HasPrefix(k, lakefsMetadataPrefix) {
			out[k] = v
		}
	}
	return out
}

// notLakeFSKey refuses keys with lakeFS's own prefix (the framework validators have no "does not start with").
type notLakeFSKey struct{}

func (notLakeFSKey) Description(context.Context) string {
	return "must not start with " + lakefsMetadataPrefix + ", the prefix of the keys lakeFS writes itself"
}
func (v notLakeFSKey) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (v notLakeFSKey) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !req.ConfigValue.IsNull() && !req.ConfigValue.IsUnknown() && strings.HasPrefix(req.ConfigValue.ValueString(), lakefsMetadataPrefix) {
		resp.Diagnostics.AddAttributeError(req.Path, "Reserved metadata key",
			fmt.Sprintf("The key %q %s.", req.ConfigValue.ValueString(), v.Description(ctx)))
	}
}
