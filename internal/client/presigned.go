package client

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

const putPresignedPartOp = "putPresignedPart"

// ErrPresignedURLExpired is the message of the error PutPresignedPart returns when the object store says the URL
// has expired; test for it with IsPresignedURLExpired.
var ErrPresignedURLExpired = errors.New("presigned part URL has expired")

// IsPresignedURLExpired reports whether err is PutPresignedPart's answer to an expired presigned URL (S3: 403
// "Request has expired", or 400 ExpiredToken when the credentials it was signed with expired). A fresh URL from
// Client.UploadPart fixes either.
func IsPresignedURLExpired(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.presignExpired
}

// PutPresignedPart uploads one part to a presigned object-store URL (not lakeFS: no credentials are sent) and returns
// the ETag the store answered, as given (quoted). It is retried on connection errors, 429 and 5xx. The URL carries
// a signature: it never appears in errors or logs. An expired URL gives an error for which IsPresignedURLExpired is true.
func (c *Client) PutPresignedPart(ctx context.Context, presignedURL string, body UploadBody) (string, error) {
	u, err := url.Parse(presignedURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("lakeFS %s: the presigned part URL is not a valid http(s) URL", putPresignedPartOp)
	}
	stream, err := body.stream("")
	if err != nil {
		return "", fmt.Errorf("lakeFS %s: %w", putPresignedPartOp, err)
	}
	cl := call{op: putPresignedPartOp, method: http.MethodPut, external: presignedURL, body: stream, idempotent: true}
	resp, err := c.send(ctx, cl)
	if err != nil {
		return "", err
	}
	defer drain(resp.Body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", objectStoreError(cl, resp, u)
	}
	etag := resp.Header.Get("ETag")
	if etag == "" {
		return "", fmt.Errorf("lakeFS %s: the object store answered HTTP %d without an ETag", putPresignedPartOp, resp.StatusCode)
	}
	return etag, nil
}

// objectStoreError turns an object store's error answer (S3/GCS XML) into an *APIError. Only the error code and
// message are kept, with anything from the URL scrubbed: S3 error bodies can echo the canonical request,
// which holds the credential and security token.
func objectStoreError(cl call, resp *http.Response, u *url.URL) *APIError {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxTextBody))
	apiErr := &APIError{Operation: cl.op, StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Amz-Request-Id"),
		ContentType: resp.Header.Get("Content-Type"), foreign: true}
	text := string(raw)
	lower := strings.ToLower(text)
	if (resp.StatusCode == http.StatusForbidden &&
		(strings.Contains(text, "Request has expired") || (strings.Contains(text, "AccessDenied") && strings.Contains(lower, "expired")))) ||
		// The temporary credentials lakeFS signed with have expired: a URL signed now carries fresh ones.
		(resp.StatusCode == http.StatusBadRequest && strings.Contains(text, "<Code>ExpiredToken</Code>")) {
		apiErr.Message = ErrPresignedURLExpired.Error()
		apiErr.presignExpired = true
		return apiErr
	}
	var xmlErr struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	if xml.Unmarshal(raw, &xmlErr) != nil {
		// Not well-formed: keep the code alone, if there is one.
		xmlErr.Code, xmlErr.Message = between(text, "<Code>", "</Code>"), ""
	}
	if xmlErr.Code != "" || xmlErr.Message != "" {
		msg := strings.TrimSpace(xmlErr.Code + ": " + xmlErr.Message)
		apiErr.Message = truncate(scrubURL(strings.Trim(msg, ": "), u), 512)
	}
	return apiErr
}

// scrubURL removes the URL, its path and every query value of some length from s.
func scrubURL(s string, u *url.URL) string {
	secrets := []string{u.String(), u.RawQuery, u.EscapedPath(), u.Path}
	for _, values := range u.Query() {
		for _, v := range values {
			if len(v) >= 8 {
				secrets = append(secrets, v, url.QueryEscape(v))
			}
		}
	}
	for _, secret := range secrets {
		if len(secret) > 1 {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

func between(s, open, closing string) string {
	_, after, ok := strings.Cut(s, open)
	if !ok {
		return ""
	}
	inner, _, ok := strings.Cut(after, closing)
	if !ok || len(inner) > 64 {
		return ""
	}
	return inner
}
