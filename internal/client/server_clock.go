package client

import (
	"net/http"
	"sync/atomic"
	"time"
)

// serverClock keeps a lower bound of the lakeFS server's clock, learned from the Date header of its answers, so
// that a caller can tell what lakeFS created after a given moment (pull request ids carry their creation second)
// without asking lakeFS anything before it. Local instants are measured on the monotonic clock from base, so a
// jump of the local wall clock changes nothing.
//
// An answer with Date D received at local instant r says that the server's clock read at least D at r (Date is
// truncated to the second and written before the answer left), so the server's clock at base read at least
// D - (r - base). The largest such bound over all answers is kept: one atomic load, and a compare-and-swap when it
// improves.
type serverClock struct {
	base time.Time    // local instant with a monotonic reading
	low  atomic.Int64 // lower bound of the server's clock at base, Unix nanoseconds; 0 = no Date seen yet
}

func newServerClock() *serverClock { return &serverClock{base: time.Now()} }

// observe records the Date header of an answer received now.
func (s *serverClock) observe(resp *http.Response) {
	date := resp.Header.Get("Date")
	if date == "" {
		return
	}
	d, err := http.ParseTime(date)
	if err != nil {
		return
	}
	bound := d.UnixNano() - int64(time.Since(s.base))
	for {
		cur := s.low.Load()
		if cur != 0 && cur >= bound || s.low.CompareAndSwap(cur, bound) {
			return
		}
	}
}

// ClockMark is a local instant, to be placed on the server's clock later by ServerTimeAt.
type ClockMark struct{ sinceBase time.Duration }

// Mark returns the current local instant. Taking it costs no request.
func (c *Client) Mark() ClockMark { return ClockMark{sinceBase: time.Since(c.clock.base)} }

// ServerTimeAt returns a lower bound of what the lakeFS server's clock read at the mark (the server's clock may
// have been later, by up to a second plus a network transit, never earlier as far as the Date headers of its
// answers go), and false while no answer of lakeFS carried a Date header. An answer received after the mark
// serves as well as one before: the bound is on the offset between the two clocks.
func (c *Client) ServerTimeAt(m ClockMark) (time.Time, bool) {
	low := c.clock.low.Load()
	if low == 0 {
		return time.Time{}, false
	}
	return time.Unix(0, low+int64(m.sinceBase)).UTC(), true
}
