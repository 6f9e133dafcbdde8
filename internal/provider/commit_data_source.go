package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewCommitDataSource reads the commit a ref expression resolves to.
func NewCommitDataSource() datasource.DataSource {
	return &commitDataSource{dataSourceNamed("commit")}
}

type commitDataSource struct{ dataSourceBase }

type commitDataSourceModel struct {
	Repository   types.String      `tfsdk:"repository"`
	Ref          types.String      `tfsdk:"ref"`
	ID           types.String      `tfsdk:"id"`
	Message      types.String      `tfsdk:"message"`
	Committer    types.String      `tfsdk:"committer"`
	CreationDate timetypes.RFC3339 `tfsdk:"creation_date"`
	Metadata     types.Map         `tfsdk:"metadata"`
	Parents      types.List        `tfsdk:"parents"`
}

func (d *commitDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the commit that a ref resolves to: a branch's head, a tag, a commit id or prefix, `main~1`. A ref that does not resolve is an error.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository.", Validators: repositoryIDValidators()},
			"ref": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "A branch, tag, commit id or id prefix, optionally with `~N`, `^N` or `@` (not `$`: the staging area is not a commit).",
				Validators:          append(refExpressionValidators(), commitRefValidator()),
			},
			"id":            schema.StringAttribute{Computed: true, MarkdownDescription: "The full commit id."},
			"message":       schema.StringAttribute{Computed: true, MarkdownDescription: "The commit message."},
			"committer":     schema.StringAttribute{Computed: true, MarkdownDescription: "Who committed (empty for a repository's first commit)."},
			"creation_date": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: "When the commit was made, an RFC 3339 timestamp (UTC)."},
			"metadata":      schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The commit metadata (`{}` when none)."},
			"parents":       schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The parent commit ids: none for the first commit, two for a merge (destination first)."},
		},
	}
}

func (d *commitDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model commitDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	repo, ref := model.Repository.ValueString(), model.Ref.ValueString()
	commit, err := d.data.client.GetCommit(ctx, repo, ref)
	if err != nil {
		addReadError(&resp.Diagnostics, err, fmt.Sprintf("Cannot read commit %q in repository %q", ref, repo),
			fmt.Sprintf("Commit %q not found in repository %q", ref, repo))
		return
	}
	model.ID = types.StringValue(commit.ID)
	model.Message = types.StringValue(commit.Message)
	model.Committer = types.StringValue(commit.Committer)
	model.CreationDate = unixTimestamp(commit.CreationDate)
	model.Metadata = stringMapValue(commit.Metadata)
	parents, diags := types.ListValueFrom(ctx, types.StringType, nonNil(commit.Parents))
	resp.Diagnostics.Append(diags...)
	model.Parents = parents
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// unixTimestamp is a lakeFS time in Unix seconds as an RFC 3339 timestamp in UTC.
func unixTimestamp(seconds int64) timetypes.RFC3339 {
	return timetypes.NewRFC3339TimeValue(time.Unix(seconds, 0).UTC())
}

// nonNil makes lakeFS's left-out list an empty one.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
