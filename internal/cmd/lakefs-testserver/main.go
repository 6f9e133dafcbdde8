// Command lakefs-testserver runs the in-memory lakeFS double on a loopback address.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "lakefs-testserver:", err)
		os.Exit(1)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:0", "loopback address to listen on")
	edition := flag.String("edition", "oss", "oss or enterprise")
	presigned := flag.Bool("presigned-multipart", false, "advertise and serve presigned multipart uploads")
	envFile := flag.String("env-file", "", "write LAKEFS_* variables to this file (shell-sourceable)")
	flag.Parse()

	ed := testserver.Edition(*edition)
	if ed != testserver.EditionOSS && ed != testserver.EditionEnterprise {
		return fmt.Errorf("unknown edition %q", *edition)
	}
	if err := checkLoopback(*listen); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	srv := testserver.New(testserver.Options{Edition: ed, PresignedMultipart: *presigned})
	defer srv.Close()
	endpoint := "http://" + ln.Addr().String()
	fmt.Printf("endpoint=%s\naccess_key_id=%s\nsecret_access_key=%s\n", endpoint, srv.AccessKeyID(), srv.SecretAccessKey())
	if *envFile != "" {
		content := fmt.Sprintf("LAKEFS_ENDPOINT=%s\nLAKEFS_ACCESS_KEY_ID=%s\nLAKEFS_SECRET_ACCESS_KEY=%s\n",
			shellQuote(endpoint), shellQuote(srv.AccessKeyID()), shellQuote(srv.SecretAccessKey()))
		if err := os.WriteFile(*envFile, []byte(content), 0o600); err != nil {
			return err
		}
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errCh := make(chan error, 1)
	go func() { errCh <- hs.Serve(ln) }()

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-sig:
	case err := <-errCh:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return hs.Shutdown(ctx)
}

// checkLoopback refuses to expose the double beyond this machine.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing non-loopback listen address %q", addr)
	}
	return nil
}

func shellQuote(s string) string {
	out := "'"
	for _, r := range s {
		if r == '\'' {
			out += `'\''`
		} else {
			out += string(r)
		}
	}
	return out + "'"
}
