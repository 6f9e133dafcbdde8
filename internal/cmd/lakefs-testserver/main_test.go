package main

import "testing"

func TestCheckLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:0": true, "localhost:8000": true, "[::1]:0": true, "127.0.0.2:1": true,
		"0.0.0.0:0": false, ":8000": false, "10.0.0.1:80": false, "example.com:80": false,
	} {
		if err := checkLoopback(addr); (err == nil) != ok {
			t.Errorf("%s: %v", addr, err)
		}
	}
}

func TestShellQuote(t *testing.T) {
	if got := shellQuote("a'b"); got != `'a'\''b'` {
		t.Fatal(got)
	}
}
