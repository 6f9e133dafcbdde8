package provider

import (
	"crypto/md5" //nolint:gosec // lakeFS checksums are MD5; it is compared, not trusted for security
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/upload"
)

// objectContent is what a lakefs_object uploads: an inline string or a local file, read afresh (never
// buffered) for hashing and for every upload attempt.
type objectContent struct {
	inline *string
	file   string
}

func (oc objectContent) describe() string {
	if oc.inline != nil {
		return "content"
	}
	return fmt.Sprintf("source file %q", oc.file)
}

// body returns a re-openable upload body; the file's size is taken now.
func (oc objectContent) body() (client.UploadBody, error) {
	if oc.inline != nil {
		s := *oc.inline
		return client.UploadBody{Open: func() (io.Reader, error) { return strings.NewReader(s), nil }, Size: int64(len(s))}, nil
	}
	info, err := os.Stat(oc.file)
	if err != nil {
		return client.UploadBody{}, err
	}
	if !info.Mode().IsRegular() {
		return client.UploadBody{}, fmt.Errorf("%s is not a regular file", oc.file)
	}
	file := oc.file
	return client.UploadBody{Open: func() (io.Reader, error) { return os.Open(file) }, Size: info.Size()}, nil
}

// contentHashes are the SHA-256 (what the provider records) and MD5 (what lakeFS reports as the checksum of
// a simple upload) of an object's content, and its size.
type contentHashes struct {
	SHA256, MD5 string
	Size        int64
}

func (oc objectContent) open() (io.ReadCloser, error) {
	if oc.inline != nil {
		return io.NopCloser(strings.NewReader(*oc.inline)), nil
	}
	return os.Open(oc.file)
}

// hashes reads the content once, streaming.
func (oc objectContent) hashes() (contentHashes, error) {
	r, err := oc.open()
	if err != nil {
		return contentHashes{}, err
	}
	defer r.Close()
	s, m := sha256.New(), md5.New() //nolint:gosec // see the import
	n, err := io.Copy(io.MultiWriter(s, m), r)
	if err != nil {
		return contentHashes{}, err
	}
	return contentHashes{SHA256: hex.EncodeToString(s.Sum(nil)), MD5: hex.EncodeToString(m.Sum(nil)), Size: n}, nil
}

// matchesChecksum reports whether lakeFS's checksum for an object is that of this content (hashes are the
// content's, from hashes()). A simple upload's checksum is the MD5. An upload in N parts has the S3 multipart
// ETag "<md5 of the parts' MD5s>-N": it is computed, reading the content again (streaming), with the parts laid out
// as this provider lays them out (upload.PartLayout with part_size); an object uploaded in parts of another size
// does not match, and is uploaded again.
func (oc objectContent) matchesChecksum(checksum string, hashes contentHashes, partSize int64) (bool, error) {
	if checksum == hashes.MD5 {
		return true, nil
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
