package provider

import (
	"time"

	"context"
	"fmt"
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
	_ resource.Resource                     = (*objectResource)(nil)
	_ resource.ResourceWithConfigure        = (*objectResource)(nil)
	_ resource.ResourceWithImportState      = (*objectResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*objectResource)(nil)
	_ resource.ResourceWithConfigValidators = (*objectResource)(nil)
)

// NewObjectResource manages an object on a lakeFS branch.
func NewObjectResource() resource.Resource { return &objectResource{} }

type objectResource struct {
	data *providerData
}

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
		MarkdownDescription: "An object on a lakeFS branch, uploaded from a string (`content`) or a local file (`source`, streamed, " +
			"never held in memory). The upload is staged: commit it with `lakefs_commit`.\n\n" +
			"A change of the content or of the file's bytes is planned as an update that uploads again. An object rewritten " +
			"or deleted in lakeFS shows up in the next plan. Destroying the resource deletes the object from the branch.\n\n" +
			"`metadata` is stored with its keys exactly as written. When `metadata` is not set, this resource does not manage " +
			"the object's user metadata at all, so `lakefs_object_user_metadata` can manage it instead; a new upload then keeps " +
			"the metadata the object had. Removing `metadata` from the configuration leaves the object's metadata as it is; " +
			"set `metadata = {}` to clear it.\n\n" +
			"Import with `<repository>/<branch>/<path>` (the path may contain `/`). lakeFS cannot tell what the content came " +
			"from: set `content` or `source` in the configuration; the first apply records it in place, and uploads only " +
			"if the bytes differ from the object's. The object's user metadata is not imported as " +
			"managed: with `metadata` in the configuration the first apply sets it (the plan shows it); " +
			"without it, it stays unmanaged, for `lakefs_object_user_metadata`.\n\n" +
			"**Large files.** A `source` file of at least `multipart_threshold` bytes (provider setting, default 64 MiB) is " +
			"uploaded with lakeFS's presigned multipart upload when the server supports it (`pre_sign_multipart_upload`, S3 " +
			"blockstores only): the file goes straight to the object store in parts of `part_size` bytes (default 16 MiB, at " +
			"least 5 MiB, grown so there are never more than 10000 parts), `upload_concurrency` at a time (default 4), each " +
			"part read from the file as it is sent, so memory use stays small whatever the file size. Failed parts are retried " +
			"with backoff; a part whose presigned URL expired gets a fresh one from lakeFS (v1.55+). An upload that fails, is " +
			"interrupted or runs out of its `timeouts` is aborted so no parts stay in the store, and nothing is written to " +
			"state. Smaller content, servers without the feature, repositories whose server answers 501 and object stores " +
			"the provider cannot connect to (an internal hostname: the first part fails to connect) use a single streamed " +
			"upload through lakeFS. Objects uploaded in parts have an S3-style `<md5>-<parts>` checksum; an imported or " +
			"existing one matches the local file when the file, cut into `part_size` parts, gives the same checksum.",
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create:            true,
				Update:            true,
				CreateDescription: "How long an upload may take when the object is created (default `60m`); an interrupted multipart upload is aborted.",
				UpdateDescription: "How long an upload may take when the object is updated (default `60m`).",
			}),
		},
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<repository>/<branch>/<path>`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"repository": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The repository name. Changing it replaces the object.",
				Validators:          repositoryIDValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"branch": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The branch the object is uploaded to. Changing it replaces the object.",
				Validators:          branchIDValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"path": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The object path, at most 1024 bytes. Changing it replaces the object.",
				Validators:          objectPathValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"content": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The object's content as a string. Exactly one of `content` and `source` is required.",
			},
			"source": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of a local file to upload. Its bytes are hashed at plan time, so a change of the file " +
					"is planned as an update. Exactly one of `content` and `source` is required.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"content_type": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "The object's content type. Default: what lakeFS stores, `application/octet-stream`. Changing it uploads again.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"metadata": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "User metadata, keys kept as written. Leave unset to let `lakefs_object_user_metadata` manage it.",
			},
			"content_sha256": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "SHA-256 of the content last uploaded by Terraform; how changes of `source` files are detected.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"checksum": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "lakeFS's checksum of the object (the ETag: an MD5 for simple uploads).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"size_bytes": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "The object's size in bytes.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"physical_address": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Where lakeFS stored the object's data.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *objectResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(path.MatchRoot("content"), path.MatchRoot("source"))}
}

func (r *objectResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
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
	if r.data == nil {
		resp.Diagnostics.AddError("Provider not configured", notConfiguredDetail)
		return
	}
	var plan objectResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultObjectUploadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	at := plan.location()
	summary := "Cannot upload object " + at.String()
	metadata := stringMap(ctx, plan.Metadata, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// If-None-Match keeps a create from overwriting an object nobody asked Terraform to manage.
	stats, hashes, err := r.upload(ctx, at, plan, true)
	if client.IsPreconditionFailed(err) {
		// The object exists: it is ours only if the client retried an upload whose first answer was lost.
		stats, err = r.adoptExisting(ctx, at, plan.content(), hashes, err)
	}
	if err != nil {
		if client.IsPreconditionFailed(err) {
			resp.Diagnostics.AddError(summary, apiErrorDetail(err)+
				"\n\nAn object exists at this path. To manage it, import it with: terraform import <address> "+
				at.Repository+"/"+at.Branch+"/"+at.Path)
			return
		}
		addAPIError(&resp.Diagnostics, summary, err)
		return
	}
	if metadata != nil {
		if err := r.data.client.UpdateObjectUserMetadata(ctx, at.Repository, at.Branch, at.Path, metadata); err != nil {
			// Leave nothing half-made behind: the object without its metadata goes away again.
			_ = r.data.client.DeleteObject(ctx, at.Repository, at.Branch, at.Path)
			addAPIError(&resp.Diagnostics, "Cannot set the user metadata of object "+at.String(), err)
			return
		}
	}
	plan.fromStats(at, stats)
	plan.ContentSHA256 = types.StringValue(hashes.SHA256)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// upload hashes and streams the planned content. Errors reading the content come back unwrapped.
func (r *objectResource) upload(ctx context.Context, at objectLocation, plan objectResourceModel, ifNoneMatch bool) (*client.ObjectStats, contentHashes, error) {
	content := plan.content()
	hashes, err := content.hashes()
	if err != nil {
		return nil, hashes, fmt.Errorf("reading %s: %w", content.describe(), err)
	}
	body, err := content.body()
	if err != nil {
		return nil, hashes, fmt.Errorf("reading %s: %w", content.describe(), err)
	}
	opts := client.UploadOptions{IfNoneMatch: ifNoneMatch}
	if !plan.ContentType.IsUnknown() {
		opts.ContentType = plan.ContentType.ValueString()
	}
	stats, err := sendContent(ctx, r.data, at, content, body, opts)
	return stats, hashes, err
}

// adoptExisting returns the object at the path when it holds the planned content (a simple upload with the same
// MD5, or a multipart upload with the same multipart ETag), otherwise uploadErr.
func (r *objectResource) adoptExisting(ctx context.Context, at objectLocation, content objectContent, hashes contentHashes, uploadErr error) (*client.ObjectStats, error) {
	stats, err := r.data.client.StatObject(ctx, at.Repository, at.Branch, at.Path)
	if err != nil {
		return nil, uploadErr
	}
	if same, err := content.matchesChecksum(stats.Checksum, hashes, r.data.partSize()); err != nil || !same {
		return nil, uploadErr
	}
	return stats, nil
}

func (r *objectResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if r.data == nil {
		return
	}
	var state objectResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	at := state.location()
	stats, err := r.data.client.StatObject(ctx, at.Repository, at.Branch, at.Path)
	if client.IsNotFound(err) || client.IsGone(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot read object "+at.String(), err)
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
	if r.data == nil {
		resp.Diagnostics.AddError("Provider not configured", notConfiguredDetail)
		return
	}
	var plan, state objectResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultObjectUploadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	at := plan.location()
	metadata := stringMap(ctx, plan.Metadata, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	writeMetadata := metadata != nil && !plan.Metadata.Equal(state.Metadata)
	// ModifyPlan leaves the checksum unknown exactly when the bytes or the content type must be uploaded again.
	if plan.Checksum.IsUnknown() {
		if metadata == nil {
			// An upload replaces the object's metadata: keep what another resource (or lakeFS user) put there.
			if old, err := r.data.client.StatObject(ctx, at.Repository, at.Branch, at.Path); err == nil && len(old.Metadata) > 0 {
				metadata, writeMetadata = old.Metadata, true
			}
		} else {
			writeMetadata = true
		}
		stats, hashes, err := r.upload(ctx, at, plan, false)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Cannot upload object "+at.String(), err)
			return
		}
		plan.fromStats(at, stats)
		plan.ContentSHA256 = types.StringValue(hashes.SHA256)
	}
	if writeMetadata {
		if err := r.data.client.UpdateObjectUserMetadata(ctx, at.Repository, at.Branch, at.Path, metadata); err != nil {
			addAPIError(&resp.Diagnostics, "Cannot set the user metadata of object "+at.String(), err)
			// Record the upload that did happen, with the metadata as it was.
			plan.Metadata = state.Metadata
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *objectResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if r.data == nil {
		resp.Diagnostics.AddError("Provider not configured", notConfiguredDetail)
		return
	}
	var state objectResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	at := state.location()
	// lakeFS answers 204 for a missing object and 404 for a missing branch or repository: both mean gone.
	if err := r.data.client.DeleteObject(ctx, at.Repository, at.Branch, at.Path); err != nil && !client.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Cannot delete object "+at.String(), err)
	}
}

func (r *objectResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts, err := splitImportID(req.ID, 3, "<repository>/<branch>/<path>")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("repository"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("branch"), parts[1])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("path"), parts[2])...)
	// The object's user metadata is not imported as managed: a configuration may leave it to
	// lakefs_object_user_metadata, and a plan would then show it "removed" while the apply leaves it alone. A
	// configuration that sets metadata takes it over at the first apply, which the plan shows.
}

func (m *objectResourceModel) fromStats(at objectLocation, stats *client.ObjectStats) {
	m.ID = types.StringValue(at.Repository + "/" + at.Branch + "/" + at.Path)
	m.Checksum = types.StringValue(stats.Checksum)
	m.SizeBytes = types.Int64Value(stats.SizeBytes)
	m.PhysicalAddress = types.StringValue(stats.PhysicalAddress)
	m.ContentType = types.StringValue(stats.ContentType)
}
