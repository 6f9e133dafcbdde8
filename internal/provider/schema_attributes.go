package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Resource schema attributes that many resources declare the same way. Each returns a plain
// schema.StringAttribute (Int64Attribute, BoolAttribute): set more fields on the result where a resource needs them.

// idAttribute is a resource's computed id, kept from the state once known.
func idAttribute(description string) schema.StringAttribute {
	return stableComputedString(description)
}

// stableComputedString is a computed string that does not change once known (UseStateForUnknown): the plan
// shows the value in the state instead of "known after apply".
func stableComputedString(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: description,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// stableComputedInt64 is stableComputedString's Int64: a creation date, a size.
func stableComputedInt64(description string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Computed:            true,
		MarkdownDescription: description,
		PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
	}
}

// stableComputedBool is stableComputedString's Bool.
func stableComputedBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Computed:            true,
		MarkdownDescription: description,
		PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
	}
}

// replacingString is a required string whose change replaces the resource.
func replacingString(description string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{
		Required:            true,
		MarkdownDescription: description,
		Validators:          validators,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// repositoryAttribute is the repository that a resource lives in; changing it replaces the resource.
func repositoryAttribute(description string) schema.StringAttribute {
	return replacingString(description, repositoryIDValidators()...)
}

// branchAttribute is the branch that a resource lives on; changing it replaces the resource.
func branchAttribute(description string) schema.StringAttribute {
	return replacingString(description, branchIDValidators()...)
}

// stringPlanRule is a planmodifier.String made of a function, for a rule that stringplanmodifier has not.
type stringPlanRule struct {
	description string
	modify      func(context.Context, planmodifier.StringRequest, *planmodifier.StringResponse)
}

func (m stringPlanRule) Description(context.Context) string         { return m.description }
func (m stringPlanRule) MarkdownDescription(context.Context) string { return m.description }
func (m stringPlanRule) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	m.modify(ctx, req, resp)
}
