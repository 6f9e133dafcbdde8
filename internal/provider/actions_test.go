package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// Actions (Terraform 1.14 and later) are invoked here by a terraform_data resource's action_trigger on create and
// on update (a change of its input); each test checks through the API that the action acted exactly once per trigger.

// actionTestCase is testCase for a configuration with actions: it skips below Terraform 1.14.
func actionTestCase(t *testing.T, steps []resource.TestStep) resource.TestCase {
	tc := testCase(t, nil, steps)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}
	return tc
}

// actionAfterFaultTestCase applies config, an action triggered once on a dedicated server with a fault injected:
// with no wantErr (a regexp) the apply succeeds and passes check; with one, the apply fails with it and check
// holds after the destroy. It skips below Terraform 1.14.
func actionAfterFaultTestCase(config string, check resource.TestCheckFunc, wantErr string) resource.TestCase {
	step, checkDestroy := resource.TestStep{Config: config, Check: check}, resource.TestCheckFunc(nil)
	if wantErr != "" {
		step, checkDestroy = resource.TestStep{Config: config, ExpectError: regexp.MustCompile(wantErr)}, check
	}
	tc := testCaseNoPreCheck(checkDestroy, []resource.TestStep{step})
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}
	return tc
}

// triggerHCL is a terraform_data whose creation and every change of input invoke the action.
func triggerHCL(input, action string) string {
	return fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = %q
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [%s]
    }
  }
}
`, input, action)
}

// mainLog returns the messages of the log of main, newest first, and the number of merge commits in it.
func mainLog(t *testing.T, c *client.Client, repo string) (messages []string, merges int) {
	t.Helper()
	page, err := c.LogCommits(context.Background(), repo, "main", client.ListOptions{Amount: 100})
	if err != nil {
		t.Fatalf("log of main: %v", err)
	}
	for _, commit := range page.Results {
		messages = append(messages, commit.Message)
		if len(commit.Parents) > 1 {
			merges++
		}
	}
	return messages, merges
}

func TestAccCommitAction_trigger(t *testing.T) {
	target := acctest.Shared(t)
	c := target.Client(t)
	repo := acctest.RandomName("tf-act-commit")
	config := func(input string) string {
		return testAccRepositoryHCL(repo) +
			actionBlockHCL("lakefs_commit", "repository = lakefs_repository.test.name", `branch = "main"`,
				hclString("message", "commit "+input), fmt.Sprintf("metadata = { step = %q }", input), "allow_empty = true") +
			triggerHCL(input, "action.lakefs_commit.test")
	}
	logIs := func(want ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			got, _ := mainLog(t, c, repo)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("log of main is %q, want %q", got, want)
			}
			commit, err := c.GetCommit(context.Background(), repo, "main")
			if err == nil && commit.Metadata["step"] != want[0][len("commit "):] {
				err = fmt.Errorf("head metadata %v, want step = %s", commit.Metadata, want[0])
			}
			return err
		}
	}
	resource.ParallelTest(t, actionTestCase(t, []resource.TestStep{
		{Config: config("one"), Check: logIs("commit one", "Repository created"), ConfigPlanChecks: expectEmptyPlanAfterApply()},
		{Config: config("two"), Check: logIs("commit two", "commit one", "Repository created"), ConfigPlanChecks: expectEmptyPlanAfterApply()},
		// Nothing changed: nothing is triggered.
		{Config: config("two"), Check: logIs("commit two", "commit one", "Repository created"), ConfigPlanChecks: expectEmptyPlan()},
	}))
}

// TestAccCommitAction_failure: lakeFS's refusal of an empty commit fails the apply with lakeFS's message.
func TestAccCommitAction_failure(t *testing.T) {
	repo := acctest.RandomName("tf-act-commit")
	config := testAccRepositoryHCL(repo) +
		actionBlockHCL("lakefs_commit", "repository = lakefs_repository.test.name", `branch = "main"`, `message = "nothing"`) +
		triggerHCL("one", "action.lakefs_commit.test")
	resource.ParallelTest(t, actionTestCase(t, []resource.TestStep{
		{Config: config, ExpectError: regexp.MustCompile(`(?s)Cannot commit branch "main".*HTTP 400: commit: no changes.*allow_empty`)},
	}))
}

func TestAccMergeAction_ref(t *testing.T) {
	target := acctest.Shared(t)
	c := target.Client(t)
	repo := prFixture(t, target)
	config := func(input string) string {
		return actionBlockHCL("lakefs_merge", hclString("repository", repo), `source_ref = "feature"`, `destination_branch = "main"`,
			hclString("message", "merge "+input), fmt.Sprintf("metadata = { step = %q }", input)) +
			triggerHCL(input, "action.lakefs_merge.test")
	}
	merged := func(want int, message string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			messages, merges := mainLog(t, c, repo)
			if merges != want || messages[0] != message {
				return fmt.Errorf("main has %d merge commits and head %q, want %d and %q", merges, messages[0], want, message)
			}
			head, err := c.GetCommit(context.Background(), repo, "main")
			feature, ferr := c.GetBranch(context.Background(), repo, "feature")
			if err == nil && ferr == nil && (len(head.Parents) != 2 || head.Parents[1] != feature.CommitID) {
				err = fmt.Errorf("head of main %s has parents %v, want the feature head %s merged", head.ID, head.Parents, feature.CommitID)
			}
			return err
		}
	}
	resource.ParallelTest(t, actionTestCase(t, []resource.TestStep{
		{Config: config("one"), Check: merged(1, "merge one"), ConfigPlanChecks: expectEmptyPlanAfterApply()},
		{
			PreConfig:        func() { prCommit(t, c, repo, "feature", "second.txt", "") },
			Config:           config("two"),
			Check:            merged(2, "merge two"),
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
		},
		{
			// Nothing more to merge: lakeFS refuses, and the apply fails with its message.
			Config:      config("three"),
			ExpectError: regexp.MustCompile(`(?s)Cannot merge "feature" into branch "main".*HTTP 400.*allow_empty = true`),
		},
	}))
}

func TestAccMergeAction_pullRequest(t *testing.T) {
	target := acctest.Shared(t)
	c := target.Client(t)
	repo := prFixture(t, target)
	config := testAccPullRequestConfig("", repo, "Merge me", "", "") +
		actionBlockHCL("lakefs_merge", "repository = lakefs_pull_request.test.repository", "pull_request_id = lakefs_pull_request.test.id") + `
resource "terraform_data" "trigger" {
  input = lakefs_pull_request.test.id
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.lakefs_merge.test]
    }
  }
}
`
	resource.ParallelTest(t, actionTestCase(t, []resource.TestStep{{
		Config: config,
		Check: func(s *terraform.State) error {
			id, err := stateAttribute(s, "lakefs_pull_request.test", "id")
			if err != nil {
				return err
			}
			pr, err := c.GetPullRequest(context.Background(), repo, id)
			if err != nil {
				return err
			}
			if _, merges := mainLog(t, c, repo); pr.Status != "merged" || merges != 1 {
				return fmt.Errorf("pull request %s is %s with %d merge commits on main, want merged with 1", id, pr.Status, merges)
			}
			return nil
		},
	}}))
}

func TestAccBranchHardResetAction_trigger(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-act-reset")
	config := func(input string) string {
		return testAccRepositoryHCL(repo) +
			actionBlockHCL("lakefs_branch_hard_reset", "repository = lakefs_repository.test.name", `branch = "main"`, `ref = "main~1"`) +
			triggerHCL(input, "action.lakefs_branch_hard_reset.test")
	}
	var commits []string // commits[i] is the i-th commit made on main
	headIs := func(i int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := mainHead(t, target, repo); got != commits[i] {
				return fmt.Errorf("main is at %s, want commit %d (%s)", got, i, commits[i])
			}
			return nil
		}
	}
	resource.ParallelTest(t, actionTestCase(t, []resource.TestStep{
		{Config: testAccRepositoryHCL(repo)},
		{
			PreConfig: func() {
				for _, name := range []string{"a.txt", "b.txt", "c.txt"} {
					commits = append(commits, commitFile(t, target, repo, "main", name))
				}
			},
			// Once per trigger: main~1 of c.txt's commit is b.txt's; twice would reach a.txt's.
			Config:           config("one"),
			Check:            headIs(1),
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
		},
		{Config: config("two"), Check: headIs(0), ConfigPlanChecks: expectEmptyPlanAfterApply()},
	}))
}

// Invalid action configurations fail before anything is sent: the dedicated server's counters stay empty.
func TestAccActions_badInputRejectedBeforeAnyRequest(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	merge := func(lines ...string) string {
		return actionHCL("lakefs_merge", append([]string{`repository = "repo"`}, lines...)...)
	}
	cases := []badInput{
		{"merge with neither form", "", merge(), `(?s)Exactly\s+one\s+of\s+these\s+attributes.*\[pull_request_id,source_ref\]`},
		{"merge with both forms", "", merge(`pull_request_id = "0123456789abcdefghij"`, `source_ref = "feature"`, `destination_branch = "main"`),
			`(?s)pull_request_id`},
		{"merge of a ref without destination", "", merge(`source_ref = "feature"`), `(?s)destination_branch`},
		{"pull request merge with a message", "", merge(`pull_request_id = "0123456789abcdefghij"`, `message = "m"`),
			`(?s)cannot\s+be\s+configured\s+together:\s+\[pull_request_id,message\]`},
		{"unknown strategy", "", merge(`source_ref = "feature"`, `destination_branch = "main"`, `strategy = "ours"`),
			`(?s)Attribute\s+strategy\s+value\s+must\s+be\s+one\s+of`},
		{"bad pull request id", "", merge(`pull_request_id = "42"`), `(?s)Attribute\s+pull_request_id`},
		{"commit of a bad branch", "", actionHCL("lakefs_commit", `repository = "repo"`, `branch = "bad name"`, `message = "m"`),
			`(?s)Attribute\s+branch`},
		{"reset to a staging area", "", actionHCL("lakefs_branch_hard_reset", `repository = "repo"`, `branch = "main"`, `ref = "main$"`),
			`(?s)Attribute\s+ref`},
	}
	testRejectedBeforeAnyRequest(t, target, cases, actionBadInputTestCase)
}

// actionBadInputTestCase is actionTestCase in the form testRejectedBeforeAnyRequest takes: an invalid action
// configuration creates nothing to check after the destroy.
func actionBadInputTestCase(t *testing.T, _ resource.TestCheckFunc, steps []resource.TestStep) resource.TestCase {
	return actionTestCase(t, steps)
}

// actionHCL is the action "test" of type typ with the config lines, and the trigger that invokes it.
func actionHCL(typ string, lines ...string) string {
	return actionBlockHCL(typ, lines...) + triggerHCL("x", "action."+typ+".test")
}

// actionBlockHCL is the action "test" of type typ with the config lines.
func actionBlockHCL(typ string, lines ...string) string {
	return fmt.Sprintf("\naction %q \"test\" {\n  config {\n    %s\n  }\n}\n", typ, strings.Join(lines, "\n    "))
}

// A merge of a ref whose answer is lost is never sent again: the action finds the merge commit when the merge
// happened, and fails saying so when it did not.
func TestAccMergeAction_outcomeUnknown(t *testing.T) {
	for name, tc := range map[string]struct {
		kind   testserver.FaultKind
		merges int
		err    string
	}{
		"applied":    {testserver.FaultResetAfterHandler, 1, ""},
		"notApplied": {testserver.FaultResetBeforeHandler, 0, `(?s)Cannot merge "feature" into branch "main".*most\s+likely\s+did\s+not\s+happen`},
	} {
		t.Run(name, func(t *testing.T) {
			target := acctest.StartServer(t, testserver.Options{})
			c := target.Client(t)
			repo := prFixture(t, target)
			target.Server.InjectFault(testserver.Fault{Operation: "mergeIntoBranch", Kind: tc.kind, Count: 1})
			config := target.ProviderConfigWith(`request_timeout = "1s"`) +
				actionBlockHCL("lakefs_merge", hclString("repository", repo), `source_ref = "feature"`, `destination_branch = "main"`) +
				triggerHCL("one", "action.lakefs_merge.test")
			check := func(*terraform.State) error {
				if n := target.Server.RequestCount("mergeIntoBranch"); n != 1 {
					return fmt.Errorf("%d merge requests, want 1", n)
				}
				if _, merges := mainLog(t, c, repo); merges != tc.merges {
					return fmt.Errorf("%d merge commits on main, want %d", merges, tc.merges)
				}
				return nil
			}
			resource.Test(t, actionAfterFaultTestCase(config, check, tc.err))
		})
	}
}
