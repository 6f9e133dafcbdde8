package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewBranchList lists the branches of a lakeFS repository for `terraform query`.
func NewBranchList() list.ListResource {
	return &refList[branchResourceModel]{
		typeName: "branch", kind: "branches", key: "name",
		description: "The branches of a repository, or those whose name starts with `prefix`. " +
			"Each result's `source` is the branch's head commit, lakeFS keeping no record of where a branch started.",
		identity: branchIdentity,
		listAll:  (*client.Client).ListAllBranches,
		fill: func(repo string, ref client.Ref, m *branchResourceModel) {
			m.ID = types.StringValue(joinID(repo, ref.ID))
			m.Repository = types.StringValue(repo)
			m.Name = types.StringValue(ref.ID)
			m.CommitID = types.StringValue(ref.CommitID)
			// A generated configuration needs a source: the head is one that an import adopts in place.
			m.Source = types.StringValue(ref.CommitID)
		},
	}
}
