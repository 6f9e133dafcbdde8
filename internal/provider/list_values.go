package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// What the list data sources share: a lakeFS listing (every page, from the client's ListAll methods) becomes one
// list attribute (listedItems), of objects (listOfObjects) or of a model's items (mapped).

// listedItems is a list data source's computed list attribute, each item an object with itemAttributes.
func listedItems(description string, itemAttributes map[string]schema.Attribute) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: description,
		NestedObject:        schema.NestedAttributeObject{Attributes: itemAttributes},
	}
}

// listOfObjects is a list attribute of objects with attrTypes, one per item, each with the values attributes gives.
func listOfObjects[T any](items []T, attrTypes map[string]attr.Type, attributes func(T) map[string]attr.Value, diags *diag.Diagnostics) types.List {
	values := make([]attr.Value, 0, len(items))
	for _, item := range items {
		obj, d := types.ObjectValue(attrTypes, attributes(item))
		diags.Append(d...)
		values = append(values, obj)
	}
	list, d := types.ListValue(types.ObjectType{AttrTypes: attrTypes}, values)
	diags.Append(d...)
	return list
}

// mapped is item applied to each of items; never nil, so that no items is an empty list in the state, not null.
func mapped[T, U any](items []T, item func(T) U) []U {
	out := make([]U, 0, len(items))
	for _, t := range items {
		out = append(out, item(t))
	}
	return out
}
