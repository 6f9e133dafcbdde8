package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

const providerVersion = "0.1.0"

// terraform runs the Terraform binary with a CLI configuration that installs the provider from a local mirror.
type terraform struct {
	bin    string
	rcFile string
	cache  string // plugin cache: init links the provider instead of copying it into every working directory
}

func newTerraform(bin, providerBin, work string) (*terraform, error) {
	mirror := filepath.Join(work, "mirror")
	platform := runtime.GOOS + "_" + runtime.GOARCH
	dir := filepath.Join(mirror, "registry.terraform.io", "lakefs-tf", "lakefs", providerVersion, platform)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := copyFile(providerBin, filepath.Join(dir, "terraform-provider-lakefs_v"+providerVersion), 0o755); err != nil {
		return nil, err
	}
	cache := filepath.Join(work, "plugin-cache")
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return nil, err
	}
	rc := filepath.Join(work, "terraformrc")
	content := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [\"registry.terraform.io/lakefs-tf/lakefs\"]\n  }\n}\n", mirror)
	if err := os.WriteFile(rc, []byte(content), 0o644); err != nil {
		return nil, err
	}
	return &terraform{bin: bin, rcFile: rc, cache: cache}, nil
}

func copyFile(src, dst string, mode os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// result is one Terraform run.
type result struct {
	wall     time.Duration
	exitCode int
	output   string
	peakRSS  int64 // bytes, VmHWM of the provider plugin process (when asked for)
	// CPU (user + system) of the provider plugin processes and of Terraform itself (when asked for; see cpu.go).
	providerCPU, terraformCPU time.Duration
}

// workspace is a working directory with its configuration and the lakeFS credentials for the provider.
type workspace struct {
	tf  *terraform
	dir string
	env []string
}

func (t *terraform) workspace(dir, config string, env ...string) (*workspace, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644); err != nil {
		return nil, err
	}
	w := &workspace{tf: t, dir: dir, env: env}
	if _, err := w.run(context.Background(), false, "init", "-input=false", "-no-color"); err != nil {
		return nil, err
	}
	return w, nil
}

// run runs one Terraform command and fails on a non-zero exit, except 2 for `plan -detailed-exitcode`.
// With watchRSS it polls the provider plugin's peak resident set size while Terraform runs.
func (w *workspace) run(ctx context.Context, watchRSS bool, args ...string) (result, error) {
	cmd := exec.CommandContext(ctx, w.tf.bin, args...)
	cmd.Dir = w.dir
	cmd.Env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+w.tf.rcFile, "TF_PLUGIN_CACHE_DIR="+w.tf.cache,
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_LOG=")
	cmd.Env = append(cmd.Env, w.env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	var peak int64
	cpu := map[int]time.Duration{}
	stop := make(chan struct{})
	done := make(chan struct{})
	if watchRSS {
		go func() {
			defer close(done)
			t := time.NewTicker(50 * time.Millisecond)
			defer t.Stop()
			for {
				if v := providerPeakRSS(cmd.Process.Pid); v > peak {
					peak = v
				}
				providerCPU(cmd.Process.Pid, cpu)
				select {
				case <-stop:
					return
				case <-t.C:
				}
			}
		}()
	} else {
		close(done)
	}
	err := cmd.Wait()
	wall := time.Since(start)
	close(stop)
	<-done
	res := result{wall: wall, output: out.String(), peakRSS: peak}
	if cmd.ProcessState != nil {
		res.exitCode = cmd.ProcessState.ExitCode()
		for _, d := range cpu {
			res.providerCPU += d
		}
		// Terraform's rusage includes the plugin processes it waited for.
		res.terraformCPU = max(0, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime()-res.providerCPU)
	}
	if err != nil && (res.exitCode != 2 || !slices.Contains(args, "-detailed-exitcode")) {
		return res, fmt.Errorf("terraform %s in %s: %v\n%s", strings.Join(args, " "), w.dir, err, tail(res.output, 4000))
	}
	return res, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// providerPeakRSS is the largest VmHWM among the provider plugin processes Terraform started (its children
// named terraform-provider-*). VmHWM is the kernel's own high-water mark, so polling only has to see the
// process once before it exits.
func providerPeakRSS(terraformPID int) int64 {
	var peak int64
	for _, proc := range providerProcesses(terraformPID) {
		if v := vmHWM(proc.pid); v > peak {
			peak = v
		}
	}
	return peak
}

// providerProcess is a provider plugin process and the fields of its /proc/<pid>/stat after "(comm)".
type providerProcess struct {
	pid  int
	stat []string // state ppid pgrp ...: stat[11] is utime, stat[12] stime
}

// providerProcesses lists the provider plugin processes Terraform started (its children named terraform-provider-*).
func providerProcesses(terraformPID int) []providerProcess {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []providerProcess
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so parse after the last ')'.
		s := string(stat)
		open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || closing < 0 || !strings.HasPrefix(s[open+1:closing], "terraform-provi") {
			continue
		}
		fields := strings.Fields(s[closing+1:])
		if len(fields) < 13 {
			continue
		}
		if ppid, _ := strconv.Atoi(fields[1]); ppid != terraformPID {
			continue
		}
		out = append(out, providerProcess{pid: pid, stat: fields})
	}
	return out
}

func vmHWM(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}
