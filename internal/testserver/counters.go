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
	s.lost = map[string]int{}
	s.countMu.Unlock()
}

func (s *Server) countLostAnswer(opID string) {
	s.countMu.Lock()
	s.lost[opID]++
	s.countMu.Unlock()
}

// LostAnswers is how many requests of this operationId were handled (the state changed) and then had their
// answer dropped by a FaultResetAfterHandler: what a client could not know about.
func (s *Server) LostAnswers(operationID string) int {
	s.countMu.Lock()
	defer s.countMu.Unlock()
	return s.lost[operationID]
}
