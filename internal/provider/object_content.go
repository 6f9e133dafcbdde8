package provider

import (
	"crypto/md5" //nolint:gosec // lakeFS checksums are MD5; it is compared, not trusted for security
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/upload"
)

// objectContent is what a lakefs_object uploads: an inline string (content, or content_wo when writeOnly) or a
// local file, read afresh (never buffered) for hashing and for every upload attempt.
type objectContent struct {
	inline    *string
	file      string
	writeOnly bool
}

func (oc objectContent) describe() string {
	if oc.writeOnly {
		return "content_wo"
	}
	if oc.inline != nil {
		return "content"
	}
	return fmt.Sprintf("source file %q", oc.file)
}

// body returns a re-openable upload body of exactly size bytes: the size of the bytes that were hashed. A file
// that grew since is cut there, and one that shrank fails the upload; either way lakeFS's checksum of what arrived
// no longer matches the hashes (see matchesUploaded).
func (oc objectContent) body(size int64) client.UploadBody {
	if oc.inline != nil {
		s := *oc.inline
		return client.UploadBody{Open: func() (io.Reader, error) { return strings.NewReader(s), nil }, Size: int64(len(s))}
	}
	file := oc.file
	return client.UploadBody{Open: func() (io.Reader, error) {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		return struct {
			io.Reader
			io.Closer
		}{io.LimitReader(f, size), f}, nil
	}, Size: size}
}

// size is the content's current size; a source must be a regular file.
func (oc objectContent) size() (int64, error) {
	if oc.inline != nil {
		return int64(len(*oc.inline)), nil
	}
	info, err := os.Stat(oc.file)
	if err != nil {
		return 0, err
	}
	if !info.Mode().IsRegular() {
		return 0, fmt.Errorf("%s is not a regular file", oc.file)
	}
	return info.Size(), nil
}

// contentHashes are the SHA-256 (what the provider records) and MD5 (what lakeFS reports as the checksum of
// a simple upload) of an object's content, and its size. PartsETag, when not empty, is the checksum the same
// bytes get when uploaded in parts (upload.PartLayout with the provider's part_size).
type contentHashes struct {
	SHA256, MD5 string
	Size        int64
	PartsETag   string
}

func (oc objectContent) open() (io.ReadCloser, error) {
	if oc.inline != nil {
		return io.NopCloser(strings.NewReader(*oc.inline)), nil
	}
	return os.Open(oc.file)
}

// hashes reads the content once, streaming. With partSize > 0 it also computes PartsETag in the same pass, so
// that what lakeFS stored can be checked against the bytes hashed, however they were uploaded.
func (oc objectContent) hashes(partSize int64) (contentHashes, error) {
	size, err := oc.size()
	if err != nil {
		return contentHashes{}, err
	}
	r, err := oc.open()
	if err != nil {
		return contentHashes{}, err
	}
	defer r.Close()
	s, m := sha256.New(), md5.New() //nolint:gosec // see the import
	writers := []io.Writer{s, m}
	var parts *partHasher
	if partSize > 0 {
		layout, _ := upload.PartLayout(size, partSize)
		parts = &partHasher{partSize: layout, all: md5.New()} //nolint:gosec // see the import
		writers = append(writers, parts)
	}
	n, err := io.Copy(io.MultiWriter(writers...), r)
	if err != nil {
		return contentHashes{}, err
	}
	h := contentHashes{SHA256: hex.EncodeToString(s.Sum(nil)), MD5: hex.EncodeToString(m.Sum(nil)), Size: n}
	if parts != nil && n == size {
		h.PartsETag = parts.etag()
	}
	return h, nil
}

// partHasher computes S3's multipart checksum of what is written to it, cut into parts of partSize bytes.
type partHasher struct {
	partSize, filled int64
	part, all        hash.Hash
	parts            int
}

func (p *partHasher) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		if p.part == nil {
			p.part, p.filled = md5.New(), 0 //nolint:gosec // see the import
		}
		take := min(int64(len(b)), p.partSize-p.filled)
		p.part.Write(b[:take])
		p.filled += take
		b = b[take:]
		if p.filled == p.partSize {
			p.endPart()
		}
	}
	return n, nil
}

func (p *partHasher) endPart() {
	if p.part == nil {
		p.part = md5.New() //nolint:gosec // see the import
	}
	p.all.Write(p.part.Sum(nil))
	p.parts++
	p.part = nil
}

// etag ends the last, shorter part (empty content is one empty part) and returns "<md5 of the part MD5s>-N".
func (p *partHasher) etag() string {
	if p.part != nil || p.parts == 0 {
		p.endPart()
	}
	return hex.EncodeToString(p.all.Sum(nil)) + "-" + strconv.Itoa(p.parts)
}

// matchesUploaded reports whether lakeFS's checksum of an object that was just uploaded is that of the bytes
// hashed before the upload: the MD5 for a simple upload, PartsETag for one in parts. It never reads the content
// again: a source file that changed in the meantime does not match.
func (h contentHashes) matchesUploaded(checksum string) bool {
	return checksum == h.MD5 || h.PartsETag != "" && checksum == h.PartsETag
}

// matchesChecksum reports whether lakeFS's checksum for an object is that of this content (hashes are the
// content's, from hashes(partSize)). A simple upload's checksum is the MD5. An upload in N parts has the S3 multipart
// ETag "<md5 of the parts' MD5s>-N", with the parts laid out as this provider lays them out (upload.PartLayout with
// part_size): hashes.PartsETag, or, when the hashes have none, computed by reading the content again (streaming).
// An object uploaded in parts of another size does not match, and is uploaded again.
func (oc objectContent) matchesChecksum(checksum string, hashes contentHashes, partSize int64) (bool, error) {
	if checksum == hashes.MD5 {
		return true, nil
	}
	if hashes.PartsETag != "" {
		return checksum == hashes.PartsETag, nil // computed with the same part size
	}
	_, count, ok := strings.Cut(checksum, "-")
	parts, err := strconv.Atoi(count)
	if !ok || err != nil || parts < 1 {
		return false, nil
	}
	size, layoutParts := upload.PartLayout(hashes.Size, partSize)
	if layoutParts != parts {
		return false, nil
	}
	r, err := oc.open()
	if err != nil {
		return false, err
	}
	defer r.Close()
	etag, err := multipartETag(r, size)
	if err != nil {
		return false, err
	}
	return etag == checksum, nil
}

// multipartETag is S3's checksum of an object uploaded in parts of partSize bytes (the last one shorter): the MD5 of
// the concatenated binary part MD5s, "-", the number of parts. Empty content is one empty part.
func multipartETag(r io.Reader, partSize int64) (string, error) {
	all := md5.New() //nolint:gosec // see the import
	parts := 0
	for {
		part := md5.New() //nolint:gosec // see the import
		n, err := io.CopyN(part, r, partSize)
		if n > 0 || parts == 0 {
			all.Write(part.Sum(nil))
			parts++
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(all.Sum(nil)) + "-" + strconv.Itoa(parts), nil
}
