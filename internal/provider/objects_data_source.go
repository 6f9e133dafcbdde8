package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewObjectsDataSource lists the objects at a ref under a prefix.
func NewObjectsDataSource() datasource.DataSource {
	return &objectsDataSource{dataSourceNamed("objects")}
}

type objectsDataSource struct{ dataSourceBase }

type objectsDataSourceModel struct {
	Repository     types.String        `tfsdk:"repository"`
	Ref            types.String        `tfsdk:"ref"`
	Prefix         types.String        `tfsdk:"prefix"`
	Delimiter      types.String        `tfsdk:"delimiter"`
	Objects        []listedObjectModel `tfsdk:"objects"`
	CommonPrefixes []string            `tfsdk:"common_prefixes"`
}

func (d *objectsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	listed := objectStatAttributes()
	listed["path"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The object's path."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the objects at a ref whose paths start with a prefix, ordered by path; with a `delimiter`, the " +
			"paths below the next delimiter are grouped into `common_prefixes`. Every page is read, 1000 entries per call.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository.", Validators: repositoryIDValidators()},
			"ref":        schema.StringAttribute{Required: true, MarkdownDescription: "A branch (with its uncommitted changes), tag, commit id or ref expression.", Validators: refExpressionValidators()},
			"prefix":     schema.StringAttribute{Optional: true, MarkdownDescription: "Only paths that start with this prefix (end it with the delimiter to list one \"directory\")."},
			"delimiter": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Group paths by this separator, usually `/`; unset lists every path under the prefix.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"objects": listedItems("The objects, ordered by path.", listed),
			"common_prefixes": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "With a delimiter, the prefixes up to and including the next delimiter (`dir/`), ordered; empty without one.",
			},
		},
	}
}

func (d *objectsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model objectsDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	repo, ref := model.Repository.ValueString(), model.Ref.ValueString()
	c := d.data.client
	entries, err := c.ListAllObjects(ctx, repo, ref, model.Prefix.ValueString(), model.Delimiter.ValueString())
	if err != nil {
		detail := apiErrorDetail(err)
		if client.IsNotFound(err) {
			if missing := missingRef(ctx, c, repo, ref); missing != "" {
				detail += "\n\n" + missing
			}
		}
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot list objects at ref %q of repository %q", ref, repo), detail)
		return
	}
	// Never nil: none is an empty list in the state, not null.
	model.Objects, model.CommonPrefixes = make([]listedObjectModel, 0, len(entries)), make([]string, 0)
	for _, e := range entries {
		if e.PathType == "common_prefix" {
			model.CommonPrefixes = append(model.CommonPrefixes, e.Path)
			continue
		}
		model.Objects = append(model.Objects, listedObjectModel{Path: types.StringValue(e.Path), objectStatFields: objectStatsFromAPI(&e)})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
