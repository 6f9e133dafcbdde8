package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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
