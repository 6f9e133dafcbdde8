package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// importedKey marks, in private state, a resource that was imported and not yet updated. Some attributes
// (a branch's source, a commit's triggers) cannot be read back from lakeFS: import leaves them empty, and the
// first apply adopts the configured values in place instead of replacing what was imported.
const importedKey = "imported"

var importedMarker = []byte(`true`)

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

func wasImported(ctx context.Context, private privateGetter) bool {
	if private == nil {
		return false
	}
	value, _ := private.GetKey(ctx, importedKey)
	return len(value) > 0
}

const replaceUnlessImportedDescription = "Changing it forces replacement, except on the first apply after an import, which adopts the configured value."

// replaceStringUnlessImported forces replacement on change, except right after an import.
func replaceStringUnlessImported() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !wasImported(ctx, req.Private)
	}, replaceUnlessImportedDescription, replaceUnlessImportedDescription)
}

// replaceMapUnlessImported forces replacement on change, except right after an import and between null and {}.
func replaceMapUnlessImported() planmodifier.Map {
	return mapplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !wasImported(ctx, req.Private) && !sameWhenEmpty(req)
	}, replaceUnlessImportedDescription, replaceUnlessImportedDescription)
}
