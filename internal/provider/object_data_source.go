package provider

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewObjectDataSource reads an object's stat and, on request, its content.
func NewObjectDataSource() datasource.DataSource {
	return &objectDataSource{dataSourceNamed("object")}
}

type objectDataSource struct{ dataSourceBase }

// Limits of read_content: the content lands in the state and the plan, so it is meant for small text objects.
const (
	defaultMaxContentBytes = 1 << 20  // 1 MiB
	maxMaxContentBytes     = 16 << 20 // 16 MiB
)

// objectStatFields are the attributes that lakefs_object and lakefs_objects both read from an object's stats.
type objectStatFields struct {
	Checksum        types.String      `tfsdk:"checksum"`
	SizeBytes       types.Int64       `tfsdk:"size_bytes"`
	ContentType     types.String      `tfsdk:"content_type"`
	Metadata        types.Map         `tfsdk:"metadata"`
	PhysicalAddress types.String      `tfsdk:"physical_address"`
	Mtime           timetypes.RFC3339 `tfsdk:"mtime"`
}

type objectDataSourceModel struct {
	ID              types.String `tfsdk:"id"`
	Repository      types.String `tfsdk:"repository"`
	Ref             types.String `tfsdk:"ref"`
	Path            types.String `tfsdk:"path"`
	ReadContent     types.Bool   `tfsdk:"read_content"`
	MaxContentBytes types.Int64  `tfsdk:"max_content_bytes"`
	Content         types.String `tfsdk:"content"`
	objectStatFields
}

func (d *objectDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := objectStatAttributes()
	attributes["id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "`<repository>/<ref>/<path>`."}
	attributes["repository"] = schema.StringAttribute{Required: true, MarkdownDescription: "The repository.", Validators: repositoryIDValidators()}
	attributes["ref"] = schema.StringAttribute{Required: true, MarkdownDescription: "A branch (with its uncommitted changes), tag, commit id or ref expression.", Validators: refExpressionValidators()}
	attributes["path"] = schema.StringAttribute{Required: true, MarkdownDescription: "The object's path.", Validators: objectPathValidators()}
	attributes["read_content"] = schema.BoolAttribute{Optional: true, MarkdownDescription: "Read the content into `content`: for small UTF-8 text objects only. Default `false`."}
	attributes["max_content_bytes"] = schema.Int64Attribute{
		Optional: true, Computed: true,
		MarkdownDescription: fmt.Sprintf("With `read_content`, a larger object is an error. Default %d (1 MiB), at most %d (16 MiB).", defaultMaxContentBytes, maxMaxContentBytes),
		Validators: []validator.Int64{
			int64validator.Between(1, maxMaxContentBytes),
			int64validator.AlsoRequires(path.MatchRoot("read_content")),
		},
	}
	attributes["content"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The content, with `read_content = true`; null otherwise."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an object's stats at a ref and, with `read_content`, its content as UTF-8 text. An object that does not exist is an error.",
		Attributes:          attributes,
	}
}

func (d *objectDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model objectDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	repo, ref, objPath := model.Repository.ValueString(), model.Ref.ValueString(), model.Path.ValueString()
	c := d.data.client
	stats, err := c.StatObject(ctx, repo, ref, objPath)
	if err != nil {
		summary := fmt.Sprintf("Cannot read object %q at ref %q of repository %q", objPath, ref, repo)
		if client.IsNotFound(err) {
			summary = fmt.Sprintf("Object %q not found at ref %q of repository %q", objPath, ref, repo)
		}
		detail := apiErrorDetail(err)
		if client.IsNotFound(err) {
			if missing := missingRef(ctx, c, repo, ref); missing != "" {
				detail += "\n\n" + missing
			}
		}
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	model.ID = types.StringValue(joinID(repo, ref, objPath))
	model.objectStatFields = objectStatsFromAPI(stats)
	if model.MaxContentBytes.IsNull() {
		model.MaxContentBytes = types.Int64Value(defaultMaxContentBytes)
	}
	model.Content = types.StringNull()
	if model.ReadContent.ValueBool() {
		content, ok := readTextContent(ctx, c, repo, ref, objPath, stats.SizeBytes, model.MaxContentBytes.ValueInt64(), resp)
		if !ok {
			return
		}
		model.Content = types.StringValue(content)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// readTextContent reads a small UTF-8 object. size is its size as stat reported it: a larger object than
// maxBytes is refused before anything is downloaded.
func readTextContent(ctx context.Context, c *client.Client, repo, ref, objPath string, size, maxBytes int64, resp *datasource.ReadResponse) (string, bool) {
	summary := fmt.Sprintf("Cannot read the content of object %q at ref %q of repository %q", objPath, ref, repo)
	tooLarge := func(what string) (string, bool) {
		resp.Diagnostics.AddAttributeError(path.Root("max_content_bytes"), summary, fmt.Sprintf(
			"The object is %s, more than max_content_bytes (%d). Raise max_content_bytes (at most %d), or leave read_content unset and read only its stats.",
			what, maxBytes, maxMaxContentBytes))
		return "", false
	}
	if size > maxBytes {
		return tooLarge(fmt.Sprintf("%d bytes", size))
	}
	data, err := c.GetObjectBytes(ctx, repo, ref, objPath, maxBytes)
	switch {
	case errors.Is(err, client.ErrObjectTooLarge):
		return tooLarge("larger now than when it was stat'ed")
	case err != nil:
		addAPIError(&resp.Diagnostics, summary, err)
		return "", false
	case !utf8.Valid(data):
		resp.Diagnostics.AddAttributeError(path.Root("read_content"), summary,
			"The content is not valid UTF-8 text, which is all a Terraform string can hold. Leave read_content unset for binary objects.")
		return "", false
	}
	return string(data), true
}

// missingRef explains lakeFS's bare 404 "not found" for an object at a ref: it names the repository or the ref
// when one of them does not exist, and returns "" when both do (the object itself is missing).
func missingRef(ctx context.Context, c *client.Client, repo, ref string) string {
	if _, err := c.GetRepository(ctx, repo); isGone(err) {
		return fmt.Sprintf("The repository %q does not exist.", repo)
	}
	if _, err := c.GetCommit(ctx, repo, ref); client.IsNotFound(err) {
		return fmt.Sprintf("The ref %q does not exist in repository %q.", ref, repo)
	}
	return ""
}

// objectStatAttributes are the computed attributes of objectStatFields.
func objectStatAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"checksum":         schema.StringAttribute{Computed: true, MarkdownDescription: "lakeFS's checksum (the ETag)."},
		"size_bytes":       schema.Int64Attribute{Computed: true, MarkdownDescription: "The size in bytes."},
		"content_type":     schema.StringAttribute{Computed: true, MarkdownDescription: "The content type."},
		"metadata":         schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The user metadata (`{}` when none)."},
		"physical_address": schema.StringAttribute{Computed: true, MarkdownDescription: "Where the data lives in the object store."},
		"mtime":            schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: "When the object was last written, an RFC 3339 timestamp (UTC)."},
	}
}

func objectStatsFromAPI(stats *client.ObjectStats) objectStatFields {
	return objectStatFields{
		Checksum:        types.StringValue(stats.Checksum),
		SizeBytes:       types.Int64Value(stats.SizeBytes),
		ContentType:     types.StringValue(stats.ContentType),
		Metadata:        stringMapValue(stats.Metadata),
		PhysicalAddress: types.StringValue(stats.PhysicalAddress),
		Mtime:           unixTimestamp(stats.Mtime),
	}
}

// listedObjectModel is one object of lakefs_objects: its path and objectStatFields.
type listedObjectModel struct {
	Path types.String `tfsdk:"path"`
	objectStatFields
}
