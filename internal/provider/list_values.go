package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// What the list data sources share: a lakeFS listing (every page, from the client's ListAll methods) becomes one
// list attribute (listedItems), a slice of item models in the data source's model (mapped).

// listedItems is a list data source's computed list attribute, each item an object with itemAttributes.
func listedItems(description string, itemAttributes map[string]schema.Attribute) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: description,
		NestedObject:        schema.NestedAttributeObject{Attributes: itemAttributes},
	}
}

// mapped is item applied to each of items; never nil, so that no items is an empty list in the state, not null.
func mapped[T, U any](items []T, item func(T) U) []U {
	out := make([]U, 0, len(items))
	for _, t := range items {
		out = append(out, item(t))
	}
	return out
}
