package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gobwas/glob"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// branchProtectionAttempts bounds the read-compare-write rounds of one change: a 412 (someone wrote the rules
// between our read and our write, possibly the same rules) or a lost answer starts a new round.
const branchProtectionAttempts = 3

// NewBranchProtectionResource manages the whole set of a repository's branch protection rules.
func NewBranchProtectionResource() resource.Resource {
	return &branchProtectionResource{importable("branch_protection", identifiedBy("repository"))}
}

type branchProtectionResource struct{ importableResource }

type branchProtectionResourceModel struct {
	ID         types.String `tfsdk:"id"`
	Repository types.String `tfsdk:"repository"`
	Rules      types.Set    `tfsdk:"rules"`
}

// branchProtectionRuleModel is one element of rules.
type branchProtectionRuleModel struct {
	Pattern types.String `tfsdk:"pattern"`
}

var branchProtectionRuleType = types.ObjectType{AttrTypes: map[string]attr.Type{"pattern": types.StringType}}

func (r *branchProtectionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "All branch protection rules of a repository, authoritatively: rules added outside Terraform are " +
			"removed on apply. A protected branch refuses direct writes and commits; merges into it are allowed.",
		Attributes: map[string]schema.Attribute{
			"id":         idAttribute("The repository name."),
			"repository": repositoryAttribute("The repository. Changing it replaces the resource."),
			"rules": schema.SetNestedAttribute{
				Required:            true,
				MarkdownDescription: "The rules; an empty set removes every rule.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"pattern": schema.StringAttribute{
							Required: true,
							MarkdownDescription: "The branch names to protect: a name or a glob (`*`, `?`, `[a-z]`, `[!x]`, " +
								"`{a,b}`), such as `main` or `release-*`.",
							Validators: []validator.String{branchPatternValidator{}},
						},
					},
				},
			},
		},
	}
}

func (r *branchProtectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan branchProtectionResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	repo := plan.Repository.ValueString()
	// Only a repository without rules is taken over: rules someone else set are never overwritten by a create.
	r.save(ctx, &plan, []string{}, fmt.Sprintf("Cannot set the branch protection rules of repository %q", repo), func(current []string) string {
		return fmt.Sprintf("The repository already has branch protection rules %s. "+
			"To manage them, import them with: terraform import <address> %s", quotedList(current), repo)
	}, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *branchProtectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state branchProtectionResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo := state.Repository.ValueString()
	rules, _, err := r.data.client.GetBranchProtectionRules(ctx, repo)
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read the branch protection rules of repository %q", repo)) {
		return
	}
	patterns := make([]string, 0, len(rules))
	for _, rule := range rules {
		patterns = append(patterns, rule.Pattern)
	}
	state.ID = types.StringValue(repo)
	state.Rules = rulesValue(patterns, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *branchProtectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state branchProtectionResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) ||
		!decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	was := patternsOf(ctx, state.Rules, &resp.Diagnostics)
	r.save(ctx, &plan, was, fmt.Sprintf("Cannot update the branch protection rules of repository %q", plan.Repository.ValueString()),
		func(current []string) string { return changedDetail(was, current) }, &resp.State, resp.Identity, &resp.Diagnostics)
}

// save changes the repository's rules from was to the planned ones (see setRules), and makes plan the state. A
// failure is reported under summary, with found's detail when the rules in lakeFS are neither.
func (r *branchProtectionResource) save(ctx context.Context, plan *branchProtectionResourceModel, was []string, summary string,
	found func(current []string) string, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	repo := plan.Repository.ValueString()
	want := patternsOf(ctx, plan.Rules, diags)
	if diags.HasError() {
		return
	}
	if current, err := r.setRules(ctx, repo, was, want); err != nil {
		if current != nil {
			diags.AddError(summary, found(current))
		} else {
			addRulesError(ctx, diags, r.data.client, summary, repo, err)
		}
		return
	}
	plan.ID = types.StringValue(repo)
	r.setStateAndIdentity(ctx, plan, state, identity, diags)
}

// Delete removes every rule, if they are still the ones in the state.
func (r *branchProtectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state branchProtectionResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo := state.Repository.ValueString()
	was := patternsOf(ctx, state.Rules, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	current, err := r.setRules(ctx, repo, was, []string{})
	switch {
	case err == nil, isGone(err):
	case current != nil:
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot remove the branch protection rules of repository %q", repo), changedDetail(was, current))
	default:
		addRulesError(ctx, &resp.Diagnostics, r.data.client, fmt.Sprintf("Cannot remove the branch protection rules of repository %q", repo), repo, err)
	}
}

// errRulesChanged is setRules' answer when the rules in lakeFS are neither those expected nor those wanted.
var errRulesChanged = errors.New("the branch protection rules changed outside Terraform")

// setRules changes the repository's rules from was to want, never overwriting rules it did not expect: each round
// reads the rules and their ETag, ends if they already are want, stops with errRulesChanged (and the rules found)
// if they are not was, and else writes want with the ETag as If-Match. A 412 (a write in between, even of the same
// rules) or a lost answer starts another round, up to branchProtectionAttempts.
//
// lakeFS's ETag is "" while there are no rules, and then every If-Match fails: from no rules the write is
// unconditional, so rules set by someone else between that read and the write are overwritten.
func (r *branchProtectionResource) setRules(ctx context.Context, repo string, was, want []string) ([]string, error) {
	var err error
	for attempt := 0; attempt < branchProtectionAttempts; attempt++ {
		var rules []client.BranchProtectionRule
		var etag string
		rules, etag, err = r.data.client.GetBranchProtectionRules(ctx, repo)
		if err != nil {
			return nil, err
		}
		current := make([]string, 0, len(rules))
		for _, rule := range rules {
			current = append(current, rule.Pattern)
		}
		switch {
		case samePatterns(current, want):
			return nil, nil
		case !samePatterns(current, was):
			return current, errRulesChanged
		}
		body := make([]client.BranchProtectionRule, 0, len(want))
		for _, p := range want {
			body = append(body, client.BranchProtectionRule{Pattern: p})
		}
		err = r.data.client.SetBranchProtectionRules(ctx, repo, body, etag)
		if retry := client.IsETagMismatch(err) || client.IsOutcomeUnknown(err); !retry {
			return nil, err
		}
	}
	return nil, rulesKeptChanging{err}
}

// rulesKeptChanging is setRules' answer when every round's write was refused with 412 or its answer lost.
type rulesKeptChanging struct{ last error }

func (e rulesKeptChanging) Error() string { return e.last.Error() }
func (e rulesKeptChanging) Unwrap() error { return e.last }

// addRulesError reports a failed read or write of the rules, naming a read-only repository behind a 403.
func addRulesError(ctx context.Context, diags *diag.Diagnostics, c *client.Client, summary, repo string, err error) {
	detail := apiErrorDetail(err)
	var kept rulesKeptChanging
	if errors.As(err, &kept) {
		detail = fmt.Sprintf("The rules kept changing while they were written: %d attempts, each refused because they "+
			"had changed since they were read, or left without an answer. Nothing was overwritten. Last answer: %s",
			branchProtectionAttempts, detail)
	}
	if client.IsForbidden(err) && readOnlyRepository(ctx, c, repo) {
		detail += "\n\nThe repository is read-only: lakeFS refuses any change to its branch protection rules."
	}
	diags.AddError(summary, detail)
}

func changedDetail(was, current []string) string {
	return fmt.Sprintf("The rules changed outside Terraform since they were last read: they were %s and are now %s. "+
		"Nothing was changed. Run terraform plan again to see the change.", quotedList(was), quotedList(current))
}

func quotedList(patterns []string) string {
	if len(patterns) == 0 {
		return "(none)"
	}
	quoted := make([]string, len(patterns))
	for i, p := range patterns {
		quoted[i] = fmt.Sprintf("%q", p)
	}
	return strings.Join(quoted, ", ")
}

// samePatterns reports whether a and b hold the same patterns, in any order: the rules are a set.
func samePatterns(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// patternsOf reads the patterns of a rules set.
func patternsOf(ctx context.Context, rules types.Set, diags *diag.Diagnostics) []string {
	var models []branchProtectionRuleModel
	diags.Append(rules.ElementsAs(ctx, &models, false)...)
	patterns := make([]string, 0, len(models))
	for _, m := range models {
		patterns = append(patterns, m.Pattern.ValueString())
	}
	return patterns
}

// rulesValue is the rules set of the given patterns.
func rulesValue(patterns []string, diags *diag.Diagnostics) types.Set {
	elems := make([]attr.Value, 0, len(patterns))
	for _, p := range patterns {
		obj, d := types.ObjectValue(branchProtectionRuleType.AttrTypes, map[string]attr.Value{"pattern": types.StringValue(p)})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	set, d := types.SetValue(branchProtectionRuleType, elems)
	diags.Append(d...)
	return set
}

// branchPatternValidator compiles a pattern as lakeFS does (gobwas/glob, no separators): lakeFS stores a pattern
// that does not compile, and then every write and commit in the repository fails with 500 (QUIRKS.md).
type branchPatternValidator struct{}

func (branchPatternValidator) Description(context.Context) string {
	return "must be a non-empty branch name or glob pattern"
}
func (v branchPatternValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (v branchPatternValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	pattern := req.ConfigValue.ValueString()
	if pattern == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid branch protection pattern", "The pattern is empty.")
		return
	}
	if _, err := compileBranchPattern(pattern); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid branch protection pattern",
			fmt.Sprintf("The pattern %q is not a valid glob (%v). lakeFS would store it and then fail every write and "+
				"commit in the repository. Use *, ?, [a-z], [!x] and {a,b}; escape a literal one with \\.", pattern, err))
	}
}

// compileBranchPattern compiles a pattern as lakeFS's protection manager does.
func compileBranchPattern(pattern string) (glob.Glob, error) { return glob.Compile(pattern) }

func branchPatternCompiles(pattern string) bool {
	_, err := compileBranchPattern(pattern)
	return err == nil
}
