package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// actionResource is embedded by the action-style resources (lakefs_commit, lakefs_pull_request_merge,
// lakefs_branch_hard_reset): creating one does something in lakeFS once (a commit, a merge, a reset) and records
// it. Nothing of it can be changed or undone in lakeFS afterwards: every argument that would act again forces a
// replacement, that is a new action. Read only drops the resource when what it acted on is gone.
//
// Update records arguments that act on nothing by themselves (allow_empty, force, triggers going between null
// and {}, values adopted on the first apply after an import).
type actionResource struct {
	resourceBase
	updatesStateOnly
}

// importableActionResource is an action-style resource that Terraform can import (a commit, a merge that was
// made), by an import id or an identity, as importableResource is.
type importableActionResource struct {
	actionResource
	identified
}

// importableAction is the base of the action-style resource lakefs_<typeName> with identity id.
func importableAction(typeName string, id identified) importableActionResource {
	return importableActionResource{actionResource{resourceBase: resourceNamed(typeName)}, id}
}

// defaultActionTimeout bounds a commit or a merge: lakeFS commits or merges a large staging area in minutes, not hours.
const defaultActionTimeout = 60 * time.Minute

// createTimeoutsBlock is the `timeouts` block of an action-style resource whose create may take long: a "commit"
// or a "merge".
func createTimeoutsBlock(ctx context.Context, action string) map[string]schema.Block {
	return map[string]schema.Block{
		"timeouts": timeouts.Block(ctx, timeouts.Opts{
			Create:            true,
			CreateDescription: "How long the " + action + " may take, watching a " + action + " whose answer was lost included (default `60m`).",
		}),
	}
}

// Delete only forgets the action: lakeFS cannot undo a commit, a merge or a reset.
func (actionResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
