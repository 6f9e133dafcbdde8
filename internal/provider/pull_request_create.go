package provider

import (
	"context"
	"fmt"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// prCreateAttempts bounds how often a create whose outcome stayed unknown is tried again.
const prCreateAttempts = 3

// createPullRequestReconciled creates a pull request without ever leaving a duplicate behind. lakeFS does not
// deduplicate pull requests and the create is a POST, so a create whose outcome is unknown (a reset or a timeout
// after sending) is followed by a listing of the open pull requests with the same source, destination and title:
// one that did not exist before the first attempt was created by this call and is adopted. Only when none is
// found is the create tried again.
//
// Pull requests with the same fields may already exist (users open duplicates), and ids order newest first only
// to the second, so "ours" is whatever matches now and did not match before.
func createPullRequestReconciled(ctx context.Context, c *client.Client, repo string, pr client.PullRequestCreation) (string, error) {
	before, err := matchingOpenPullRequests(ctx, c, repo, pr)
	if client.IsUnauthorized(err) {
		// Under RBAC a user may create pull requests without the permission to list them: create once, and
		// say what to check if the answer is lost, since nothing can be reconciled.
		id, err := c.CreatePullRequest(ctx, repo, pr)
		if client.IsOutcomeUnknown(err) {
			return "", fmt.Errorf("%w\n\nThe provider may not list pull requests (pr:ListPullRequests), so it cannot tell whether "+
				"the pull request was created: look for an open pull request %q from %q to %q in repository %q and import it, "+
				"or close it, before applying again", err, pr.Title, pr.SourceBranch, pr.DestinationBranch, repo)
		}
		return id, err
	}
	if err != nil {
		return "", err
	}
	existed := make(map[string]bool, len(before))
	for _, id := range before {
		existed[id] = true
	}
	var lastErr error
	for attempt := 0; attempt < prCreateAttempts; attempt++ {
		id, err := c.CreatePullRequest(ctx, repo, pr)
		if !client.IsOutcomeUnknown(err) {
			return id, err
		}
		lastErr = err
		after, listErr := matchingOpenPullRequests(ctx, c, repo, pr)
		if listErr != nil {
			return "", fmt.Errorf("%w\n\nChecking whether the pull request was created anyway also failed (%v): "+
				"look for an open pull request %q from %q to %q in repository %q and import it, or close it, before applying again",
				err, listErr, pr.Title, pr.SourceBranch, pr.DestinationBranch, repo)
		}
		// Newest first: if several appeared meanwhile, the newest is the likeliest to be ours.
		for _, id := range after {
			if !existed[id] {
				return id, nil
			}
		}
	}
	return "", lastErr
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
