package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewTagList lists the tags of a lakeFS repository for `terraform query`.
func NewTagList() list.ListResource {
	return &refList[tagResourceModel]{
		listBase: listNamed("tag"), kind: "tags", key: "id",
		description: "The tags of a repository, or those whose id starts with `prefix`. " +
			"Each result's `ref` is the commit the tag points at, lakeFS keeping no record of the ref a tag was made from.",
		identity: tagIdentity,
		listAll:  (*client.Client).ListAllTags,
		fill: func(repo string, ref client.Ref, m *tagResourceModel) {
			m.ID = types.StringValue(ref.ID)
			m.Repository = types.StringValue(repo)
			m.CommitID = types.StringValue(ref.CommitID)
			// A generated configuration needs a ref: the tag's commit is one that an import adopts in place.
			m.Ref = types.StringValue(ref.CommitID)
			m.Force = types.BoolValue(false) // as an import reads it
		},
	}
}
