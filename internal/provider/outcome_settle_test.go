package provider

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestPollUntil(t *testing.T) {
	ctx := context.Background()
	calls := 0
	done, err := pollUntil(ctx, time.Second, func() (bool, error) { calls++; return calls == 3, nil })
	if !done || err != nil || calls != 3 {
		t.Fatalf("done %v, err %v after %d calls, want done after 3", done, err, calls)
	}

	calls = 0
	start := time.Now()
	done, err = pollUntil(ctx, 500*time.Millisecond, func() (bool, error) { calls++; return false, nil })
	if done || err != nil || time.Since(start) < 500*time.Millisecond || calls < 2 {
		t.Fatalf("done %v, err %v, %d calls in %v: want not done after the whole window", done, err, calls, time.Since(start))
	}

	calls = 0
	done, err = pollUntil(ctx, 0, func() (bool, error) { calls++; return false, nil })
	if done || err != nil || calls != 1 {
		t.Fatalf("window 0: %d calls, want exactly one look", calls)
	}

	boom := errors.New("boom")
	if _, err := pollUntil(ctx, time.Second, func() (bool, error) { return false, boom }); !errors.Is(err, boom) {
		t.Fatalf("err %v, want boom", err)
	}

	cancelled, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	start = time.Now()
	if _, err := pollUntil(cancelled, time.Minute, func() (bool, error) { return false, nil }); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 10*time.Second {
		t.Fatalf("err %v after %v, want the context's error soon", err, time.Since(start))
	}
}

func TestSettleWindow(t *testing.T) {
	if got := (&providerData{}).settleWindow(); got != 2*time.Minute {
		t.Fatalf("default window %v, want 2m", got)
	}
	if got := (&providerData{requestTimeout: 5 * time.Second}).settleWindow(); got != 10*time.Second {
		t.Fatalf("window %v, want 10s", got)
	}
	if got := settleInterval(2 * time.Minute); got != 5*time.Second {
		t.Fatalf("interval %v, want 5s", got)
	}
	if got := settleInterval(time.Second); got != 200*time.Millisecond {
		t.Fatalf("interval %v, want 200ms", got)
	}
}
