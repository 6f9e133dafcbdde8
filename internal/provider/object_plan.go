package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan decides whether the object's bytes must be uploaded again. It hashes the configured content (a
// source file is read, streaming, at plan time) and compares it with what Terraform last uploaded
// (content_sha256), or, when that is unknown (after an import or a rewrite in lakeFS), with lakeFS's checksum: the
// MD5, or for an object uploaded in parts the multipart ETag (matchesChecksum).
// An upload is planned by leaving the upload's results (checksum, size, physical address) unknown.
func (r *objectResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan objectResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	creating := req.State.Raw.IsNull()
	var state objectResourceModel
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if !state.Metadata.IsNull() && plan.Metadata.IsNull() {
			// Terraform shows this as metadata going to null, which reads as "removed": say what the apply does.
			resp.Diagnostics.AddAttributeWarning(path.Root("metadata"), "The object's user metadata is no longer managed",
				"metadata was removed from the configuration: the apply leaves the object's user metadata as it is and "+
					"stops managing it (lakefs_object_user_metadata can manage it). Set metadata = {} to remove it.")
		}
	}

	reupload := false
	var newHash types.String
	switch {
	case plan.Content.IsUnknown() || plan.Source.IsUnknown():
		reupload, newHash = true, types.StringUnknown()
	case plan.Content.IsNull() && plan.Source.IsNull():
		return // the ExactlyOneOf validator reports it
	default:
		content := plan.content()
		hashes, err := content.hashes()
		if err != nil {
			// The file may be written later in the apply (by another resource): upload whatever is there then.
			resp.Diagnostics.AddAttributeWarning(path.Root("source"), "Cannot read the object's source file at plan time",
				err.Error()+"\n\nThe file is uploaded as it is at apply time.")
			reupload, newHash = true, types.StringUnknown()
			break
		}
		newHash = types.StringValue(hashes.SHA256)
		switch {
		case creating:
		case !state.ContentSHA256.IsNull() && !state.ContentSHA256.IsUnknown():
			reupload = state.ContentSHA256.ValueString() != hashes.SHA256
		default:
			same, err := content.matchesChecksum(state.Checksum.ValueString(), hashes, r.data.partSize())
			if err != nil {
				resp.Diagnostics.AddAttributeWarning(path.Root("source"), "Cannot read the object's source file at plan time",
					err.Error()+"\n\nThe file is uploaded as it is at apply time.")
			}
			reupload = !same
			if !reupload {
				newHash = state.ContentSHA256 // adopt without an upload; keep the plan empty
			}
		}
	}
	if creating {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("content_sha256"), newHash)...)
		return
	}
	if plan.ContentType.IsUnknown() || plan.ContentType.ValueString() != state.ContentType.ValueString() {
		reupload = true // lakeFS can change a content type only by uploading again
	}
	// Set even without an upload: after an import the state has none, and it must not plan as unknown.
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("content_sha256"), newHash)...)
	if !reupload {
		return // the other computed values keep their state (UseStateForUnknown)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("checksum"), types.StringUnknown())...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("size_bytes"), types.Int64Unknown())...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("physical_address"), types.StringUnknown())...)
}
