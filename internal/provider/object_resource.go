package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var (
	_ resource.ResourceWithModifyPlan       = (*objectResource)(nil)
	_ resource.ResourceWithConfigValidators = (*objectResource)(nil)
)

// NewObjectResource manages an object on a lakeFS branch.
func NewObjectResource() resource.Resource {
	return &objectResource{importable("object", objectIdentity)}
}

// objectIdentity is also the identity of its list resource.
var objectIdentity = identifiedBy("repository", "branch", "path")

type objectResource struct{ importableResource }

type objectResourceModel struct {
	ID              types.String   `tfsdk:"id"`
	Repository      types.String   `tfsdk:"repository"`
	Branch          types.String   `tfsdk:"branch"`
	Path            types.String   `tfsdk:"path"`
	Content         types.String   `tfsdk:"content"`
	ContentWO       types.String   `tfsdk:"content_wo"` // null but in Create and Update: see withWriteOnlyContent
	ContentVersion  types.Int64    `tfsdk:"content_wo_version"`
	Source          types.String   `tfsdk:"source"`
	ContentType     types.String   `tfsdk:"content_type"`
	Metadata        types.Map      `tfsdk:"metadata"`
	ContentSHA256   types.String   `tfsdk:"content_sha256"`
	Checksum        types.String   `tfsdk:"checksum"`
	SizeBytes       types.Int64    `tfsdk:"size_bytes"`
	PhysicalAddress types.String   `tfsdk:"physical_address"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// defaultObjectUploadTimeout bounds a create or update: generous enough for a few GiB on a slow link.
const defaultObjectUploadTimeout = 60 * time.Minute

func (r *objectResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An object on a lakeFS branch, uploaded from a string (`content`, or `content_wo`, kept out of the state) or a " +
			"local file (`source`). The upload is " +
			"staged: commit it with `lakefs_commit`.",
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create:            true,
				Update:            true,
				CreateDescription: "How long an upload may take when the object is created (default `60m`); an interrupted multipart upload is aborted.",
				UpdateDescription: "How long an upload may take when the object is updated (default `60m`).",
			}),
		},
		Attributes: map[string]schema.Attribute{
			"id":         idAttribute("`<repository>/<branch>/<path>`."),
			"repository": repositoryAttribute("The repository name. Changing it replaces the object."),
			"branch":     branchAttribute("The branch the object is uploaded to. Changing it replaces the object."),
			"path":       replacingString("The object path, at most 1024 bytes. Changing it replaces the object.", objectPathValidators()...),
			"content": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The object's content as a string. Exactly one of `content`, `content_wo` and `source` is required.",
			},
			"content_wo": schema.StringAttribute{
				Optional:  true,
				WriteOnly: true,
				// Never shown anyway; sensitive so that a secret stays redacted wherever a value could surface.
				Sensitive: true,
				MarkdownDescription: "The object's content as a string that is never stored in the plan or the state (Terraform " +
					"1.11 and later); it may be ephemeral. Uploaded on create and when `content_wo_version` changes.",
			},
			"content_wo_version": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Change it (increment it) to upload `content_wo` again: Terraform cannot see a change of a " +
					"write-only value.",
				Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("content_wo"))},
			},
			"source": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of a local file to upload. Its bytes are hashed at plan time, so a change of the file " +
					"is planned as an update; the apply uploads the file as it is at apply time. Exactly one of `content`, " +
					"`content_wo` and `source` is required.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"content_type": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "The object's content type. Default: what lakeFS stores, `application/octet-stream`. Changing it uploads again.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				// lakeFS stores an empty Content-Type as application/octet-stream: "" could never be read back.
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"metadata": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "User metadata, keys kept as written. Leave unset to let `lakefs_object_user_metadata` manage it.",
			},
			"content_sha256": stableComputedString("SHA-256 of the content last uploaded (or found in place) by Terraform; how changes of `source` " +
				"files are detected. For a `source` file it is known only after apply whenever the object is created or updated."),
			"checksum":         stableComputedString("lakeFS's checksum of the object (the ETag: an MD5 for simple uploads)."),
			"size_bytes":       stableComputedInt64("The object's size in bytes."),
			"physical_address": stableComputedString("Where lakeFS stored the object's data."),
		},
	}
}

func (r *objectResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(path.MatchRoot("content"), path.MatchRoot("content_wo"), path.MatchRoot("source"))}
}

func (r *objectResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan objectResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) ||
		!plan.withWriteOnlyContent(ctx, req.Config, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultObjectUploadTimeout, &resp.Diagnostics)
	defer cancel()
	at, summary, metadata := plan.uploadTo(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// If-None-Match keeps a create from overwriting an object nobody asked Terraform to manage.
	stats, hashes, err := r.upload(ctx, at, plan, true)
	created := stats != nil // uploaded by this create (also when what arrived is not what was hashed)
	if client.IsPreconditionFailed(err) {
		// The object exists: it was made by this create only if the client retried an upload whose first answer
		// was lost. Take it only if it is exactly what this create makes; otherwise leave it alone.
		var detail string
		stats, detail, err = r.adoptExisting(ctx, at, plan, metadata, hashes, err)
		if detail != "" {
			resp.Diagnostics.AddError(summary, detail+"\n\nTerraform did not change it. To manage it, import it with: "+
				"terraform import <address> "+joinID(at.Repository, at.Branch, at.Path))
			return
		}
	}
	var changed *contentChangedError
	if errors.As(err, &changed) && created {
		// What lakeFS stored is not what was hashed: remove the object this create made.
		resp.Diagnostics.AddError(summary, changed.Error()+r.deleteUploaded(ctx, at))
		return
	}
	if err != nil {
		if client.IsPreconditionFailed(err) {
			addAPIErrorHint(&resp.Diagnostics, summary, err,
				"An object exists at this path. To manage it, import it with: terraform import <address> "+
					joinID(at.Repository, at.Branch, at.Path))
			return
		}
		addAPIError(&resp.Diagnostics, summary, err)
		return
	}
	if metadata != nil && !maps.Equal(stats.Metadata, metadata) {
		if err := r.data.client.UpdateObjectUserMetadata(ctx, at.Repository, at.Branch, at.Path, metadata); err != nil {
			detail := apiErrorDetail(err)
			if created {
				// Leave nothing half-made behind: the object without its metadata goes away again.
				detail += r.deleteUploaded(ctx, at)
			} else {
				// Adopted, not uploaded: it may not be Terraform's, so it stays as it was found.
				detail += "\n\nThe object was already at this path with the configured content; Terraform left it as it was."
			}
			resp.Diagnostics.AddError("Cannot set the user metadata of object "+at.String(), detail)
			return
		}
	}
	plan.fromStats(at, stats)
	plan.ContentSHA256 = types.StringValue(hashes.SHA256)
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// deleteUploaded deletes the object that a failed Create uploaded, and says how that went, as the end of the
// error's detail.
func (r *objectResource) deleteUploaded(ctx context.Context, at objectLocation) string {
	if err := r.data.client.DeleteObject(ctx, at.Repository, at.Branch, at.Path); err != nil {
		return "\n\nDeleting the object that was uploaded failed too: " + apiErrorDetail(err)
	}
	return "\n\nThe object that was uploaded has been deleted again."
}

func (r *objectResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state objectResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	at := state.location()
	stats, err := r.data.client.StatObject(ctx, at.Repository, at.Branch, at.Path)
	if !foundOrRemoved(ctx, resp, err, "Cannot read object "+at.String()) {
		return
	}
	if !state.Checksum.IsNull() && state.Checksum.ValueString() != stats.Checksum {
		// Rewritten outside Terraform: what Terraform uploaded is no longer there.
		state.ContentSHA256 = types.StringNull()
	}
	state.fromStats(at, stats)
	// Unmanaged metadata stays null, so that lakefs_object_user_metadata can own it.
	if !state.Metadata.IsNull() {
		state.Metadata = stringMapValue(stats.Metadata)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *objectResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state objectResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) ||
		!decode(ctx, req.State, &state, &resp.Diagnostics) || !plan.withWriteOnlyContent(ctx, req.Config, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Update, defaultObjectUploadTimeout, &resp.Diagnostics)
	defer cancel()
	at, summary, metadata := plan.uploadTo(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	uploaded := false
	var changed *contentChangedError
	// ModifyPlan leaves the checksum unknown when an upload is planned, and, for a source file, on every update:
	// the file is read now, and uploaded when its bytes or the content type differ from the object's.
	if plan.Checksum.IsUnknown() {
		content := plan.content()
		hashes, err := r.hashesForUpload(content)
		if err != nil {
			resp.Diagnostics.AddError(summary, fmt.Sprintf("reading %s: %v", content.describe(), err))
			return
		}
		// A new content_wo_version uploads content_wo again, whatever it holds; but not the first apply after an
		// import (no content_sha256 yet, nor a version), which takes the object over if it holds the content.
		need := plan.ContentType.ValueString() != state.ContentType.ValueString() ||
			content.writeOnly && !plan.ContentVersion.Equal(state.ContentVersion) && !state.ContentSHA256.IsNull()
		if !need {
			same, err := r.holdsContent(state, content, hashes)
			if err != nil {
				resp.Diagnostics.AddError(summary, fmt.Sprintf("reading %s: %v", content.describe(), err))
				return
			}
			need = !same
		}
		if need {
			var keep map[string]string
			if metadata == nil {
				// An upload replaces the object's metadata: keep what another resource (or lakeFS user) put there.
				if old, err := r.data.client.StatObject(ctx, at.Repository, at.Branch, at.Path); err == nil {
					keep = old.Metadata
				}
			}
			stats, err := r.uploadHashed(ctx, at, plan, content, hashes, false)
			if stats == nil {
				addAPIError(&resp.Diagnostics, summary, err)
				return
			}
			uploaded = true
			plan.fromStats(at, stats)
			plan.ContentSHA256 = types.StringValue(hashes.SHA256)
			if errors.As(err, &changed) {
				plan.ContentSHA256 = types.StringNull() // what the object holds is not known: the next plan uploads again
			}
			if metadata == nil {
				metadata = keep
			}
		} else {
			plan.Checksum, plan.SizeBytes, plan.PhysicalAddress = state.Checksum, state.SizeBytes, state.PhysicalAddress
			plan.ContentSHA256 = types.StringValue(hashes.SHA256)
		}
	}
	writeMetadata := false
	switch {
	case uploaded:
		writeMetadata = len(metadata) > 0 // an upload stores none
	case metadata != nil && !plan.Metadata.Equal(state.Metadata):
		writeMetadata = true
	}
	if writeMetadata {
		if err := r.data.client.UpdateObjectUserMetadata(ctx, at.Repository, at.Branch, at.Path, metadata); err != nil {
			addAPIError(&resp.Diagnostics, "Cannot set the user metadata of object "+at.String(), err)
			if changed != nil {
				resp.Diagnostics.AddError(summary, changed.Error())
			}
			// Record the upload that did happen, with the metadata as it was.
			plan.Metadata = state.Metadata
			r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
			return
		}
	}
	if changed != nil {
		resp.Diagnostics.AddError(summary, changed.Error()+"\n\nThe object now holds what lakeFS received; the next plan "+
			"uploads the file again.")
	}
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *objectResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state objectResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	at := state.location()
	// lakeFS answers 204 for a missing object and 404 for a missing branch or repository: both mean gone.
	if err := r.data.client.DeleteObject(ctx, at.Repository, at.Branch, at.Path); err != nil && !client.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Cannot delete object "+at.String(), err)
	}
}

func (r *objectResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importIdentity(ctx, req, resp)
	// The object's user metadata is not imported as managed: a configuration may leave it to
	// lakefs_object_user_metadata, and a plan would then show it "removed" while the apply leaves it alone. A
	// configuration that sets metadata takes it over at the first apply, which the plan shows.
}

func (m *objectResourceModel) fromStats(at objectLocation, stats *client.ObjectStats) {
	m.ID = types.StringValue(joinID(at.Repository, at.Branch, at.Path))
	m.Checksum = types.StringValue(stats.Checksum)
	m.SizeBytes = types.Int64Value(stats.SizeBytes)
	m.PhysicalAddress = types.StringValue(stats.PhysicalAddress)
	m.ContentType = types.StringValue(stats.ContentType)
}
