package provider_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// The lakefs_revert and lakefs_cherry_pick actions (Terraform 1.14+), triggered like the other actions
// (actions_test.go) and invoked with terraform apply -invoke.

// headIs checks the head commit of branch main: its message and the metadata it must have.
func headIs(c *client.Client, repo, message string, metadata map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		head, err := c.GetCommit(context.Background(), repo, "main")
		if err != nil {
			return err
		}
		if head.Message != message {
			return fmt.Errorf("head of main is %q, want %q", head.Message, message)
		}
		for k, v := range metadata {
			if head.Metadata[k] != v {
				return fmt.Errorf("head of main has metadata %v, want %s = %q", head.Metadata, k, v)
			}
		}
		return nil
	}
}

// objectGone checks that path is not on main.
func objectGone(c *client.Client, repo, path string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, err := c.StatObject(context.Background(), repo, "main", path); !client.IsNotFound(err) {
			return fmt.Errorf("%s on main: %v, want not found", path, err)
		}
		return nil
	}
}

// revertHCL is a lakefs_revert of ref on main with more options (lines), triggered by a change of input.
func revertHCL(repo, input, ref string, options ...string) string {
	return actionBlockHCL("lakefs_revert", append([]string{hclString("repository", repo), `branch = "main"`, hclString("ref", ref)}, options...)...) +
		triggerHCL(input, "action.lakefs_revert.test")
}

func TestAccRevertAction_trigger(t *testing.T) {
	target := acctest.Shared(t)
	c := target.Client(t)
	repo := prFixture(t, target)
	first := commitFile(t, target, repo, "main", "a.txt")
	second := commitFile(t, target, repo, "main", "b.txt")
	config := func(input, ref string, options ...string) string { return revertHCL(repo, input, ref, options...) }
	undoA := config("two", first[:12], `message = "undo a"`, `metadata = { step = "two" }`)
	resource.ParallelTest(t, actionTestCase(t, []resource.TestStep{
		{
			// A ref expression is resolved once: main is the commit that added b.txt.
			Config:           config("one", "main"),
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
			Check:            resource.ComposeTestCheckFunc(headIs(c, repo, "Revert "+second, nil), objectGone(c, repo, "b.txt")),
		},
		{
			Config:           undoA,
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
			Check: resource.ComposeTestCheckFunc(headIs(c, repo, "undo a", map[string]string{"step": "two"}),
				objectGone(c, repo, "a.txt")),
		},
		// Nothing changed: nothing is triggered.
		{Config: undoA, ConfigPlanChecks: expectEmptyPlan(), Check: headIs(c, repo, "undo a", nil)},
		{
			// Nothing of b.txt's commit is left to undo: only with allow_empty.
			Config:           config("three", second, "allow_empty = true"),
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
			Check:            headIs(c, repo, "Revert "+second, nil),
		},
	}))
}

func TestAccCherryPickAction_trigger(t *testing.T) {
	target := acctest.Shared(t)
	c := target.Client(t)
	repo := prFixture(t, target)
	picked, err := c.GetCommit(context.Background(), repo, "feature")
	if err != nil {
		t.Fatal(err)
	}
	config := func(input string, options ...string) string {
		return actionBlockHCL("lakefs_cherry_pick", append([]string{hclString("repository", repo), `branch = "main"`, `ref = "feature"`}, options...)...) +
			triggerHCL(input, "action.lakefs_cherry_pick.test")
	}
	objectOnMain := func(*terraform.State) error {
		_, err := c.StatObject(context.Background(), repo, "main", "feature.txt")
		return err
	}
	resource.ParallelTest(t, actionTestCase(t, []resource.TestStep{
		{
			Config:           config("one"),
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
			Check: resource.ComposeTestCheckFunc(objectOnMain,
				headIs(c, repo, "add feature.txt", map[string]string{"cherry-pick-origin": picked.ID})),
		},
		{
			// Each invocation commits, also when main has the changes already.
			Config:           config("two", `message = "picked again"`, `metadata = { step = "two" }`),
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
			Check: resource.ComposeTestCheckFunc(
				headIs(c, repo, "picked again", map[string]string{"step": "two", "cherry-pick-origin": picked.ID}),
				func(*terraform.State) error {
					if messages, _ := mainLog(t, c, repo); len(messages) != 3 {
						return fmt.Errorf("log of main is %q, want two cherry-picks on the first commit", messages)
					}
					return nil
				}),
		},
	}))
}

// TestAccRevertAction_failures: lakeFS's refusals fail the apply with its message and what to do.
func TestAccRevertAction_failures(t *testing.T) {
	target := acctest.Shared(t)
	c := target.Client(t)
	repo := prFixture(t, target)
	ctx := context.Background()
	merge, err := c.MergeIntoBranch(ctx, repo, "feature", "main", client.Merge{})
	if err != nil {
		t.Fatalf("merging: %v", err)
	}
	added := commitFile(t, target, repo, "main", "a.txt")
	revert := func(input, ref string, options ...string) string { return revertHCL(repo, input, ref, options...) }
	pick := actionBlockHCL("lakefs_cherry_pick", hclString("repository", repo), `branch = "main"`, hclString("ref", merge.Reference)) +
		triggerHCL("pick", "action.lakefs_cherry_pick.test")
	resource.ParallelTest(t, actionTestCase(t, []resource.TestStep{
		{Config: revert("merge", merge.Reference), ExpectError: wrappedText(`Cannot revert`, `HTTP 409`,
			`must specify 1-based parent number for reverting merge commit`, `set parent_number`)},
		{Config: pick, ExpectError: wrappedText(`Cannot cherry-pick`, `HTTP 400`,
			`must specify 1-based parent number for cherry-picking merge commit`, `set parent_number`)},
		{Config: revert("missing", "0123456789ab"), ExpectError: wrappedText(`Cannot revert "0123456789ab"`,
			`does not resolve to a commit`)},
		{Config: revert("parent", merge.Reference, "parent_number = 1"), Check: objectGone(c, repo, "feature.txt")},
		{Config: revert("once", added), Check: objectGone(c, repo, "a.txt")},
		// (Reverting the merge again is not refused by real lakeFS: it compares meta-range ids, not contents.)
		{Config: revert("twice", added), ExpectError: wrappedText(`Cannot revert`, `update branch: no changes`, `allow_empty = true`)},
	}))
}

// A revert or cherry-pick whose answer is lost is never sent again: the action finds the commit when it happened,
// and fails saying so when it did not.
func TestAccRevertAction_outcomeUnknown(t *testing.T) {
	for name, tc := range map[string]struct {
		action, operation string
		kind              testserver.FaultKind
		commits           int
		err               string
	}{
		"revert applied":          {"lakefs_revert", "revertBranch", testserver.FaultResetAfterHandler, 1, ""},
		"revert not applied":      {"lakefs_revert", "revertBranch", testserver.FaultResetBeforeHandler, 0, `(?s)Cannot revert "feature".*most\s+likely\s+did\s+not\s+happen`},
		"cherry-pick applied":     {"lakefs_cherry_pick", "cherryPick", testserver.FaultResetAfterHandler, 1, ""},
		"cherry-pick not applied": {"lakefs_cherry_pick", "cherryPick", testserver.FaultResetBeforeHandler, 0, `(?s)Cannot cherry-pick "feature".*most\s+likely\s+did\s+not\s+happen`},
	} {
		t.Run(name, func(t *testing.T) {
			target := acctest.StartServer(t, testserver.Options{})
			c := target.Client(t)
			repo := prFixture(t, target)
			// A revert of the feature branch's commit on that branch; a cherry-pick of it onto main.
			branch := map[string]string{"lakefs_revert": "feature", "lakefs_cherry_pick": "main"}[tc.action]
			target.Server.InjectFault(testserver.Fault{Operation: tc.operation, Kind: tc.kind, Count: 1})
			config := target.ProviderConfigWith(`request_timeout = "1s"`) +
				actionBlockHCL(tc.action, hclString("repository", repo), hclString("branch", branch), `ref = "feature"`) +
				triggerHCL("one", "action."+tc.action+".test")
			check := func(*terraform.State) error {
				if n := target.Server.RequestCount(tc.operation); n != 1 {
					return fmt.Errorf("%d %s requests, want 1", n, tc.operation)
				}
				page, err := c.LogCommits(context.Background(), repo, branch, client.ListOptions{Amount: 100})
				if err != nil {
					return err
				}
				// main: the initial commit; feature: that and its own commit. Plus the action's commit, once.
				want := map[string]int{"main": 1, "feature": 2}[branch] + tc.commits
				if len(page.Results) != want {
					return fmt.Errorf("%d commits on %s, want %d", len(page.Results), branch, want)
				}
				return nil
			}
			resource.Test(t, actionAfterFaultTestCase(config, check, tc.err))
		})
	}
}

// TestAccRevertAction_badInput: bad values are refused at plan time with the attribute's name, before any request.
func TestAccRevertAction_badInput(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	action := func(typ string, lines ...string) string {
		return actionHCL(typ, append([]string{`repository = "repo"`, `branch = "main"`}, lines...)...)
	}
	cases := []badInput{
		{"revert parent 0", "", action("lakefs_revert", `ref = "main"`, `parent_number = 0`),
			`(?s)Attribute\s+parent_number\s+value\s+must\s+be\s+at\s+least\s+1`},
		{"revert of a staging ref", "", action("lakefs_revert", `ref = "main$"`), `(?s)Attribute\s+ref`},
		{"cherry-pick parent 0", "", action("lakefs_cherry_pick", `ref = "main"`, `parent_number = 0`),
			`(?s)Attribute\s+parent_number\s+value\s+must\s+be\s+at\s+least\s+1`},
		{"cherry-pick no ref", "", action("lakefs_cherry_pick"), `(?s)The\s+argument\s+"ref"\s+is\s+required`},
	}
	testRejectedBeforeAnyRequest(t, target, cases, actionBadInputTestCase)
}

// TestAccCherryPickAction_invoke: terraform apply -invoke=action.lakefs_cherry_pick.test cherry-picks once per
// invocation and shows the progress (see TestAccCommitAction_invoke).
func TestAccCherryPickAction_invoke(t *testing.T) {
	tf := terraformWithActions(t)
	target := acctest.Shared(t)
	c := target.Client(t)
	repo := prFixture(t, target)
	config := target.ProviderConfig() +
		actionBlockHCL("lakefs_cherry_pick", hclString("repository", repo), `branch = "main"`, `ref = "feature"`) +
		actionBlockHCL("lakefs_revert", hclString("repository", repo), `branch = "main"`, `ref = "main"`)
	run := terraformInit(t, tf, t.TempDir(), config)
	for i, invoke := range []string{"lakefs_cherry_pick", "lakefs_revert", "lakefs_cherry_pick"} {
		out := run("apply", "-input=false", "-no-color", "-auto-approve", "-invoke=action."+invoke+".test")
		want := map[string]string{"lakefs_cherry_pick": "Cherry-picked", "lakefs_revert": "Reverted"}[invoke]
		if !strings.Contains(out, want) {
			t.Errorf("invocation %d shows no progress message %q:\n%s", i+1, want, out)
		}
	}
	messages, _ := mainLog(t, c, repo)
	if len(messages) != 4 || messages[0] != "add feature.txt" || !strings.HasPrefix(messages[1], "Revert ") || messages[2] != "add feature.txt" {
		t.Fatalf("log of main is %q, want a cherry-pick, its revert and the cherry-pick again", messages)
	}
}
