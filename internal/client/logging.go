package client

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// logSubsystem groups the client's log lines; TF_LOG_PROVIDER_LAKEFS_CLIENT sets its level.
const logSubsystem = "lakefs_client"

// Logging says what was asked and how it went: operation, method, path, status, duration and attempt.
// Headers, query strings and bodies are never logged: they carry credentials, tokens, identity tokens
// and presigned URL signatures.

type attemptKey struct{}

// attemptInfo is shared by the request and response hooks of one logical request.
type attemptInfo struct {
	operation string
	external  bool // a presigned object-store URL: its path is not logged either
	started   time.Time
}

func withAttemptInfo(ctx context.Context, operation string, external bool) context.Context {
	return context.WithValue(ctx, attemptKey{}, &attemptInfo{operation: operation, external: external})
}

// logLevelEnv sets the level of the client's subsystem logger (like TF_LOG_PROVIDER for the provider's root logger).
const logLevelEnv = "TF_LOG_PROVIDER_LAKEFS_CLIENT"

// withLogging creates the client's subsystem logger on the request context. Without it, tflog's Subsystem*
// functions create a throwaway logger per line, tagged with a "new_logger_warning" field, and ignore the
// level set by logLevelEnv. Without a provider root logger on ctx (plain unit tests) it is a no-op.
func withLogging(ctx context.Context) context.Context {
	if !clientLogs(hclog.Debug) {
		return ctx
	}
	return tflog.NewSubsystem(ctx, logSubsystem, tflog.WithLevelFromEnv(logLevelEnv))
}

// clientLogs reports whether the client's logger may write a line at level: not when logLevelEnv, or else the
// provider's root level (TF_LOG_PROVIDER_LAKEFS, which main sets to "off" when Terraform reads no provider log),
// is above it. The subsystem logger, the fields and the line then cost nothing: a request would otherwise pay for
// them whatever the level.
func clientLogs(level hclog.Level) bool {
	set := os.Getenv(logLevelEnv)
	if set == "" {
		set = os.Getenv("TF_LOG_PROVIDER_LAKEFS")
	}
	configured := hclog.LevelFromString(set)
	return configured == hclog.NoLevel || configured <= level
}

func (info *attemptInfo) logPath(u *url.URL) string {
	if info.external {
		return "(presigned URL)"
	}
	return u.Path
}

func attemptFrom(ctx context.Context) *attemptInfo {
	info, _ := ctx.Value(attemptKey{}).(*attemptInfo)
	if info == nil {
		info = &attemptInfo{operation: "unknown"}
	}
	return info
}

func logRequest(req *http.Request, retry int) {
	if !clientLogs(hclog.Debug) {
		return
	}
	ctx := req.Context()
	info := attemptFrom(ctx)
	info.started = time.Now()
	fields := map[string]any{
		"operation": info.operation,
		"method":    req.Method,
		"path":      info.logPath(req.URL),
		"attempt":   retry + 1,
	}
	if retry > 0 {
		tflog.SubsystemDebug(ctx, logSubsystem, "retrying lakeFS request", fields)
		return
	}
	tflog.SubsystemTrace(ctx, logSubsystem, "sending lakeFS request", fields)
}

func logResponse(resp *http.Response) {
	if !clientLogs(hclog.Debug) {
		return
	}
	ctx := resp.Request.Context()
	info := attemptFrom(ctx)
	tflog.SubsystemDebug(ctx, logSubsystem, "lakeFS response", map[string]any{
		"operation":   info.operation,
		"method":      resp.Request.Method,
		"path":        info.logPath(resp.Request.URL),
		"status":      resp.StatusCode,
		"duration_ms": time.Since(info.started).Milliseconds(),
		"request_id":  resp.Header.Get("X-Request-Id"),
	})
}
