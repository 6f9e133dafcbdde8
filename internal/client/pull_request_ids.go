package client

import (
	"encoding/base32"
	"encoding/binary"
	"time"
)

// unixYear3000 is lakeFS's graveler.UnixYear3000 (pkg/graveler/hooks_handler.go): a pull request id is
// xid.NewWithTime(time.Unix(unixYear3000 - now, 0)), so that newer ids sort first.
const unixYear3000 = 32500915200

var xidEncoding = base32.NewEncoding("0123456789abcdefghijklmnopqrstuv").WithPadding(base32.NoPadding)

// PullRequestCreated decodes the second in which lakeFS created a pull request (on the server's clock) from its id,
// an xid whose 4-byte timestamp is reversed (contract §12.1). It reports false for an id that is not an xid.
//
// unixYear3000 - now does not fit the xid's 4 bytes: they hold it modulo 2^32, so of the times that agree modulo
// 2^32 (136 years apart) the one nearest to the local clock is taken.
func PullRequestCreated(id string) (time.Time, bool) {
	if len(id) != 20 {
		return time.Time{}, false
	}
	b, err := xidEncoding.DecodeString(id)
	if err != nil || len(b) != 12 {
		return time.Time{}, false
	}
	const wrap = int64(1) << 32
	created := unixYear3000 - int64(binary.BigEndian.Uint32(b[:4]))
	now := time.Now().Unix()
	created -= (created - now + wrap/2) / wrap * wrap
	return time.Unix(created, 0).UTC(), true
}
