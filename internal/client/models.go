package client

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
)

// ListOptions are the common pagination parameters. Empty strings and a zero Amount are not sent
// (lakeFS then uses its default page size, 100; the maximum is 1000).
type ListOptions struct {
	Prefix string
	After  string
	Amount int
}

func (o ListOptions) values() url.Values {
	q := url.Values{}
	if o.Prefix != "" {
		q.Set("prefix", o.Prefix)
	}
	if o.After != "" {
		q.Set("after", o.After)
	}
	if o.Amount != 0 {
		q.Set("amount", strconv.Itoa(o.Amount))
	}
	return q
}

// MaxPageSize is the largest page lakeFS serves.
const MaxPageSize = 1000

// Pagination describes one page of a listing. NextOffset is the "after" of the next page when HasMore.
type Pagination struct {
	HasMore    bool   `json:"has_more"`
	NextOffset string `json:"next_offset"`
	Results    int    `json:"results"`
	MaxPerPage int    `json:"max_per_page"`
}

// errPaginationStuck stops a listing whose server claims more pages but gives no way to reach them.
var errPaginationStuck = errors.New("the server reported more results but no new next_offset")

// Page is one page of a listing; UserList, RefList and the other ...List types are its instances.
type Page[T any] struct {
	Pagination Pagination `json:"pagination"`
	Results    []T        `json:"results"`
}

// listAll reads every page (MaxPageSize items each) of a listing that starts with prefix.
func listAll[T any](ctx context.Context, op, prefix string, page func(ctx context.Context, opts ListOptions) (*Page[T], error)) ([]T, error) {
	var all []T
	opts := ListOptions{Prefix: prefix, Amount: MaxPageSize}
	for {
		pg, err := page(ctx, opts)
		if err != nil {
			return nil, err
		}
		all = append(all, pg.Results...)
		p := pg.Pagination
		if !p.HasMore {
			return all, nil
		}
		if p.NextOffset == "" || p.NextOffset == opts.After {
			return nil, fmt.Errorf("lakeFS %s: %w", op, errPaginationStuck)
		}
		opts.After = p.NextOffset
	}
}

func boolQuery(q url.Values, name string, value bool) {
	if value {
		q.Set(name, "true")
	}
}

// forceQuery is the query ?force=true when force is set, else empty.
func forceQuery(force bool) url.Values {
	q := url.Values{}
	boolQuery(q, "force", force)
	return q
}
