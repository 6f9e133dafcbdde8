package provider

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func strPtr(s string) *string { return &s }

func showPath(p *string) string {
	if p == nil {
		return "<no path>"
	}
	return "\"" + *p + "\""
}

// TestParseLakeFSURI covers lakeFS's own pkg/uri test table (v1.84.0) and the cases lakeFS reads in a way
// worth pinning: what it decodes, what it keeps as is, and what it accepts that we refuse.
func TestParseLakeFSURI(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in        string
		repo, ref string
		path      *string
		err       string // substring of the error; "" when the URI is valid
	}{
		// lakeFS's pkg/uri TestParse.
		{in: "lakefs://foo/bar/baz", repo: "foo", ref: "bar", path: strPtr("baz")},
		{in: "lakefs://foo/bar/baz/path", repo: "foo", ref: "bar", path: strPtr("baz/path")},
		{in: "lakefs://foo/bar/baz/path@withappendix.foo", repo: "foo", ref: "bar", path: strPtr("baz/path@withappendix.foo")},
		{in: "lakefs://fo-o/bar/baz/path@withappendix.foo", repo: "fo-o", ref: "bar", path: strPtr("baz/path@withappendix.foo")},
		{in: "lakefs://foo", repo: "foo"},
		{in: "lakefs://foo/bar/", repo: "foo", ref: "bar", path: strPtr("")},
		{in: "lakefs://foo/bar//", repo: "foo", ref: "bar", path: strPtr("/")},
		{in: "lakefs://foo/bar", repo: "foo", ref: "bar"},
		{in: "lakefs://foo@bar", err: "user information"},
		{in: "lakefs://foo@bar/baz", err: "user information"},
		{in: "lakefssss://foo/bar/baz", err: `must start with "lakefs://"`},
		{in: "lakefs:/foo/bar/baz", err: `must start with "lakefs://"`},
		{in: "lakefs//foo/bar/baz", err: `must start with "lakefs://"`},
		{in: "lekefs://foo/bar/baz", err: `must start with "lakefs://"`},

		// A repository alone, "lakefs://repo/" as lakeFS reads it.
		{in: "lakefs://repo/", repo: "repo"},
		// Paths as they are: spaces, unicode, "directories", "+", "@", "~".
		{in: "lakefs://repo/main/a b/c d.txt", repo: "repo", ref: "main", path: strPtr("a b/c d.txt")},
		{in: "lakefs://repo/main/日本語/ü.csv", repo: "repo", ref: "main", path: strPtr("日本語/ü.csv")},
		{in: "lakefs://repo/main/dir/", repo: "repo", ref: "main", path: strPtr("dir/")},
		{in: "lakefs://repo/main/dir/sub/", repo: "repo", ref: "main", path: strPtr("dir/sub/")},
		{in: "lakefs://repo/main/a+b~c=d,e;f'g", repo: "repo", ref: "main", path: strPtr("a+b~c=d,e;f'g")},
		// Ref expressions and commit ids.
		{in: "lakefs://repo/main~1/x", repo: "repo", ref: "main~1", path: strPtr("x")},
		{in: "lakefs://repo/abc123^2/x/", repo: "repo", ref: "abc123^2", path: strPtr("x/")},
		{in: "lakefs://repo/main~", repo: "repo", ref: "main~"},
		{in: "lakefs://repo/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678abcdef0123456789abcdef0123/data.csv",
			repo: "repo", ref: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678abcdef0123456789abcdef0123", path: strPtr("data.csv")},
		{in: "lakefs://repo/v1.0.0/", repo: "repo", ref: "v1.0.0", path: strPtr("")},
		// Percent-escapes are decoded, as net/url decodes them for lakeFS; "%2F" is a "/" before the split.
		{in: "lakefs://repo/main/a%20b", repo: "repo", ref: "main", path: strPtr("a b")},
		{in: "lakefs://repo/main/100%25/%3F%23", repo: "repo", ref: "main", path: strPtr("100%/?#")},
		{in: "lakefs://repo/main%7E1/x", repo: "repo", ref: "main~1", path: strPtr("x")},
		{in: "lakefs://repo/a%2Fb/c", repo: "repo", ref: "a", path: strPtr("b/c")},
		{in: "lakefs://repo/main/a%zz", err: `invalid URL escape "%zz"`},
		// The scheme is case-insensitive, as in net/url.
		{in: "LAKEFS://repo/main/x", repo: "repo", ref: "main", path: strPtr("x")},

		// Missing or invalid repository.
		{in: "lakefs://", err: "the repository is missing"},
		{in: "lakefs:///main/x", err: "the repository is missing"},
		{in: "lakefs://Repo/main", err: `"Repo" is not a valid repository name`},
		{in: "lakefs://ab/main", err: `"ab" is not a valid repository name`},
		{in: "lakefs://re po/main", err: `invalid character " " in host name`},
		// lakeFS drops these silently; we refuse them.
		{in: "lakefs://repo:8000/main/x", err: `"repo:8000" is not a valid repository name`},
		{in: "lakefs://repo/main/a?b", err: `"?" starts a URL query or fragment`},
		{in: "lakefs://repo/main/a#b", err: `"#" starts a URL query or fragment`},
		{in: "lakefs://repo//x", err: `it has a path ("x") but an empty ref`},
		// Invalid ref, invalid scheme, not a URI.
		{in: "lakefs://repo/ma%20in/x", err: `"ma in" is not a valid ref`},
		{in: "lakefs://repo/main/a\nb", err: "invalid control character"},
		{in: "s3://repo/main/x", err: `must start with "lakefs://"`},
		{in: "lakefs:repo/main", err: `must start with "lakefs://"`},
		{in: " lakefs://repo/main", err: `must start with "lakefs://"`},
		{in: "repo/main/x", err: `must start with "lakefs://"`},
		{in: "", err: `must start with "lakefs://"`},
	}
	for _, tc := range cases {
		got, err := parseLakeFSURI(tc.in)
		if tc.err != "" {
			if err == nil {
				t.Errorf("parse(%q) = %+v (path %s), want an error containing %q", tc.in, got, showPath(got.Path), tc.err)
			} else if !strings.Contains(err.Error(), tc.err) {
				t.Errorf("parse(%q): error %q does not contain %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parse(%q): unexpected error %v", tc.in, err)
			continue
		}
		if got.Repository != tc.repo || got.Ref != tc.ref || showPath(got.Path) != showPath(tc.path) {
			t.Errorf("parse(%q) = {%q %q %s}, want {%q %q %s}", tc.in,
				got.Repository, got.Ref, showPath(got.Path), tc.repo, tc.ref, showPath(tc.path))
		}
	}
}

func TestBuildLakeFSURI(t *testing.T) {
	t.Parallel()
	cases := []struct {
		repo, ref string
		path      *string
		want      string
		errPart   lakeFSURIPart
		err       string
	}{
		// lakeFS's pkg/uri TestURI_String.
		{repo: "foo", ref: "bar", path: strPtr("baz/file.csv"), want: "lakefs://foo/bar/baz/file.csv"},
		{repo: "foo", ref: "bar", path: strPtr(""), want: "lakefs://foo/bar/"},
		{repo: "foo", ref: "bar", want: "lakefs://foo/bar"},
		{repo: "foo", want: "lakefs://foo"},

		{repo: "foo", path: strPtr(""), want: "lakefs://foo"},
		// As they are: spaces, unicode, "/" at the end, ref expressions.
		{repo: "repo", ref: "main", path: strPtr("a b/c d.txt"), want: "lakefs://repo/main/a b/c d.txt"},
		{repo: "repo", ref: "main", path: strPtr("日本語/ü.csv"), want: "lakefs://repo/main/日本語/ü.csv"},
		{repo: "repo", ref: "main", path: strPtr("dir/"), want: "lakefs://repo/main/dir/"},
		{repo: "repo", ref: "main", path: strPtr("/"), want: "lakefs://repo/main//"},
		{repo: "repo", ref: "main~1", path: strPtr("x"), want: "lakefs://repo/main~1/x"},
		{repo: "repo", ref: "abc123^2", path: strPtr(""), want: "lakefs://repo/abc123^2/"},
		{repo: "repo", ref: "main", path: strPtr("a+b@c=d"), want: "lakefs://repo/main/a+b@c=d"},
		// Only what lakeFS's Parse would not read back is encoded.
		{repo: "repo", ref: "main", path: strPtr("100%/a?b#c"), want: "lakefs://repo/main/100%25/a%3Fb%23c"},
		{repo: "repo", ref: "main", path: strPtr("tab\there\nnl\x7f"), want: "lakefs://repo/main/tab%09here%0Anl%7F"},
		{repo: "repo", ref: "a%b", path: strPtr("x"), want: "lakefs://repo/a%25b/x"},

		{repo: "", ref: "main", errPart: uriPartRepository, err: "the repository is missing"},
		{repo: "Repo", ref: "main", errPart: uriPartRepository, err: `"Repo" is not a valid repository name`},
		{repo: "repo/x", ref: "main", errPart: uriPartRepository, err: "is not a valid repository name"},
		{repo: "repo", ref: "ma in", errPart: uriPartRef, err: `"ma in" is not a valid ref`},
		{repo: "repo", ref: "a/b", path: strPtr("x"), errPart: uriPartRef, err: `contains "/"`},
		{repo: "repo", ref: "", path: strPtr("x"), errPart: uriPartRef, err: "a path needs a ref"},
	}
	for _, tc := range cases {
		got, err := buildLakeFSURI(lakeFSURI{Repository: tc.repo, Ref: tc.ref, Path: tc.path})
		if tc.err != "" {
			var partErr *lakeFSURIError
			switch {
			case err == nil:
				t.Errorf("build(%q, %q, %s) = %q, want an error containing %q", tc.repo, tc.ref, showPath(tc.path), got, tc.err)
			case !strings.Contains(err.Error(), tc.err):
				t.Errorf("build(%q, %q, %s): error %q does not contain %q", tc.repo, tc.ref, showPath(tc.path), err, tc.err)
			case !errors.As(err, &partErr) || partErr.Part != tc.errPart:
				t.Errorf("build(%q, %q, %s): error %q is not about part %d", tc.repo, tc.ref, showPath(tc.path), err, tc.errPart)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("build(%q, %q, %s) = %q, %v; want %q", tc.repo, tc.ref, showPath(tc.path), got, err, tc.want)
		}
	}
}

// roundTripSeeds are parts that must come back unchanged from parse(build(x)).
var roundTripSeeds = []lakeFSURI{
	{Repository: "repo"},
	{Repository: "repo", Ref: "main"},
	{Repository: "repo", Ref: "main", Path: strPtr("")},
	{Repository: "repo", Ref: "main", Path: strPtr("a b/c d.txt")},
	{Repository: "repo", Ref: "main", Path: strPtr("日本語/ü.csv")},
	{Repository: "repo", Ref: "main", Path: strPtr("dir/")},
	{Repository: "repo", Ref: "main", Path: strPtr("//a//b//")},
	{Repository: "repo", Ref: "main~1", Path: strPtr("x")},
	{Repository: "repo", Ref: "abc123^2", Path: strPtr("x/")},
	{Repository: "repo", Ref: "a1b2c3d4e5f60718293a4b5c6d7e8f90", Path: strPtr("data.csv")},
	{Repository: "my-repo-01", Ref: "feature_x-1", Path: strPtr("100%/a%20b?c=d#e&f")},
	{Repository: "repo", Ref: "main", Path: strPtr("ctl\x00\x01\t\n\r\x1f\x7f")},
	{Repository: "repo", Ref: "%41?#", Path: strPtr("%2F")},
	{Repository: "repo", Ref: "main", Path: strPtr("\u00a0 nbsp \u2028 ls \ufeff bom")},
}

func checkRoundTrip(t *testing.T, x lakeFSURI) {
	t.Helper()
	s, err := buildLakeFSURI(x)
	if err != nil {
		t.Fatalf("build(%q, %q, %s): %v", x.Repository, x.Ref, showPath(x.Path), err)
	}
	got, err := parseLakeFSURI(s)
	if err != nil {
		t.Fatalf("parse(build(%q, %q, %s)) = parse(%q): %v", x.Repository, x.Ref, showPath(x.Path), s, err)
	}
	if got.Repository != x.Repository || got.Ref != x.Ref || showPath(got.Path) != showPath(x.Path) {
		t.Fatalf("parse(build(%q, %q, %s)) = parse(%q) = {%q %q %s}", x.Repository, x.Ref, showPath(x.Path), s,
			got.Repository, got.Ref, showPath(got.Path))
	}
}

func TestLakeFSURIRoundTrip(t *testing.T) {
	t.Parallel()
	for _, x := range roundTripSeeds {
		checkRoundTrip(t, x)
	}
}

// FuzzLakeFSURIRoundTrip runs its seeds with go test; `go test -fuzz FuzzLakeFSURIRoundTrip` explores further.
func FuzzLakeFSURIRoundTrip(f *testing.F) {
	for _, x := range roundTripSeeds {
		f.Add(x.Repository, x.Ref, x.PathString(), x.Path != nil)
	}
	f.Fuzz(func(t *testing.T, repo, ref, path string, hasPath bool) {
		x := lakeFSURI{Repository: repo, Ref: ref}
		if hasPath {
			x.Path = &path
		}
		if _, err := buildLakeFSURI(x); err != nil {
			return // parts lakeFS refuses
		}
		if ref == "" {
			x.Path = nil // a repository URI has no path part
		}
		checkRoundTrip(t, x)
	})
}

// TestURIFunctionsRun calls the functions as Terraform does, for their results and which argument an error
// names.
func TestURIFunctionsRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	run := func(f function.Function, ret attr.Value, args ...attr.Value) function.RunResponse {
		resp := function.RunResponse{Result: function.NewResultData(ret)}
		f.Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData(args)}, &resp)
		return resp
	}
	wantArgError := func(t *testing.T, resp function.RunResponse, arg int64, text string) {
		t.Helper()
		switch {
		case resp.Error == nil:
			t.Fatalf("no error, want one about argument %d containing %q", arg, text)
		case resp.Error.FunctionArgument == nil || *resp.Error.FunctionArgument != arg:
			t.Fatalf("error %q is not about argument %d", resp.Error.Text, arg)
		case !strings.Contains(resp.Error.Text, text):
			t.Fatalf("error %q does not contain %q", resp.Error.Text, text)
		}
	}
	emptyObject := types.ObjectUnknown(parsedURIAttributeTypes)

	t.Run("parse_uri", func(t *testing.T) {
		resp := run(NewParseURIFunction(), emptyObject, types.StringValue("lakefs://repo/main~1/dir/a b.txt"))
		if resp.Error != nil {
			t.Fatal(resp.Error)
		}
		want := types.ObjectValueMust(parsedURIAttributeTypes, map[string]attr.Value{
			"repository": types.StringValue("repo"), "ref": types.StringValue("main~1"), "path": types.StringValue("dir/a b.txt"),
		})
		if got := resp.Result.Value(); !got.Equal(want) {
			t.Fatalf("got %s, want %s", got, want)
		}
		resp = run(NewParseURIFunction(), emptyObject, types.StringValue("lakefs://repo/main"))
		if got := resp.Result.Value().(types.Object).Attributes()["path"]; !got.Equal(types.StringValue("")) {
			t.Fatalf("path of a ref URI: got %s, want \"\"", got)
		}
		wantArgError(t, run(NewParseURIFunction(), emptyObject, types.StringValue("s3://repo/main")), 0, `must start with "lakefs://"`)
	})

	t.Run("build_uri", func(t *testing.T) {
		build := func(repo, ref, path string) function.RunResponse {
			return run(NewBuildURIFunction(), types.StringUnknown(), types.StringValue(repo), types.StringValue(ref), types.StringValue(path))
		}
		for _, tc := range []struct{ ref, path, want string }{
			{"main", "dir/", "lakefs://repo/main/dir/"},
			{"main", "", "lakefs://repo/main/"},
			{"", "", "lakefs://repo"},
		} {
			resp := build("repo", tc.ref, tc.path)
			if resp.Error != nil {
				t.Fatal(resp.Error)
			}
			if got := resp.Result.Value(); !got.Equal(types.StringValue(tc.want)) {
				t.Fatalf("ref %q path %q: got %s, want %q", tc.ref, tc.path, got, tc.want)
			}
		}
		wantArgError(t, build("Bad", "main", "x"), 0, "not a valid repository name")
		wantArgError(t, build("repo", "ma in", "x"), 1, "not a valid ref")
		wantArgError(t, build("repo", "", "x"), 1, "a path needs a ref")
	})
}
