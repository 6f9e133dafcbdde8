package testserver

import (
	"net/http"
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
	return out, pageInfo(out, more, key)
}

// pageInfo is the pagination of a page (at most 1000 a page): when more follow, next_offset is its last key.
func pageInfo[T any](page []T, more bool, key func(T) string) pagination {
	p := pagination{HasMore: more, MaxPerPage: 1000, Results: len(page)}
	if more {
		p.NextOffset = key(page[len(page)-1])
	}
	return p
}

// pageOf is paginate with the request's prefix, after and amount.
func pageOf[T any](c *reqCtx, items []T, key func(T) string) ([]T, pagination) {
	return paginate(items, key, c.qs("prefix"), c.qs("after"), c.qInt("amount"))
}

// writePage answers a listing (200): the page's items as toJSON makes them, and its pagination.
func writePage[T, J any](c *reqCtx, page []T, pg pagination, toJSON func(T) J) {
	results := make([]J, 0, len(page))
	for _, it := range page {
		results = append(results, toJSON(it))
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"pagination": pg, "results": results})
}

// writeAuthPage answers an auth-service listing of ids, paged by authPage with the request's prefix, after and
// amount.
func writeAuthPage(c *reqCtx, ids []string, toJSON func(id string) map[string]any) {
	page, pg := authPage(ids, c.qs("prefix"), c.qs("after"), c.qInt("amount"))
	writePage(c, page, pg, toJSON)
}
