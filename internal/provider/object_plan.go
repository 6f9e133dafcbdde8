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
//
// Terraform plans every resource twice: at plan time and again just before it applies it, and the second plan must
// agree with every value the first one knew. A source file can be rewritten in between (a build step, a local_file
// written earlier in the same apply), so nothing read from a file is ever planned as a known value for a change:
// when a create or an update is planned for an object with a source, content_sha256 and the upload's results stay
// unknown, and the apply uploads the file as it is then (when its bytes or the content type differ from the
// object's), checking that lakeFS stored exactly the bytes it hashed.
func (r *objectResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan objectResourceModel
	if !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
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
	var writeOnly types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("content_wo"), &writeOnly)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !writeOnly.IsNull() {
		r.planWriteOnly(ctx, resp, creating, plan, state)
		return
	}
	if plan.Content.IsUnknown() || plan.Source.IsUnknown() {
		r.planUpload(ctx, resp, creating, types.StringUnknown())
		return
	}
	if plan.Content.IsNull() && plan.Source.IsNull() {
		return // the ExactlyOneOf validator reports it
	}
	content := plan.content()
	fromFile := content.inline == nil

	if creating {
		if fromFile {
			// Hashed at apply time; only say now if the file is not there (it may be written later in the apply).
			if _, err := content.size(); err != nil {
				warnSourceUnreadable(resp, err)
			}
			r.planUpload(ctx, resp, true, types.StringUnknown())
			return
		}
		hashes, err := content.hashes(0)
		if err != nil {
			resp.Diagnostics.AddError("Cannot hash the object's content", err.Error())
			return
		}
		r.planUpload(ctx, resp, true, types.StringValue(hashes.SHA256))
		return
	}

	hashes, err := content.hashes(0) // a multipart checksum in the state is checked by reading again (matchesChecksum)
	if err != nil {
		warnSourceUnreadable(resp, err)
		r.planUpload(ctx, resp, false, types.StringUnknown())
		return
	}
	same, err := r.holdsContent(state, content, hashes)
	if err != nil {
		warnSourceUnreadable(resp, err)
	}
	// lakeFS can change a content type only by uploading again.
	typeChanged := plan.ContentType.IsUnknown() || plan.ContentType.ValueString() != state.ContentType.ValueString()
	if !same || typeChanged {
		planned := types.StringValue(hashes.SHA256)
		if fromFile {
			planned = types.StringUnknown()
		}
		r.planUpload(ctx, resp, false, planned)
		return
	}
	// The object holds the content: record its hash (after an import the state has none, and Update records it,
	// so it must not be planned as null), and keep the other computed values (UseStateForUnknown).
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("content_sha256"), types.StringValue(hashes.SHA256))...)
	if !fromFile || resp.Diagnostics.HasError() || resp.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	// An update for another reason (metadata, the source path, an import): the apply reads the file again and
	// uploads it if it changed since this plan, so the hash and the upload's results are only known then.
	r.planUpload(ctx, resp, false, types.StringUnknown())
}

// planWriteOnly plans an object whose bytes come from content_wo. A write-only value may differ between plan and
// apply (an ephemeral value can be new on every run) and Terraform never shows it, so it is not hashed at plan
// time: an upload is planned on create, for a new content_wo_version or content type, after a switch from
// content or source, and when nothing records what the object holds (after an import, or after the object was
// rewritten in lakeFS: Read then drops content_sha256). The apply hashes content_wo and uploads it when the version
// changed or the bytes differ from the object's; content_sha256 and the upload's results are known only then.
func (r *objectResource) planWriteOnly(ctx context.Context, resp *resource.ModifyPlanResponse, creating bool, plan, state objectResourceModel) {
	if creating || !plan.ContentVersion.Equal(state.ContentVersion) || state.ContentSHA256.IsNull() ||
		!state.Content.IsNull() || !state.Source.IsNull() ||
		plan.ContentType.IsUnknown() || plan.ContentType.ValueString() != state.ContentType.ValueString() {
		r.planUpload(ctx, resp, creating, types.StringUnknown())
	}
}

// holdsContent reports whether the object in the state holds the content with these hashes.
func (r *objectResource) holdsContent(state objectResourceModel, content objectContent, hashes contentHashes) (bool, error) {
	if !state.ContentSHA256.IsNull() && !state.ContentSHA256.IsUnknown() {
		return state.ContentSHA256.ValueString() == hashes.SHA256, nil
	}
	return content.matchesChecksum(state.Checksum.ValueString(), hashes, r.data.partSize())
}

// planUpload plans an upload: content_sha256 as given, and the upload's results unknown.
func (r *objectResource) planUpload(ctx context.Context, resp *resource.ModifyPlanResponse, creating bool, contentSHA256 types.String) {
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("content_sha256"), contentSHA256)...)
	if creating {
		return // every computed value is unknown already
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("checksum"), types.StringUnknown())...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("size_bytes"), types.Int64Unknown())...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("physical_address"), types.StringUnknown())...)
}

func warnSourceUnreadable(resp *resource.ModifyPlanResponse, err error) {
	// The file may be written later in the apply (by another resource): upload whatever is there then.
	resp.Diagnostics.AddAttributeWarning(path.Root("source"), "Cannot read the object's source file at plan time",
		err.Error()+"\n\nThe file is uploaded as it is at apply time.")
}
