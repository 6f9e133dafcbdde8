package testserver

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"io"
	"os"
)

// memLimit: bodies up to this size stay in memory; larger ones are spooled to a temp file,
// so an upload is read exactly once and never buffered unbounded.
const memLimit = 8 << 20

// blob is immutable object content shared by every tree that references it.
type blob struct {
	data  []byte
	file  string
	parts []string // a completed multipart upload: its part files, in order (multipart.go)
	size  int64
}

func (b *blob) open() (io.ReadSeekCloser, error) {
	if len(b.parts) > 0 {
		return openParts(b.parts)
	}
	if b.file != "" {
		return os.Open(b.file)
	}
	return nopCloser{bytes.NewReader(b.data)}, nil
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// storeBlob reads r once, computing the MD5 checksum as it goes.
func (s *Server) storeBlob(r io.Reader) (*blob, string, error) {
	h := md5.New()
	tee := io.TeeReader(r, h)
	buf, err := io.ReadAll(io.LimitReader(tee, memLimit+1))
	if err != nil {
		return nil, "", err
	}
	if len(buf) <= memLimit {
		return &blob{data: buf, size: int64(len(buf))}, hex.EncodeToString(h.Sum(nil)), nil
	}
	dir, err := s.tempDir()
	if err != nil {
		return nil, "", err
	}
	f, err := os.CreateTemp(dir, "obj-")
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	n, err := f.Write(buf)
	if err != nil {
		return nil, "", err
	}
	m, err := io.Copy(f, tee)
	if err != nil {
		_ = os.Remove(f.Name())
		return nil, "", err
	}
	return &blob{file: f.Name(), size: int64(n) + m}, hex.EncodeToString(h.Sum(nil)), nil
}
