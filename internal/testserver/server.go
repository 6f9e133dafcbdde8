package testserver

import (
	crand "crypto/rand"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"time"
)

// Edition selects which auth features the double pretends to have (contract §6.0).
//
//   - EditionOSS: lakeFS OSS alone (BasicAuthService): one user, one access key; groups, group ACLs, credential
//     listing and deletion, policies and external principals answer 501.
//   - EditionACL: lakeFS OSS wired to lakeFS's ACL server (auth.api.endpoint, auth.ui_config.rbac: simplified):
//     many users, groups (Admins, Supers, Writers, Readers from the start, the bootstrap user in Admins),
//     memberships, group ACLs and credentials; policies and external principals answer 501. Checked against
//     lakeFS 1.84 with contrib/auth/acl (scripts/lakefs.sh up DIR acl).
//   - EditionEnterprise: everything, policies and external principals included (groups Admins, SuperUsers,
//     Developers, Viewers from the start). Policies follow api/swagger.yml and the server code, not a real server.
type Edition string

const (
	EditionOSS        Edition = "oss"
	EditionACL        Edition = "acl"
	EditionEnterprise Edition = "enterprise"
)

// Quickstart credentials (contract §4.5).
const (
	DefaultAccessKeyID     = "AKIAIOSFOLQUICKSTART"
	DefaultSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	DefaultUser            = "quickstart"
)

// Options configures a Server. The zero value is a quickstart-like OSS server.
type Options struct {
	Edition                      Edition
	PresignedMultipart           bool
	AccessKeyID, SecretAccessKey string
	User                         string
	Seed                         int64 // seeds fault probabilities (0 is a valid seed)
	TokenTTL                     time.Duration
	Version                      string
	DataDir                      string        // temp files; default os.TempDir
	PresignExpiry                time.Duration // lifetime of presigned part URLs; default 15m like S3
	// PresignedPartHost is the host:port presigned part URLs point at; default the host the client reached.
	// An address nothing listens on plays an object store that lakeFS reaches and the client cannot.
	PresignedPartHost string
	// BranchRaceWindow is how long a commit (and a user-metadata update) works between reading the branch and
	// writing it, without holding it: like lakeFS's optimistic branch updates, one that finds the branch changed
	// by another in that window fails with 500 "predicate failed" and changes nothing (contract §11.1). Default
	// 2ms; negative disables the window (a concurrent update can still interleave, but rarely).
	BranchRaceWindow time.Duration
}

// Server is the in-memory lakeFS double. It is an http.Handler.
type Server struct {
	opts Options

	mu    sync.Mutex // guards st
	st    *state
	ops   []*operation
	opsBy map[string]*operation

	rngMu sync.Mutex
	rng   *rand.Rand

	faultsMu sync.Mutex
	faults   []*faultState

	countMu sync.Mutex
	counts  map[string]int
	lost    map[string]int // answers dropped by FaultResetAfterHandler, per operationId

	secretsMu sync.Mutex
	secrets   []string // secrets.go

	xidMachine [5]byte

	httpSrv *httptest.Server
	tmpDir  string
	tmpOnce sync.Once
	tmpErr  error

	mpOnce  sync.Once
	mpState *multipartState // presigned multipart uploads (multipart.go)
}

// New builds a Server without a listener.
func New(opts Options) *Server {
	if opts.Edition == "" {
		opts.Edition = EditionOSS
	}
	if opts.AccessKeyID == "" {
		opts.AccessKeyID = DefaultAccessKeyID
	}
	if opts.SecretAccessKey == "" {
		opts.SecretAccessKey = DefaultSecretAccessKey
	}
	if opts.User == "" {
		opts.User = DefaultUser
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = 7 * 24 * time.Hour // auth.login_duration default (§4.1)
	}
	if opts.Version == "" {
		opts.Version = "1.84.0"
	}
	if opts.DataDir == "" {
		opts.DataDir = os.TempDir()
	}
	if opts.BranchRaceWindow == 0 {
		opts.BranchRaceWindow = defaultBranchRaceWindow
	}
	s := &Server{
		opts: opts,
		// Faults are always deterministic: the zero Seed is a seed like any other.
		rng:    rand.New(rand.NewSource(opts.Seed)),
		counts: map[string]int{},
		lost:   map[string]int{},
	}
	copy(s.xidMachine[:], s.randBytes(5))
	s.st = newState(opts)
	s.buildOperations()
	return s
}

// Start is New plus an httptest server on 127.0.0.1 with a random port.
func Start(opts Options) *Server {
	s := New(opts)
	s.httpSrv = httptest.NewServer(s)
	return s
}

// Endpoint is the base URL ("http://127.0.0.1:PORT"); the API is under /api/v1.
func (s *Server) Endpoint() string {
	if s.httpSrv == nil {
		return ""
	}
	return s.httpSrv.URL
}

// Close stops the listener (if any) and removes temp files.
func (s *Server) Close() {
	if s.httpSrv != nil {
		s.httpSrv.CloseClientConnections()
		s.httpSrv.Close()
	}
	if s.tmpDir != "" {
		_ = os.RemoveAll(s.tmpDir)
	}
}

func (s *Server) AccessKeyID() string     { return s.opts.AccessKeyID }
func (s *Server) SecretAccessKey() string { return s.opts.SecretAccessKey }

// tempDir lazily creates the directory for spooled upload bodies (removed by Close).
func (s *Server) tempDir() (string, error) {
	s.tmpOnce.Do(func() {
		s.tmpDir, s.tmpErr = os.MkdirTemp(s.opts.DataDir, "lakefs-testserver-")
	})
	return s.tmpDir, s.tmpErr
}

// randFloat uses the seeded generator (faults, ids) under its own lock.
func (s *Server) randFloat() float64 {
	s.rngMu.Lock()
	defer s.rngMu.Unlock()
	return s.rng.Float64()
}

// randBytes is for ids; it does not use the seeded generator so that fault
// decisions stay deterministic whatever number of ids were created.
func (s *Server) randBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = crand.Read(b)
	return b
}

func (s *Server) randBytesUnseeded(n int) []byte { return s.randBytes(n) }

var _ http.Handler = (*Server)(nil)
