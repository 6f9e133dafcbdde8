package provider

import (
	"context"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// settleWindow is how long a resource watches for the effect of a request whose answer was lost before it
// concludes that the request did nothing. lakeFS goes on with a request after the client gave up on it (a commit
// of a large staging area, or a merge, can outlast request_timeout), so an unchanged branch right after a timeout
// proves nothing. Twice request_timeout: two minutes with the default.
func (d *providerData) settleWindow() time.Duration {
	timeout := d.requestTimeout
	if timeout <= 0 {
		timeout = client.DefaultRequestTimeout
	}
	return 2 * timeout
}

// settleInterval is the pause between two looks during a settle window: an eighth of it, from 200ms to 5s.
func settleInterval(window time.Duration) time.Duration {
	return min(max(window/8, 200*time.Millisecond), 5*time.Second)
}

// pollUntil calls look until it reports done or fails, the window has passed (look is called once more at its
// end), or ctx is done. It reports whether look reported done.
func pollUntil(ctx context.Context, window time.Duration, look func() (done bool, err error)) (bool, error) {
	deadline := time.Now().Add(window)
	interval := settleInterval(window)
	for {
		done, err := look()
		if done || err != nil {
			return done, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return false, nil
		}
		timer := time.NewTimer(min(interval, left))
		select {
		case <-ctx.Done():
			timer.Stop()
			return false, ctx.Err()
		case <-timer.C:
		}
	}
}

// awaitNewCommit watches branch for up to window after an action's answer was lost (lakeFS does not deduplicate
// a merge, a revert or a cherry-pick, so it is never sent again): each time its head has left before, find looks
// for the action's commit in the log from the head. found is nil when none appeared; lookErr says why a look failed.
func (d *providerData) awaitNewCommit(ctx context.Context, repo, branch, before string, window time.Duration,
	find func(head string) (*client.Commit, error),
) (found *client.Commit, lookErr error) {
	_, lookErr = pollUntil(ctx, window, func() (bool, error) {
		head, err := d.client.GetBranch(ctx, repo, branch)
		if err != nil || head.CommitID == before {
			return false, err
		}
		found, err = find(head.CommitID)
		return found != nil, err
	})
	return found, lookErr
}
