package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var _ list.ListResourceWithConfigure = (*refList[tagResourceModel])(nil)

// refList is the list resource (`terraform query`) of a repository's refs of one kind, branches or tags: its
// configuration is the repository and an optional prefix, and each result is the resource (model M) that fill
// writes from the ref, as Read writes it after an import (see branch_list.go, tag_list.go).
type refList[M any] struct {
	listBase
	kind, key   string // "branches", "name": "Only branches whose name starts with it."
	description string
	identity    identified
	listAll     func(c *client.Client, ctx context.Context, repo, prefix string) ([]client.Ref, error)
	fill        func(repo string, ref client.Ref, m *M)
}

type refListModel struct {
	Repository types.String `tfsdk:"repository"`
	Prefix     types.String `tfsdk:"prefix"`
}

func (l *refList[M]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: l.description,
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository.", Validators: repositoryIDValidators()},
			"prefix":     schema.StringAttribute{Optional: true, MarkdownDescription: fmt.Sprintf("Only %s whose %s starts with it.", l.kind, l.key)},
		},
	}
}

func (l *refList[M]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config refListModel
	if !l.decodeList(ctx, req, &config, stream) {
		return
	}
	repo := config.Repository.ValueString()
	refs, err := l.listAll(l.data.client, ctx, repo, config.Prefix.ValueString())
	if err != nil {
		stream.Results = listAPIError(fmt.Sprintf("Cannot list the %s of repository %q", l.kind, repo), err)
		return
	}
	stream.Results = streamList(ctx, req, l.identity, refs, func(ref client.Ref) string { return joinID(repo, ref.ID) },
		func(_ context.Context, ref client.Ref, m *M, _ *diag.Diagnostics) { l.fill(repo, ref, m) })
}
