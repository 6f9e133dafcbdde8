package testserver

// unknownOperation is the counter key for requests that matched no route (contract §1.1 step 1).
const unknownOperation = "invalidAPIEndpoint"

func (s *Server) count(opID string) {
	s.countMu.Lock()
	s.counts[opID]++
	s.countMu.Unlock()
}

// RequestCount is how many requests reached routing for this operationId.
func (s *Server) RequestCount(operationID string) int {
	s.countMu.Lock()
	defer s.countMu.Unlock()
	return s.counts[operationID]
}

// RequestCounts returns a copy of all counters.
func (s *Server) RequestCounts() map[string]int {
	s.countMu.Lock()
	defer s.countMu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// ResetCounters zeroes all counters.
func (s *Server) ResetCounters() {
	s.countMu.Lock()
	s.counts = map[string]int{}
	s.countMu.Unlock()
}
