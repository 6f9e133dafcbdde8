package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// prCreateAttempts bounds how often a create whose outcome stayed unknown is tried again.
const prCreateAttempts = 3

// prClockSkew is how far the clock that stamps pull request ids may run behind the one that writes the Date header
// of lakeFS's answers (several lakeFS instances, or a proxy that writes its own Date, with synchronised clocks).
const prClockSkew = time.Second

// createPullRequestReconciled creates a pull request without ever leaving a duplicate behind, in one request when
// the create answers. lakeFS does not deduplicate pull requests and the create is a POST, so a create whose outcome
// is unknown (a reset or a timeout after sending, a gateway error) is followed by a listing of the open pull
// requests with the same source, destination and title, and the one this call created is told from the ones that
// existed before by its id: pull request ids carry the second of their creation on the server's clock, and the
// client knows a lower bound of the server's clock from the Date header of lakeFS's answers (the listing's own
// answer is enough). A candidate created strictly before the first attempt was sent (less a small skew) existed
// before and is never adopted; exactly one candidate from that moment on is ours. Two or more (someone opened the
// same pull request in the same second) cannot be told apart: the create fails naming them, and is not tried again.
// Only when no candidate is found is the create tried again.
func createPullRequestReconciled(ctx context.Context, c *client.Client, repo string, pr client.PullRequestCreation) (string, error) {
	first := c.Mark()
	var lastErr error
	for attempt := 0; attempt < prCreateAttempts; attempt++ {
		id, err := c.CreatePullRequest(ctx, repo, pr)
		if !client.IsOutcomeUnknown(err) {
			return id, err
		}
		lastErr = err
		id, found, err := findCreatedPullRequest(ctx, c, repo, pr, first, lastErr)
		if err != nil || found {
			return id, err
		}
	}
	return "", lastErr
}

// findCreatedPullRequest looks for the pull request a create sent at (or after) the mark sent made; createErr is the
// create's own error, kept in the one returned.
func findCreatedPullRequest(ctx context.Context, c *client.Client, repo string, pr client.PullRequestCreation, sent client.ClockMark, createErr error) (string, bool, error) {
	what := fmt.Sprintf("an open pull request %q from %q to %q in repository %q", pr.Title, pr.SourceBranch, pr.DestinationBranch, repo)
	matching, err := matchingOpenPullRequests(ctx, c, repo, pr)
	if err != nil {
		hint := ""
		if client.IsUnauthorized(err) || client.IsForbidden(err) {
			hint = " (listing pull requests needs pr:ListPullRequests)"
		}
		return "", false, fmt.Errorf("%w\n\nChecking whether the pull request was created anyway also failed%s (%v): "+
			"look for %s and import it, or close it, before applying again", createErr, hint, err, what)
	}
	if len(matching) == 0 {
		return "", false, nil
	}
	since, ok := c.ServerTimeAt(sent)
	if !ok {
		return "", false, fmt.Errorf("%w\n\nlakeFS's answers carry no Date header, so the provider cannot tell whether one of the "+
			"pull requests %s (%s) was created by this apply: import the right one, or close them, before applying again",
			createErr, strings.Join(matching, ", "), what)
	}
	threshold := since.Add(-prClockSkew).Truncate(time.Second)
	var candidates []string
	for _, id := range matching {
		created, ok := client.PullRequestCreated(id)
		if !ok || !created.Before(threshold) {
			candidates = append(candidates, id)
		}
	}
	switch len(candidates) {
	case 0:
		return "", false, nil
	case 1:
		return candidates[0], true, nil
	}
	return "", false, fmt.Errorf("%w\n\nThe pull request may have been created, and several pull requests match (%s), "+
		"created in the same second or later: %s. The provider cannot tell which one this apply created, and does not "+
		"create another. Import the right one (terraform import <address> %s/<id>) and close the others, before applying again",
		createErr, what, strings.Join(candidates, ", "), repo)
}

// matchingOpenPullRequests lists the ids of the open pull requests from pr's source to its destination with its
// title, newest first.
func matchingOpenPullRequests(ctx context.Context, c *client.Client, repo string, pr client.PullRequestCreation) ([]string, error) {
	all, err := c.ListAllPullRequests(ctx, repo, "", prStatusOpen)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, p := range all {
		if p.SourceBranch == pr.SourceBranch && p.DestinationBranch == pr.DestinationBranch && p.Title == pr.Title {
			ids = append(ids, p.ID)
		}
	}
	return ids, nil
}
