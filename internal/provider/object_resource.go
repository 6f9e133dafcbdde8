package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var (
	_ resource.ResourceWithImportState      = (*objectResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*objectResource)(nil)
	_ resource.ResourceWithConfigValidators = (*objectResource)(nil)
)

// NewObjectResource manages an object on a lakeFS branch.
func NewObjectResource() resource.Resource { return &objectResource{} }

type objectResource struct{ resourceBase }

type objectResourceModel struct {
	ID              types.String   `tfsdk:"id"`
	Repository      types.String   `tfsdk:"repository"`
	Branch          types.String   `tfsdk:"branch"`
	Path            types.String   `tfsdk:"path"`
	Content         types.String   `tfsdk:"content"`
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

func (r *objectResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_object"
}

func (r *objectResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An object on a lakeFS branch, uploaded from a string (`content`) or a local file (`source`). The upload is " +
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
				MarkdownDescription: "The object's content as a string. Exactly one of `content` and `source` is required.",
			},
			"source": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of a local file to upload. Its bytes are hashed at plan time, so a change of the file " +
					"is planned as an update; the apply uploads the file as it is at apply time. Exactly one of `content` and " +
					"`source` is required.",
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
			"checksum": stableComputedString("lakeFS's checksum of the object (the ETag: an MD5 for simple uploads)."),
			"size_bytes": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "The object's size in bytes.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"physical_address": stableComputedString("Where lakeFS stored the object's data."),
		},
	}
}

func (r *objectResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(path.MatchRoot("content"), path.MatchRoot("source"))}
}

func (m *objectResourceModel) location() objectLocation {
	return objectLocation{Repository: m.Repository.ValueString(), Branch: m.Branch.ValueString(), Path: m.Path.ValueString()}
}

func (m *objectResourceModel) content() objectContent {
	if !m.Content.IsNull() {
		s := m.Content.ValueString()
		return objectContent{inline: &s}
	}
	return objectContent{file: m.Source.ValueString()}
}

func (at objectLocation) String() string {
	return fmt.Sprintf("%q on branch %q of repository %q", at.Path, at.Branch, at.Repository)
}

func (r *objectResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan objectResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultObjectUploadTimeout, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	at := plan.location()
	summary := "Cannot upload object " + at.String()
	metadata := stringMap(ctx, plan.Metadata, &resp.Diagnostics)
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
		if delErr := r.data.client.DeleteObject(ctx, at.Repository, at.Branch, at.Path); delErr != nil {
			resp.Diagnostics.AddError(summary, changed.Error()+"\n\nDeleting the object that was uploaded failed too: "+
				apiErrorDetail(delErr))
			return
		}
		resp.Diagnostics.AddError(summary, changed.Error()+"\n\nThe object that was uploaded has been deleted again.")
		return
	}
	if err != nil {
		if client.IsPreconditionFailed(err) {
			resp.Diagnostics.AddError(summary, apiErrorDetail(err)+
				"\n\nAn object exists at this path. To manage it, import it with: terraform import <address> "+
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
				if delErr := r.data.client.DeleteObject(ctx, at.Repository, at.Branch, at.Path); delErr != nil {
					detail += "\n\nDeleting the object that was uploaded failed too: " + apiErrorDetail(delErr)
				} else {
					detail += "\n\nThe object that was uploaded has been deleted again."
				}
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
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// contentChangedError reports a source file whose bytes are not the ones the plan or the upload expected.
type contentChangedError struct{ msg string }

func (e *contentChangedError) Error() string { return e.msg }

// upload hashes the planned content and uploads it with uploadHashed. Errors reading the content come back unwrapped.
func (r *objectResource) upload(ctx context.Context, at objectLocation, plan objectResourceModel, ifNoneMatch bool) (*client.ObjectStats, contentHashes, error) {
	content := plan.content()
	hashes, err := r.hashesForUpload(content)
	if err != nil {
		return nil, hashes, fmt.Errorf("reading %s: %w", content.describe(), err)
	}
	stats, err := r.uploadHashed(ctx, at, plan, content, hashes, ifNoneMatch)
	return stats, hashes, err
}

// hashesForUpload hashes content, with the multipart checksum too when sendContent may upload it in parts, so
// that what lakeFS stored can be checked against the bytes hashed either way.
func (r *objectResource) hashesForUpload(content objectContent) (contentHashes, error) {
	var partSize int64
	if content.inline == nil && r.data.uploads != nil {
		if size, err := content.size(); err == nil && size >= r.data.uploads.Settings().Threshold {
			partSize = r.data.partSize()
		}
	}
	return content.hashes(partSize)
}

// uploadHashed streams exactly the bytes that were hashed. It fails before uploading when the plan knows the
// content's SHA-256 and the content does not have it, and after uploading (returning the stats of what was stored)
// when lakeFS's checksum shows that the bytes it received are not the ones hashed: a source file rewritten during
// the upload. Both errors are *contentChangedError; stats are returned only for an upload that happened.
func (r *objectResource) uploadHashed(ctx context.Context, at objectLocation, plan objectResourceModel, content objectContent, hashes contentHashes, ifNoneMatch bool) (*client.ObjectStats, error) {
	if want := plan.ContentSHA256; !want.IsNull() && !want.IsUnknown() && want.ValueString() != hashes.SHA256 {
		return nil, &contentChangedError{fmt.Sprintf("The %s changed after the plan: the plan uploads content with "+
			"SHA-256 %s, and it now has SHA-256 %s (%d bytes). Nothing was uploaded; run terraform apply again to "+
			"plan the new content.", content.describe(), want.ValueString(), hashes.SHA256, hashes.Size)}
	}
	opts := client.UploadOptions{IfNoneMatch: ifNoneMatch}
	if !plan.ContentType.IsUnknown() {
		opts.ContentType = plan.ContentType.ValueString()
	}
	stats, err := sendContent(ctx, r.data, at, content, content.body(hashes.Size), opts)
	if err != nil {
		if size, sizeErr := content.size(); content.inline == nil && (sizeErr != nil || size != hashes.Size) && !client.IsPreconditionFailed(err) {
			return nil, fmt.Errorf("the %s changed while it was being uploaded (%d bytes when it was hashed, now %s): %w",
				content.describe(), hashes.Size, describeSize(size, sizeErr), err)
		}
		return nil, err
	}
	if !hashes.matchesUploaded(stats.Checksum) {
		return stats, &contentChangedError{fmt.Sprintf("The %s changed while it was being uploaded: it was read as %d "+
			"bytes with SHA-256 %s (MD5 %s), but lakeFS stored %d bytes with checksum %s, which are not those bytes.",
			content.describe(), hashes.Size, hashes.SHA256, hashes.MD5, stats.SizeBytes, stats.Checksum)}
	}
	return stats, nil
}

func describeSize(size int64, err error) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%d bytes", size)
}

// adoptExisting decides about the object a create found at its path (412). It is taken only when it is exactly
// what this create makes: the planned bytes (a simple upload with the same MD5, or a multipart upload with the same
// multipart ETag), the planned content type (application/octet-stream when none is configured) and no user
// metadata other than the planned one (an upload stores none; Create sets the configured metadata afterwards).
// Otherwise it returns why not (detail), and the object is left alone. A stat that fails returns uploadErr.
func (r *objectResource) adoptExisting(ctx context.Context, at objectLocation, plan objectResourceModel, metadata map[string]string, hashes contentHashes, uploadErr error) (*client.ObjectStats, string, error) {
	stats, err := r.data.client.StatObject(ctx, at.Repository, at.Branch, at.Path)
	if err != nil {
		return nil, "", uploadErr
	}
	content := plan.content()
	var differences []string
	if same, err := content.matchesChecksum(stats.Checksum, hashes, r.data.partSize()); err != nil {
		return nil, "", fmt.Errorf("reading %s: %w", content.describe(), err)
	} else if !same {
		differences = append(differences, fmt.Sprintf("its content differs from the %s (lakeFS checksum %s, %d bytes)",
			content.describe(), stats.Checksum, stats.SizeBytes))
	}
	wantType := "application/octet-stream"
	if !plan.ContentType.IsUnknown() && !plan.ContentType.IsNull() {
		wantType = plan.ContentType.ValueString()
	}
	if stats.ContentType != wantType {
		differences = append(differences, fmt.Sprintf("its content type is %q, not %q", stats.ContentType, wantType))
	}
	if len(stats.Metadata) > 0 && !maps.Equal(stats.Metadata, metadata) {
		if metadata == nil {
			differences = append(differences, fmt.Sprintf("it has user metadata (%s), and an object this configuration "+
				"creates has none", strings.Join(slices.Sorted(maps.Keys(stats.Metadata)), ", ")))
		} else {
			differences = append(differences, fmt.Sprintf("its user metadata (keys %s) is not the configured metadata",
				strings.Join(slices.Sorted(maps.Keys(stats.Metadata)), ", ")))
		}
	}
	if len(differences) > 0 {
		return nil, "An object exists at this path, and it is not the object this configuration creates: " +
			strings.Join(differences, "; ") + ".", nil
	}
	return stats, "", nil
}

func (r *objectResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
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
		!decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Update, defaultObjectUploadTimeout, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	at := plan.location()
	summary := "Cannot upload object " + at.String()
	metadata := stringMap(ctx, plan.Metadata, &resp.Diagnostics)
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
		need := plan.ContentType.ValueString() != state.ContentType.ValueString()
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
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			return
		}
	}
	if changed != nil {
		resp.Diagnostics.AddError(summary, changed.Error()+"\n\nThe object now holds what lakeFS received; the next plan "+
			"uploads the file again.")
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
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
	importParts(ctx, req, resp, "repository", "branch", "path")
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
