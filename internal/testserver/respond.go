package testserver

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// apiError is an error with the HTTP status the real server maps it to (contract §1.5).
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func errf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

// Frequently used errors with their literal texts.
var (
	errUnauthenticated = &apiError{http.StatusUnauthorized, "error authenticating request"}
	errRepoNotFound    = &apiError{http.StatusNotFound, "repository not found"}
	errBranchNotFound  = &apiError{http.StatusNotFound, "branch not found"}
	errNotFound        = &apiError{http.StatusNotFound, "not found"}
	errReadOnly        = &apiError{http.StatusForbidden, "read-only repository"}
	errNotImplemented  = &apiError{http.StatusNotImplemented, "Not Implemented"}
	errInvalidRepoID   = &apiError{http.StatusBadRequest, "argument repository: repository id: invalid value: validation error"}
	errInvalidBranchID = &apiError{http.StatusBadRequest, "argument branch: branch id: invalid value: validation error"}
	errDirtyBranch     = &apiError{http.StatusBadRequest, "uncommitted changes (dirty branch)"}
)

// requestID makes a random UUID-shaped id. Real lakeFS 1.84 ignores a client's X-Request-Id and always
// sends its own (the contract said it echoed it; the real server does not).
func (s *Server) requestID() string {
	b := s.randBytesUnseeded(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// writeJSON writes one JSON document plus newline, like httputil.WriteAPIResponse (§1.1).
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

type errorBody struct {
	Message string `json:"message"`
}

func writeMessage(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Message: msg})
}

// writeErr maps any error to a response; unknown errors become 500 with the raw text (§1.5).
func writeErr(w http.ResponseWriter, err error) {
	var ae *apiError
	if errors.As(err, &ae) {
		writeMessage(w, ae.status, ae.msg)
		return
	}
	writeMessage(w, http.StatusInternalServerError, err.Error())
}

// writeFound answers 200 with m[id] as toJSON makes it, or notFound (lakeFS's 404 for that item) when there is none.
func writeFound[V, J any](c *reqCtx, m map[string]*V, id string, notFound error, toJSON func(*V) J) error {
	v := m[id]
	if v == nil {
		return notFound
	}
	writeJSON(c.w, http.StatusOK, toJSON(v))
	return nil
}

// writeNoContent writes a status with no body and no Content-Type (§1.1).
func writeNoContent(w http.ResponseWriter, status int) {
	w.Header().Del("Content-Type")
	w.WriteHeader(status)
}
