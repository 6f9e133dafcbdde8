package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// Not jsontypes.Normalized: identity_request is written as an HCL object (a dynamic attribute), not as a JSON
// string, so its value is converted here.

// dynamicToJSON converts a dynamic value to what encoding/json sends: objects and maps become
// map[string]any, lists, tuples and sets []any, numbers int64 when whole and float64 otherwise.
func dynamicToJSON(v types.Dynamic) (any, error) {
	if v.IsUnknown() || v.IsUnderlyingValueUnknown() {
		return nil, errors.New("the value is not known yet")
	}
	if v.IsNull() || v.IsUnderlyingValueNull() {
		return nil, nil
	}
	return attrToJSON(v.UnderlyingValue())
}

func attrToJSON(v attr.Value) (any, error) {
	if v.IsUnknown() {
		return nil, errors.New("the value is not known yet")
	}
	if v.IsNull() {
		return nil, nil
	}
	switch t := v.(type) {
	case basetypes.StringValue:
		return t.ValueString(), nil
	case basetypes.BoolValue:
		return t.ValueBool(), nil
	case basetypes.Int64Value:
		return t.ValueInt64(), nil
	case basetypes.Float64Value:
		return t.ValueFloat64(), nil
	case basetypes.NumberValue:
		f := t.ValueBigFloat()
		if f.IsInt() {
			if i, acc := f.Int64(); acc == 0 {
				return i, nil
			}
		}
		out, _ := f.Float64()
		return out, nil
	case basetypes.ObjectValue:
		return attrMapToJSON(t.Attributes())
	case basetypes.MapValue:
		return attrMapToJSON(t.Elements())
	case basetypes.ListValue:
		return attrListToJSON(t.Elements())
	case basetypes.TupleValue:
		return attrListToJSON(t.Elements())
	case basetypes.SetValue:
		return attrListToJSON(t.Elements())
	case basetypes.DynamicValue:
		return dynamicToJSON(t)
	default:
		return nil, fmt.Errorf("values of type %s are not supported", v.Type(context.Background()))
	}
}

func attrMapToJSON(in map[string]attr.Value) (map[string]any, error) {
	out := make(map[string]any, len(in))
	for k, v := range in {
		j, err := attrToJSON(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = j
	}
	return out, nil
}

func attrListToJSON(in []attr.Value) ([]any, error) {
	out := make([]any, len(in))
	for i, v := range in {
		j, err := attrToJSON(v)
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out[i] = j
	}
	return out, nil
}

// objectLikeDynamic accepts only an object or a map: lakeFS's identityRequest is a JSON object.
type objectLikeDynamic struct{}

func (objectLikeDynamic) Description(context.Context) string {
	return "must be an object or a map"
}

func (v objectLikeDynamic) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (objectLikeDynamic) ValidateDynamic(_ context.Context, req validator.DynamicRequest, resp *validator.DynamicResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.IsUnderlyingValueUnknown() ||
		req.ConfigValue.IsUnderlyingValueNull() {
		return
	}
	switch req.ConfigValue.UnderlyingValue().(type) {
	case basetypes.ObjectValue, basetypes.MapValue:
	default:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid identity request",
			"The identity request must be an object, for example { identity_token = \"...\" }.")
	}
}
