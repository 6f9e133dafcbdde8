package testserver

import (
	"sort"
	"strings"
)

// pagination is schema Pagination (contract §2.2).
type pagination struct {
	HasMore    bool   `json:"has_more"`
	MaxPerPage int    `json:"max_per_page"`
	NextOffset string `json:"next_offset"`
	Results    int    `json:"results"`
}

// pageAmount: absent, 0 or -1 mean 100 (§2.1); validation already refused the rest.
func pageAmount(n int) int {
	if n <= 0 {
		return 100
	}
	return n
}

// paginate sorts by key, keeps keys with prefix that are strictly greater than after,
// fetches amount+1 to learn has_more, and sets next_offset to the last key of the page.
func paginate[T any](items []T, key func(T) string, prefix, after string, amount int) ([]T, pagination) {
	sort.SliceStable(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
	amount = pageAmount(amount)
	out := make([]T, 0)
	more := false
	for _, it := range items {
		k := key(it)
		if !strings.HasPrefix(k, prefix) || k <= after {
			continue
		}
		if len(out) == amount {
			more = true
			break
		}
		out = append(out, it)
	}
	p := pagination{HasMore: more, MaxPerPage: 1000, Results: len(out)}
	if more {
		p.NextOffset = key(out[len(out)-1])
	}
	return out, p
}
