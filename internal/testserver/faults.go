package testserver

import (
	"net"
	"net/http"
	"strconv"
	"time"
)

// FaultKind selects what an injected fault does.
type FaultKind int

const (
	// FaultStatus answers Status (429 with Retry-After, 503, 500...) with an Error body, without running the handler.
	FaultStatus FaultKind = iota
	// FaultLatency sleeps Latency before the request is handled.
	FaultLatency
	// FaultResetBeforeHandler closes the connection without running the handler.
	FaultResetBeforeHandler
	// FaultResetAfterHandler runs the handler (the state changes) and then closes the connection.
	FaultResetAfterHandler
	// FaultSlowHandler makes the handler take Latency, like a commit of a large staging area: unlike FaultLatency it
	// goes on when the client gives up (a request timeout), and the state changes Latency after the request came in.
	FaultSlowHandler
	// FaultInterruptedHandler stops the handler before its last state change and closes the connection, like a
	// lakeFS that dies in the middle of a request. Only mergePullRequest has such a step: the merge commit is written
	// but the pull request keeps its status (§12.5 steps 4 and 6). Other operations run completely, as with
	// FaultResetAfterHandler.
	FaultInterruptedHandler
)

// Fault describes an injected failure. Probability 0 means always (until Count is used up);
// Count 0 means unlimited.
type Fault struct {
	Operation   string // operationId; "" = every operation
	Method      string // optional, "" = any
	Kind        FaultKind
	Status      int
	Message     string // FaultStatus's error message; default the one lakeFS sends with Status
	RetryAfter  time.Duration
	Latency     time.Duration
	Probability float64
	Count       int
}

type faultState struct {
	f         Fault
	remaining int // -1 = unlimited
}

// InjectFault adds a fault; faults are evaluated in insertion order.
func (s *Server) InjectFault(f Fault) {
	s.faultsMu.Lock()
	defer s.faultsMu.Unlock()
	rem := f.Count
	if rem <= 0 {
		rem = -1
	}
	s.faults = append(s.faults, &faultState{f: f, remaining: rem})
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.faultsMu.Lock()
	s.faults = nil
	s.faultsMu.Unlock()
}

// firing picks the faults that apply to this request, consuming counts and the seeded generator.
func (s *Server) firing(op *operation, method string) []Fault {
	s.faultsMu.Lock()
	defer s.faultsMu.Unlock()
	var out []Fault
	for _, fs := range s.faults {
		f := fs.f
		if (f.Operation != "" && f.Operation != op.ID) || (f.Method != "" && f.Method != method) || fs.remaining == 0 {
			continue
		}
		if f.Probability > 0 && s.randFloat() >= f.Probability {
			continue
		}
		if fs.remaining > 0 {
			fs.remaining--
		}
		out = append(out, f)
	}
	return out
}

// faultOutcome says how the handler runs after the faults: handled means the response was already produced;
// resetAfter that the connection is reset after the handler; interrupted that the handler leaves out its last step.
type faultOutcome struct {
	handled, resetAfter, interrupted bool
}

// applyFaults runs latency faults, then the first terminating fault.
func (s *Server) applyFaults(w http.ResponseWriter, r *http.Request, op *operation) (out faultOutcome) {
	fs := s.firing(op, r.Method)
	for _, f := range fs {
		switch {
		case f.Kind == FaultLatency && f.Latency > 0:
			t := time.NewTimer(f.Latency)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
			}
		case f.Kind == FaultSlowHandler && f.Latency > 0:
			time.Sleep(f.Latency) // the server works on, whether or not the client waits
		}
	}
	for _, f := range fs {
		switch f.Kind {
		case FaultStatus:
			writeFaultStatus(w, f)
			return faultOutcome{handled: true}
		case FaultResetBeforeHandler:
			resetConnection(w)
			return faultOutcome{handled: true}
		case FaultResetAfterHandler:
			out.resetAfter = true
		case FaultInterruptedHandler:
			out.resetAfter, out.interrupted = true, true
		}
	}
	return out
}

// writeFaultStatus uses the texts the real server sends for these statuses (§1.5, §1.6).
func writeFaultStatus(w http.ResponseWriter, f Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	msg := "injected fault"
	if status == http.StatusTooManyRequests || f.RetryAfter > 0 {
		secs := int((f.RetryAfter + time.Second - 1) / time.Second) // whole seconds, rounded up
		if secs < 0 {
			secs = 0
		}
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	switch status {
	case http.StatusTooManyRequests:
		msg = "Too many attempts, try again later"
	case http.StatusServiceUnavailable:
		msg = "Throughput exceeded. Slow down and retry"
	case http.StatusInternalServerError:
		msg = "branch is currently locked, try again later"
	}
	if f.Message != "" {
		msg = f.Message
	}
	writeMessage(w, status, msg)
}

// resetConnection aborts the connection: hijack and close with SO_LINGER 0 (a TCP RST)
// when possible, otherwise let net/http abort it.
func resetConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		conn, _, err := hj.Hijack()
		if err == nil {
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
