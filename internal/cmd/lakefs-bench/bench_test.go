package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	if got := median([]time.Duration{3, 1, 2}); got != 2 {
		t.Errorf("odd: %v", got)
	}
	if got := median([]time.Duration{4, 1, 3, 2}); got != 2 {
		t.Errorf("even: %v", got) // (2+3)/2 in integer nanoseconds
	}
	if got := median([]float64{5, 1, 9}); got != 5 {
		t.Errorf("float: %v", got)
	}
}

func TestSplitKeepsN(t *testing.T) {
	for _, n := range []int{100, 300, 1000} {
		p, m, e := split(n)
		if p+m+e != n || p < m || m != e {
			t.Errorf("split(%d) = %d, %d, %d", n, p, m, e)
		}
	}
}

func TestThroughputBound(t *testing.T) {
	r := throughputResult{latency: 20 * time.Millisecond, requests: 3 * throughputCreates}
	if got := r.bound(); got < 166.6 || got > 166.7 {
		t.Errorf("bound %v, want 10 / (3 x 20 ms) = 166.7 ops/s", got)
	}
}

// vmHWM reads this very process's high-water mark, which is never zero.
func TestVmHWM(t *testing.T) {
	if got := vmHWM(os.Getpid()); got <= 0 {
		t.Errorf("VmHWM of self = %d", got)
	}
	if got := providerPeakRSS(os.Getpid()); got != 0 {
		t.Errorf("no provider child, got %d", got)
	}
}

// providerProcesses finds a child of this process named like a provider plugin, and providerCPU reads its CPU.
func TestProviderProcesses(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "terraform-provider-test")
	if err := copyFile("/bin/sleep", bin, 0o755); err != nil {
		t.Skip("no /bin/sleep:", err)
	}
	cmd := exec.Command(bin, "5")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	procs := providerProcesses(os.Getpid())
	if len(procs) != 1 || procs[0].pid != cmd.Process.Pid {
		t.Fatalf("providerProcesses = %+v, want the child %d", procs, cmd.Process.Pid)
	}
	seen := map[int]time.Duration{}
	providerCPU(os.Getpid(), seen)
	if _, ok := seen[cmd.Process.Pid]; !ok {
		t.Errorf("providerCPU did not see the child: %v", seen)
	}
}
