package provider

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/upload"
)

// objectLocation names an object on a branch.
type objectLocation struct {
	Repository, Branch, Path string
}

// sendContent uploads an object's content. A source file of at least multipart_threshold bytes goes to the
// object store in parallel presigned parts when the server offers presigned multipart upload; everything else
// (and every server that answers 501) streams through lakeFS in one request.
func sendContent(ctx context.Context, data *providerData, at objectLocation, content objectContent, body client.UploadBody, opts client.UploadOptions) (*client.ObjectStats, error) {
	plain := func(ctx context.Context) (*client.ObjectStats, error) {
		return data.client.UploadObject(ctx, at.Repository, at.Branch, at.Path, body, opts)
	}
	if content.inline != nil || data.uploads == nil || body.Size < data.uploads.Settings().Threshold {
		return plain(ctx)
	}
	if opts.IfNoneMatch {
		// Presigned multipart has no If-None-Match: look first, and answer as lakeFS does to the plain upload.
		_, err := data.client.StatObject(ctx, at.Repository, at.Branch, at.Path)
		if err == nil {
			return nil, &client.APIError{Operation: "statObject", StatusCode: http.StatusPreconditionFailed, Message: "path already exists"}
		}
		if !client.IsNotFound(err) {
			return nil, err
		}
	}
	file, err := os.Open(content.file)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	_, err = data.uploads.Upload(ctx, upload.Object{
		Repository: at.Repository, Branch: at.Branch, Path: at.Path,
		Content: file, Size: body.Size, ContentType: opts.ContentType,
	}, plain)
	if err != nil {
		return nil, err
	}
	// Completing a multipart upload answers with a relative physical address: stat for the stored form.
	return data.client.StatObject(ctx, at.Repository, at.Branch, at.Path)
}

func (m *objectResourceModel) location() objectLocation {
	return objectLocation{Repository: m.Repository.ValueString(), Branch: m.Branch.ValueString(), Path: m.Path.ValueString()}
}

// uploadTo is what a Create or Update uploads to: the object's location, the summary of its errors and the planned
// user metadata (nil when unmanaged).
func (m *objectResourceModel) uploadTo(ctx context.Context, diags *diag.Diagnostics) (objectLocation, string, map[string]string) {
	at := m.location()
	return at, "Cannot upload object " + at.String(), stringMap(ctx, m.Metadata, diags)
}

func (m *objectResourceModel) content() objectContent {
	if !m.ContentWO.IsNull() {
		s := m.ContentWO.ValueString()
		return objectContent{inline: &s, writeOnly: true}
	}
	if !m.Content.IsNull() {
		s := m.Content.ValueString()
		return objectContent{inline: &s}
	}
	return objectContent{file: m.Source.ValueString()}
}

// withWriteOnlyContent sets content_wo from the configuration, the only place where Terraform sends a write-only
// value (it is null in the plan and the state), for content() to upload. The framework nulls it in the new state.
func (m *objectResourceModel) withWriteOnlyContent(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) bool {
	diags.Append(config.GetAttribute(ctx, path.Root("content_wo"), &m.ContentWO)...)
	return !diags.HasError()
}

func (at objectLocation) String() string {
	return fmt.Sprintf("%q on branch %q of repository %q", at.Path, at.Branch, at.Repository)
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
