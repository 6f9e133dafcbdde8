package testserver_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

func TestContractUploadAndStat(t *testing.T) {
	tg, repo, base := targetWithRepo(t)

	r := tg.upload(repo, "main", "dir/a.txt", "hello world\n", hdr("Content-Type", "text/plain; charset=utf-8"),
		hdr("X-Lakefs-Meta-CamelKey", "v2"), hdr("X-Lakefs-Meta-Foo", "Bar"))
	expect(t, r, 201, "")
	m := r.obj(t)
	if m["checksum"] != "6f5902ac237024bdd0c176cb93063dc4" || m["content_type"] != "text/plain; charset=utf-8" ||
		m["size_bytes"] != float64(12) || m["path_type"] != "object" || m["path"] != "dir/a.txt" {
		t.Fatalf("upload %s", r.body)
	}
	md := m["metadata"].(map[string]any)
	if md["camelkey"] != "v2" || md["foo"] != "Bar" {
		t.Fatalf("metadata %v", md)
	}
	if pa := m["physical_address"].(string); !strings.HasPrefix(pa, "local://") {
		t.Fatalf("physical address %q", pa)
	}

	t.Run("empty body and default content type", func(t *testing.T) {
		r := tg.do("POST", base+"/branches/main/objects?path=empty", nil)
		expect(t, r, 201, "")
		m := r.obj(t)
		if m["checksum"] != "d41d8cd98f00b204e9800998ecf8427e" || m["size_bytes"] != float64(0) || m["content_type"] != "application/octet-stream" {
			t.Fatalf("%s", r.body)
		}
		if md, ok := m["metadata"].(map[string]any); !ok || len(md) != 0 {
			t.Fatalf("metadata must be {}: %s", r.body)
		}
	})
	t.Run("multipart form", func(t *testing.T) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("other", "skip me")
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{`form-data; name="content"; filename="f.csv"`}
		h["Content-Type"] = []string{"text/csv"}
		pw, _ := mw.CreatePart(h)
		_, _ = pw.Write([]byte("a,b\n"))
		_ = mw.Close()
		r := tg.do("POST", base+"/branches/main/objects?path=form.csv", buf.Bytes(), hdr("Content-Type", mw.FormDataContentType()))
		expect(t, r, 201, "")
		if m := r.obj(t); m["content_type"] != "text/csv" || m["size_bytes"] != float64(4) {
			t.Fatalf("%s", r.body)
		}
		var empty bytes.Buffer
		mw = multipart.NewWriter(&empty)
		_ = mw.WriteField("other", "x")
		_ = mw.Close()
		expect(t, tg.do("POST", base+"/branches/main/objects?path=nocontent", empty.Bytes(), hdr("Content-Type", mw.FormDataContentType())),
			500, "multipart upload missing key 'content': http: no such file")
	})
	t.Run("preconditions", func(t *testing.T) {
		expect(t, tg.upload(repo, "main", "dir/a.txt", "x", hdr("If-None-Match", "*")), 412, "path already exists")
		expect(t, tg.upload(repo, "main", "new-one", "x", hdr("If-None-Match", "*")), 201, "")
		expect(t, tg.upload(repo, "main", "new-two", "x", hdr("If-None-Match", `"abc"`)), 501, "")
		expect(t, tg.upload(repo, "main", "new-two", "x", hdr("If-Match", "*")), 501, "")
	})
	t.Run("missing branch and repo", func(t *testing.T) {
		expect(t, tg.upload(repo, "nope", "x", "x"), 404, "branch 'nope' not found")
		expect(t, tg.upload(randName("nope-"), "main", "x", "x"), 404, "repository not found")
	})
	t.Run("stat", func(t *testing.T) {
		r := tg.do("GET", base+"/refs/main/objects/stat?path=dir/a.txt", nil)
		expect(t, r, 200, "")
		if r.obj(t)["metadata"].(map[string]any)["foo"] != "Bar" {
			t.Fatalf("%s", r.body)
		}
		r = tg.do("GET", base+"/refs/main/objects/stat?path=dir/a.txt&user_metadata=false", nil)
		if md, ok := r.obj(t)["metadata"].(map[string]any); !ok || len(md) != 0 {
			t.Fatalf("user_metadata=false: %s", r.body)
		}
		expect(t, tg.do("GET", base+"/refs/main/objects/stat?path=none", nil), 404, "not found")
		expect(t, tg.do("GET", base+"/refs/nope/objects/stat?path=dir/a.txt", nil), 404, "not found")
		if strings.HasPrefix(tg.nsPrefix, "local://") {
			expect(t, tg.do("GET", base+"/refs/main/objects/stat?path=dir/a.txt&presign=true", nil), 400, "local adapter presigned URL: operation not supported")
		}
	})
	t.Run("read-only repo", func(t *testing.T) {
		ro := tg.newRepo(map[string]any{"read_only": true})
		expect(t, tg.upload(ro, "main", "x", "x"), 403, "read-only repository")
		expect(t, tg.do("POST", "/repositories/"+ro+"/branches/main/objects?path=x&force=true", "x"), 201, "")
	})
	t.Run("path length", func(t *testing.T) {
		expect(t, tg.upload(repo, "main", strings.Repeat("p", 1024), "x"), 201, "")
		expect(t, tg.upload(repo, "main", strings.Repeat("p", 1025), "x"), 400, "")
	})
}

func TestContractGetHeadObject(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	up := tg.upload(repo, "main", "f.txt", "hello world\n", hdr("Content-Type", "text/plain"))
	sum := up.obj(t)["checksum"].(string)

	r := tg.do("GET", base+"/refs/main/objects?path=f.txt", nil)
	expect(t, r, 200, "")
	if string(r.body) != "hello world\n" || r.header.Get("ETag") != `"`+sum+`"` || r.header.Get("Last-Modified") == "" ||
		r.header.Get("Content-Type") != "text/plain" || r.header.Get("Content-Disposition") != "inline" {
		t.Fatalf("get: %v %q", r.header, r.body)
	}
	r = tg.do("GET", base+"/refs/main/objects?path=f.txt", nil, hdr("Range", "bytes=0-4"))
	expect(t, r, 206, "")
	if string(r.body) != "hello" || r.header.Get("Content-Range") != "bytes 0-4/12" {
		t.Fatalf("range: %v %q", r.header, r.body)
	}
	r = tg.do("GET", base+"/refs/main/objects?path=f.txt", nil, hdr("Range", "bytes=100-200"))
	expect(t, r, 416, "Requested Range Not Satisfiable")
	if r.header.Get("Content-Range") != "bytes */12" {
		t.Fatalf("416 content-range %q", r.header.Get("Content-Range"))
	}
	r = tg.do("GET", base+"/refs/main/objects?path=f.txt", nil, hdr("If-None-Match", `"`+sum+`"`))
	expect(t, r, 304, "")
	if len(r.body) != 0 {
		t.Fatal("304 with body")
	}
	expect(t, tg.do("GET", base+"/refs/main/objects?path=nope", nil), 404, "not found")

	r = tg.do("HEAD", base+"/refs/main/objects?path=f.txt", nil)
	expect(t, r, 200, "")
	if r.header.Get("Content-Length") != "12" || r.header.Get("ETag") == "" {
		t.Fatalf("head %v", r.header)
	}
	r = tg.do("HEAD", base+"/refs/main/objects?path=nope", nil)
	if r.status != 404 || len(r.body) != 0 {
		t.Fatalf("head 404: %d %q", r.status, r.body)
	}

	up2 := tg.upload(repo, "main", "g.txt", "x", hdr("Content-Type", "text/plain; charset=utf-8"))
	expect(t, up2, 201, "")
	if d := tg.do("GET", base+"/refs/main/objects?path=g.txt", nil).header.Get("Content-Disposition"); d != "attachment" {
		t.Fatalf("disposition %q", d)
	}
}

func TestContractDeleteAndList(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	for _, p := range []string{"a/1", "a/2", "b/1", "c", "d"} {
		expect(t, tg.upload(repo, "main", p, p), 201, "")
	}
	tg.upload(repo, "main", "meta", "m", hdr("X-Lakefs-Meta-K", "v"))

	r := tg.do("GET", base+"/refs/main/objects/ls?delimiter=/", nil)
	expect(t, r, 200, "")
	res := r.obj(t)["results"].([]any)
	var paths []string
	for _, it := range res {
		paths = append(paths, it.(map[string]any)["path"].(string))
	}
	if strings.Join(paths, ",") != "a/,b/,c,d,meta" {
		t.Fatalf("paths %v", paths)
	}
	cp := res[0].(map[string]any)
	if cp["path_type"] != "common_prefix" || cp["checksum"] != "" || cp["mtime"] != float64(0) || cp["physical_address"] != "" {
		t.Fatalf("common prefix %v", cp)
	}
	for _, k := range []string{"size_bytes", "content_type", "metadata"} {
		if _, ok := cp[k]; ok {
			t.Fatalf("common prefix has %s", k)
		}
	}
	if _, ok := res[2].(map[string]any)["metadata"]; ok {
		t.Fatalf("empty metadata must be omitted in list: %v", res[2])
	}
	if res[4].(map[string]any)["metadata"].(map[string]any)["k"] != "v" {
		t.Fatalf("metadata %v", res[4])
	}
	r = tg.do("GET", base+"/refs/main/objects/ls?delimiter=/&amount=2", nil)
	p := r.obj(t)["pagination"].(map[string]any)
	if p["has_more"] != true || p["next_offset"] != "b/" {
		t.Fatalf("page %s", r.body)
	}
	r = tg.do("GET", base+"/refs/main/objects/ls?delimiter=/&after=b/", nil)
	if res := r.obj(t)["results"].([]any); len(res) != 3 || res[0].(map[string]any)["path"] != "c" {
		t.Fatalf("after %s", r.body)
	}
	r = tg.do("GET", base+"/refs/main/objects/ls?prefix=a/", nil)
	if res := r.obj(t)["results"].([]any); len(res) != 2 {
		t.Fatalf("prefix %s", r.body)
	}
	expect(t, tg.do("GET", base+"/refs/nope/objects/ls", nil), 404, "not found")

	tg.commitOK(repo, "main", "c1")
	expect(t, tg.do("DELETE", base+"/branches/main/objects?path=c", nil), 204, "")
	expect(t, tg.do("DELETE", base+"/branches/main/objects?path=never", nil), 204, "")
	expect(t, tg.do("DELETE", base+"/branches/nope/objects?path=c", nil), 404, "branch not found")
	expect(t, tg.do("GET", base+"/refs/main/objects/stat?path=c", nil), 404, "not found")
	expect(t, tg.do("GET", base+"/refs/main@/objects/stat?path=c", nil), 200, "")
	tg.upload(repo, "main", "tmp", "t")
	expect(t, tg.do("DELETE", base+"/branches/main/objects?path=tmp", nil), 204, "")
	d := tg.do("GET", base+"/branches/main/diff", nil).obj(t)["results"].([]any)
	if len(d) != 1 || d[0].(map[string]any)["type"] != "removed" || d[0].(map[string]any)["size_bytes"] != float64(0) {
		t.Fatalf("diff %v", d)
	}
}

func TestContractUpdateUserMetadata(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	tg.upload(repo, "main", "dir/raw.bin", "raw", hdr("X-Lakefs-Meta-Old", "1"))
	c := tg.commitOK(repo, "main", "c")["id"].(string)
	put := func(branch, path string, set map[string]any) response {
		return tg.do("PUT", "/repositories/"+repo+"/branches/"+branch+"/objects/stat/user_metadata?path="+q(path), map[string]any{"set": set})
	}
	expect(t, put("main", "dir/raw.bin", map[string]any{"NewKey": "NewVal", "x-amz-meta-Foo": "q"}), 204, "")
	md := tg.do("GET", base+"/refs/main/objects/stat?path=dir/raw.bin", nil).obj(t)["metadata"].(map[string]any)
	if len(md) != 2 || md["NewKey"] != "NewVal" || md["x-amz-meta-Foo"] != "q" {
		t.Fatalf("metadata %v", md)
	}
	old := tg.do("GET", base+"/refs/"+c+"/objects/stat?path=dir/raw.bin", nil).obj(t)["metadata"].(map[string]any)
	if old["old"] != "1" {
		t.Fatalf("commit metadata %v", old)
	}
	d := tg.do("GET", base+"/branches/main/diff", nil).obj(t)["results"].([]any)
	if len(d) != 1 || d[0].(map[string]any)["type"] != "changed" {
		t.Fatalf("diff %v", d)
	}
	expect(t, put("main", "dir/raw.bin", map[string]any{}), 204, "")
	if md := tg.do("GET", base+"/refs/main/objects/stat?path=dir/raw.bin", nil).obj(t)["metadata"].(map[string]any); len(md) != 0 {
		t.Fatalf("cleared %v", md)
	}
	expect(t, put("main", "dir/none", map[string]any{}), 404, "update user metadata on "+repo+"/main/dir/none: not found")
	expect(t, put("nope", "dir/raw.bin", map[string]any{}), 404, "branch not found")
	expect(t, tg.do("PUT", "/repositories/"+randName("nope-")+"/branches/main/objects/stat/user_metadata?path=x", map[string]any{"set": map[string]any{}}), 204, "")
	ro := tg.newRepo(map[string]any{"read_only": true})
	expect(t, tg.do("POST", "/repositories/"+ro+"/branches/main/objects?path=x&force=true", "x"), 201, "")
	expect(t, tg.do("PUT", "/repositories/"+ro+"/branches/main/objects/stat/user_metadata?path=x", map[string]any{"set": map[string]any{}}), 403, "read-only repository")
	_ = http.MethodGet
}
