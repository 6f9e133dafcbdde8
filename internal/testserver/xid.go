package testserver

import (
	"encoding/base32"
	"encoding/binary"
	"strings"
	"sync/atomic"
	"time"
)

// xid: 12 bytes = 4-byte big-endian seconds + 5 random bytes + 3-byte counter,
// encoded base32hex lowercase without padding (20 chars). Contract §12.1.
var xidEncoding = base32.NewEncoding("0123456789abcdefghijklmnopqrstuv").WithPadding(base32.NoPadding)

// unixYear3000 is graveler's constant: PR ids use (UnixYear3000 - now) so newer ids sort first.
const unixYear3000 = 32500915200 // lakeFS v1.84 pkg/graveler/hooks_handler.go (not 1 Jan 3000)

var xidCounter atomic.Uint32

func (s *Server) newXID(t time.Time) string {
	var b [12]byte
	binary.BigEndian.PutUint32(b[0:4], uint32(t.Unix()))
	copy(b[4:9], s.xidMachine[:]) // like xid's machine id + pid: fixed per server
	if xidCounter.Load() == 0 {
		r := s.randBytes(3)
		xidCounter.CompareAndSwap(0, uint32(r[0])<<16|uint32(r[1])<<8|uint32(r[2])|1)
	}
	c := xidCounter.Add(1)
	b[9], b[10], b[11] = byte(c>>16), byte(c>>8), byte(c)
	return xidEncoding.EncodeToString(b[:])
}

// newRunID mirrors graveler.NewRunID: an xid with a reversed timestamp.
func (s *Server) newRunID() string {
	return s.newXID(time.Unix(unixYear3000-time.Now().Unix(), 0))
}

// validXID accepts exactly the strings an xid decoder accepts: 20 chars of [0-9a-v]
// that re-encode to themselves (the last char carries padding bits).
func validXID(id string) bool {
	if len(id) != 20 || strings.ToLower(id) != id {
		return false
	}
	b, err := xidEncoding.DecodeString(id)
	if err != nil || len(b) != 12 {
		return false
	}
	return xidEncoding.EncodeToString(b) == id
}
