package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// stringMap converts a Terraform map of strings to Go; a null or unknown map is nil.
func stringMap(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]string {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	out := make(map[string]string, len(m.Elements()))
	diags.Append(m.ElementsAs(ctx, &out, false)...)
	return out
}

// stringMapValue converts a Go map to a Terraform map of strings; nil becomes an empty (not null) map.
func stringMapValue(m map[string]string) types.Map {
	elems := make(map[string]types.String, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	value, _ := types.MapValueFrom(context.Background(), types.StringType, elems)
	return value
}

// emptyMap reports a known map without elements: null and {} alike. lakeFS makes no difference between them
// (no metadata and empty metadata are the same commit), and neither do triggers.
func emptyMap(m types.Map) bool {
	return !m.IsUnknown() && len(m.Elements()) == 0
}

// sameWhenEmpty reports a change between null and {}: it is not a change, and must not replace anything.
func sameWhenEmpty(req planmodifier.MapRequest) bool {
	return emptyMap(req.StateValue) && emptyMap(req.PlanValue)
}

const replaceMapDescription = "Changing it forces replacement; going between null and {} does not."

// replaceMapIfChanged forces replacement when a map's contents change; null <-> {} is an in-place update that only
// records the new value.
func replaceMapIfChanged() planmodifier.Map {
	return mapplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !sameWhenEmpty(req)
	}, replaceMapDescription, replaceMapDescription)
}
