package provider

import (
	"context"
	"errors"
	"testing"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// setRules against the double: it never overwrites rules it did not expect, and a lost answer is reconciled.
func TestBranchProtectionSetRules(t *testing.T) {
	srv := testserver.Start(testserver.Options{})
	defer srv.Close()
	c, err := client.New(client.Config{Endpoint: srv.Endpoint(), AccessKeyID: srv.AccessKeyID(), SecretAccessKey: srv.SecretAccessKey(), MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.CreateRepository(ctx, client.RepositoryCreation{Name: "rules", StorageNamespace: "local://rules"}); err != nil {
		t.Fatal(err)
	}
	r := &branchProtectionResource{}
	r.data = &providerData{client: c}
	patterns := func() []string {
		rules, _, err := c.GetBranchProtectionRules(ctx, "rules")
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, rule := range rules {
			out = append(out, rule.Pattern)
		}
		return out
	}

	if _, err := r.setRules(ctx, "rules", []string{}, []string{"main"}); err != nil {
		t.Fatalf("first write: %v", err)
	}
	// Someone else changed the rules after Terraform read them: nothing is written, the rules found are returned.
	if err := c.SetBranchProtectionRules(ctx, "rules", []client.BranchProtectionRule{{Pattern: "main"}, {Pattern: "other"}}, ""); err != nil {
		t.Fatal(err)
	}
	current, err := r.setRules(ctx, "rules", []string{"main"}, []string{"dev"})
	if !errors.Is(err, errRulesChanged) || !samePatterns(current, []string{"main", "other"}) {
		t.Fatalf("got %v, %v; want errRulesChanged and the rules found", current, err)
	}
	if got := patterns(); !samePatterns(got, []string{"main", "other"}) {
		t.Fatalf("the rules were overwritten: %v", got)
	}
	// The answer to the conditional write is lost after lakeFS applied it: the next round finds the rules wanted.
	srv.InjectFault(testserver.Fault{Operation: "setBranchProtectionRules", Kind: testserver.FaultResetAfterHandler, Count: 1})
	srv.ResetCounters()
	if _, err := r.setRules(ctx, "rules", []string{"main", "other"}, []string{"dev"}); err != nil {
		t.Fatalf("after a lost answer: %v", err)
	}
	if got, n := patterns(), srv.RequestCount("setBranchProtectionRules"); !samePatterns(got, []string{"dev"}) || n != 1 {
		t.Fatalf("rules %v after %d writes, want [dev] after 1", got, n)
	}
	// Already as wanted: nothing is written.
	srv.ResetCounters()
	if _, err := r.setRules(ctx, "rules", []string{"x"}, []string{"dev"}); err != nil || srv.RequestCount("setBranchProtectionRules") != 0 {
		t.Fatalf("rules already as wanted: %v, %d writes", err, srv.RequestCount("setBranchProtectionRules"))
	}
}

func TestBranchPatternValidator(t *testing.T) {
	for pattern, ok := range map[string]bool{
		"main": true, "release-*": true, "v?": true, "[a-z]*": true, "[!x]": true, "{a,b}": true, `\[x`: true,
		"": false, "[abc": false, "[a-": false,
	} {
		got := pattern != "" && branchPatternCompiles(pattern)
		if got != ok {
			t.Errorf("pattern %q: valid %t, want %t", pattern, got, ok)
		}
	}
}

func TestTagIDProblem(t *testing.T) {
	for id, ok := range map[string]bool{
		"v1": true, "v1.0": true, "release_2024-01": true, "-x": true, "ünï": true,
		"": false, "v1~1": false, "a@b": false, "a$b": false, "@": false, "a/b": false, "a..b": false, "a.": false,
		"a.lock": false, "a b": false, "a:b": false, "a^": false, "a?": false, "a*": false, "a[": false, `a\b`: false, "a\tb": false,
	} {
		if got := tagIDProblem(id) == ""; got != ok {
			t.Errorf("tag id %q: valid %t, want %t (%s)", id, got, ok, tagIDProblem(id))
		}
	}
}
