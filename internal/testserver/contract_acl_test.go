package testserver_test

import (
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// Users, groups, memberships, group ACLs and credentials on lakeFS with an auth server: lakeFS OSS wired to lakeFS's
// ACL server (scripts/lakefs.sh up DIR acl; the double's EditionACL). Against a lakeFS without one (groups answer
// 501) these tests skip: TestContractOSSAuthNotImplemented covers that.
//
// Real lakeFS caches users and credentials for ~20 s: these tests never read a user they deleted (listings are not
// cached), and they never create an id twice.

func aclTarget(t *testing.T) *apiTarget {
	t.Helper()
	tg := newTarget(t, testserver.Options{Edition: testserver.EditionACL})
	if r := tg.do("GET", "/auth/groups?amount=1", nil); r.status == 501 {
		t.Skip("the server has no auth server (groups answer 501): start one with scripts/lakefs.sh up DIR acl")
	}
	return tg
}

var pe = url.PathEscape

// newUser creates a user, deleted at cleanup.
func (tg *apiTarget) newUser(id string) {
	tg.t.Helper()
	expect(tg.t, tg.do("POST", "/auth/users", map[string]any{"id": id}), 201, "")
	tg.t.Cleanup(func() { tg.do("DELETE", "/auth/users/"+pe(id), nil) })
}

// newGroup creates a group, deleted at cleanup.
func (tg *apiTarget) newGroup(id string) {
	tg.t.Helper()
	expect(tg.t, tg.do("POST", "/auth/groups", map[string]any{"id": id}), 201, "")
	tg.t.Cleanup(func() { tg.do("DELETE", "/auth/groups/"+pe(id), nil) })
}

func (tg *apiTarget) me() string {
	tg.t.Helper()
	return tg.do("GET", "/user", nil).obj(tg.t)["user"].(map[string]any)["id"].(string)
}

// page is a decoded listing.
type page struct {
	ids     []string
	results []map[string]any
	hasMore bool
	next    string
	max     float64
	count   float64
}

func (tg *apiTarget) list(path, key string) page {
	tg.t.Helper()
	r := tg.do("GET", path, nil)
	expect(tg.t, r, 200, "")
	m := r.obj(tg.t)
	pg := m["pagination"].(map[string]any)
	p := page{hasMore: pg["has_more"].(bool), next: pg["next_offset"].(string), max: pg["max_per_page"].(float64), count: pg["results"].(float64)}
	for _, it := range m["results"].([]any) {
		obj := it.(map[string]any)
		p.results = append(p.results, obj)
		p.ids = append(p.ids, obj[key].(string))
	}
	return p
}

func sameIDs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("%s: %q, want %q", what, got, want)
	}
}

func keysOf(m map[string]any) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func TestContractACLUsers(t *testing.T) {
	tg := aclTarget(t)
	p := randName("tfu-")
	t.Run("create: 201 with id and creation_date only", func(t *testing.T) {
		r := tg.do("POST", "/auth/users", map[string]any{"id": p + "a", "email": "ignored@example.com", "friendly_name": "ignored"})
		expect(t, r, 201, "")
		t.Cleanup(func() { tg.do("DELETE", "/auth/users/"+pe(p+"a"), nil) })
		if m := r.obj(t); keysOf(m) != "creation_date,id" || m["id"] != p+"a" || m["creation_date"].(float64) <= 0 {
			t.Fatalf("body %s", r.body)
		}
		// email and friendly_name cannot be set: there is no such field in UserCreation, and no update operation.
		r = tg.do("GET", "/auth/users/"+pe(p+"a"), nil)
		expect(t, r, 200, "")
		if m := r.obj(t); keysOf(m) != "creation_date,email,friendly_name,id" || m["email"] != "" || m["friendly_name"] != "" {
			t.Fatalf("body %s", r.body)
		}
		expect(t, tg.do("POST", "/auth/users", map[string]any{"id": p + "a"}), 409, "Already exists")
		expect(t, tg.do("PATCH", "/auth/users/"+pe(p+"a"), map[string]any{"email": "x@example.com"}), 404, "invalid API endpoint")
		expect(t, tg.do("PUT", "/auth/users/"+pe(p+"a"), map[string]any{"email": "x@example.com"}), 404, "invalid API endpoint")
	})
	t.Run("id rules", func(t *testing.T) {
		expect(t, tg.do("POST", "/auth/users", map[string]any{"id": ""}), 400, "invalid request")
		expect(t, tg.do("POST", "/auth/users", map[string]any{"id": p + "/x"}), 400, "invalid request")
		expect(t, tg.do("POST", "/auth/users", nil), 400, "invalid request")
		expect(t, tg.do("POST", "/auth/users", map[string]any{"id": p + "%x"}), 400, "User name cannot contain '%'")
		expect(t, tg.do("POST", "/auth/users", map[string]any{"id": p + "%x"}, noAuth()), 400, "User name cannot contain '%'")
		expect(t, tg.do("POST", "/auth/users", map[string]any{"id": p + "x"}, noAuth()), 401, "error authenticating request")
		r := tg.do("POST", "/auth/users", map[string]any{})
		expect(t, r, 400, "")
		if !strings.HasPrefix(r.msg(), "request body has an error: doesn't match schema") {
			t.Fatalf("message %q", r.msg())
		}
		// Anything else goes: spaces, dots, '@', upper case, non-ASCII.
		for _, id := range []string{p + " B", p + "...", p + ".Ü@x=y?#&", strings.ToUpper(p)} {
			tg.newUser(id)
			r := tg.do("GET", "/auth/users/"+pe(id), nil)
			expect(t, r, 200, "")
			if r.obj(t)["id"] != id {
				t.Fatalf("get %q: %s", id, r.body)
			}
		}
	})
	t.Run("a '+' in a path id reads as a space", func(t *testing.T) {
		// So a user or group whose id has a '+' can be created and listed, but never read, changed or deleted.
		tg.newUser(p + " plus")
		r := tg.do("GET", "/auth/users/"+strings.ReplaceAll(pe(p+"+plus"), "+", "%2B"), nil)
		expect(t, r, 200, "")
		if r.obj(t)["id"] != p+" plus" {
			t.Fatalf("got %s", r.body)
		}
	})
	t.Run("invite: the address as given is id and email", func(t *testing.T) {
		addr := strings.ToUpper(p[:1]) + p[1:] + "@Example.com"
		expect(t, tg.do("POST", "/auth/users", map[string]any{"id": "nope", "invite_user": true}), 400, "Invalid email format")
		r := tg.do("POST", "/auth/users", map[string]any{"id": addr, "invite_user": true})
		expect(t, r, 201, "")
		t.Cleanup(func() { tg.do("DELETE", "/auth/users/"+pe(addr), nil) })
		if m := r.obj(t); m["id"] != addr || m["creation_date"] != float64(0) {
			t.Fatalf("body %s", r.body)
		}
		got := tg.list("/auth/users?prefix="+q(addr), "id")
		if len(got.results) != 1 || got.results[0]["email"] != addr || got.results[0]["creation_date"].(float64) <= 0 {
			t.Fatalf("listed %+v", got.results)
		}
		expect(t, tg.do("POST", "/auth/users", map[string]any{"id": addr, "invite_user": true}), 409, "Already exists")
	})
	t.Run("delete", func(t *testing.T) {
		expect(t, tg.do("POST", "/auth/users", map[string]any{"id": p + "del"}), 201, "")
		expect(t, tg.do("DELETE", "/auth/users/"+pe(p+"del"), nil), 204, "")
		sameIDs(t, "after delete", tg.list("/auth/users?prefix="+q(p+"del"), "id").ids)
		expect(t, tg.do("DELETE", "/auth/users/"+pe(p+"never"), nil), 404, "user not found")
		expect(t, tg.do("GET", "/auth/users/"+pe(p+"never"), nil), 404, "user not found")
	})
}

// TestContractACLPagination: auth-service listings page like the ACL server's KV scan (QUIRKS.md).
func TestContractACLPagination(t *testing.T) {
	tg := aclTarget(t)
	p := randName("tfp-")
	for _, s := range []string{"a", "b", "c"} {
		tg.newUser(p + s)
		tg.newGroup(p + s)
	}
	for _, c := range []struct{ name, path, key string }{
		{"users", "/auth/users", "id"},
		{"groups", "/auth/groups", "id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			first := tg.list(c.path+"?prefix="+q(p)+"&amount=1", c.key)
			sameIDs(t, "first page", first.ids, p+"a")
			// next_offset is relative to the prefix, and so is after.
			if !first.hasMore || first.next != "a" || first.max != 0 || first.count != 1 {
				t.Fatalf("pagination %+v", first)
			}
			sameIDs(t, "after a", tg.list(c.path+"?prefix="+q(p)+"&after=a", c.key).ids, p+"b", p+"c")
			sameIDs(t, "after the whole id", tg.list(c.path+"?prefix="+q(p)+"&after="+q(p+"a"), c.key).ids)
			// A full page says has_more even when nothing follows.
			full := tg.list(c.path+"?prefix="+q(p)+"&amount=3", c.key)
			if !full.hasMore || full.next != "c" || len(full.ids) != 3 {
				t.Fatalf("full page %+v", full)
			}
			last := tg.list(c.path+"?prefix="+q(p)+"&after=c", c.key)
			if last.hasMore || last.next != "" || len(last.ids) != 0 {
				t.Fatalf("after the last %+v", last)
			}
			// Without a prefix next_offset is the whole id.
			all := tg.list(c.path+"?after="+q(p+"a")+"&amount=1", c.key)
			if all.next != p+"b" {
				t.Fatalf("no prefix %+v", all)
			}
		})
	}
	t.Run("user groups: next_offset is the whole id, even with a prefix", func(t *testing.T) {
		u := p + "a"
		for _, s := range []string{"a", "b", "c"} {
			expect(t, tg.do("PUT", "/auth/groups/"+pe(p+s)+"/members/"+pe(u), nil), 201, "")
		}
		first := tg.list("/auth/users/"+pe(u)+"/groups?prefix="+q(p)+"&amount=1", "id")
		sameIDs(t, "first", first.ids, p+"a")
		if !first.hasMore || first.next != p+"a" {
			t.Fatalf("pagination %+v", first)
		}
		sameIDs(t, "after the relative id", tg.list("/auth/users/"+pe(u)+"/groups?prefix="+q(p)+"&after=a", "id").ids, p+"b", p+"c")
		sameIDs(t, "after the whole id", tg.list("/auth/users/"+pe(u)+"/groups?prefix="+q(p)+"&after="+q(p+"a"), "id").ids)
		sameIDs(t, "no prefix", tg.list("/auth/users/"+pe(u)+"/groups?after="+q(p+"a"), "id").ids, p+"b", p+"c")
	})
}

func TestContractACLGroups(t *testing.T) {
	tg := aclTarget(t)
	p := randName("tfg-")
	t.Run("default groups with their ACLs; the bootstrap user is an Admin", func(t *testing.T) {
		for name, perm := range map[string]string{"Admins": "Admin", "Supers": "Super", "Writers": "Write", "Readers": "Read"} {
			expect(t, tg.do("GET", "/auth/groups/"+name, nil), 200, "")
			r := tg.do("GET", "/auth/groups/"+name+"/acl", nil)
			expect(t, r, 200, "")
			if r.obj(t)["permission"] != perm {
				t.Errorf("%s ACL %s", name, r.body)
			}
		}
		me := tg.me()
		groups := tg.list("/auth/users/"+pe(me)+"/groups", "id")
		if !slices.Contains(groups.ids, "Admins") {
			t.Fatalf("%s is in %q", me, groups.ids)
		}
		if !slices.Contains(tg.list("/auth/groups/Admins/members", "id").ids, me) {
			t.Fatalf("Admins lacks %s", me)
		}
	})
	t.Run("create, get, list: the shapes differ", func(t *testing.T) {
		r := tg.do("POST", "/auth/groups", map[string]any{"id": p + "a", "description": "first group"})
		expect(t, r, 201, "")
		t.Cleanup(func() { tg.do("DELETE", "/auth/groups/"+pe(p+"a"), nil) })
		if m := r.obj(t); keysOf(m) != "creation_date,description,id,name" || m["name"] != p+"a" || m["description"] != "first group" {
			t.Fatalf("create %s", r.body)
		}
		r = tg.do("POST", "/auth/groups", map[string]any{"id": p + "b"})
		expect(t, r, 201, "")
		t.Cleanup(func() { tg.do("DELETE", "/auth/groups/"+pe(p+"b"), nil) })
		if m := r.obj(t); keysOf(m) != "creation_date,id,name" {
			t.Fatalf("create without description %s", r.body)
		}
		r = tg.do("GET", "/auth/groups/"+pe(p+"a"), nil)
		expect(t, r, 200, "")
		if m := r.obj(t); keysOf(m) != "creation_date,description,id" || m["description"] != "first group" {
			t.Fatalf("get %s", r.body)
		}
		r = tg.do("GET", "/auth/groups/"+pe(p+"b"), nil)
		if m := r.obj(t); m["description"] != "" {
			t.Fatalf("get without description %s", r.body)
		}
		got := tg.list("/auth/groups?prefix="+q(p), "id")
		sameIDs(t, "list", got.ids, p+"a", p+"b")
		if keysOf(got.results[0]) != "creation_date,description,id,name" || got.results[1]["description"] != "" {
			t.Fatalf("list %+v", got.results)
		}
		expect(t, tg.do("POST", "/auth/groups", map[string]any{"id": p + "a"}), 409, "Already exists")
	})
	t.Run("id rules", func(t *testing.T) {
		expect(t, tg.do("POST", "/auth/groups", map[string]any{"id": ""}), 400, "invalid request")
		expect(t, tg.do("POST", "/auth/groups", map[string]any{"id": p + "/x"}), 400, "invalid request")
		expect(t, tg.do("POST", "/auth/groups", nil), 400, "invalid request")
		expect(t, tg.do("POST", "/auth/groups", map[string]any{"id": p + "%x"}), 400, "Group name cannot contain '%'")
		expect(t, tg.do("POST", "/auth/groups", map[string]any{"id": p + "x", "description": 5}), 400, "")
		r := tg.do("POST", "/auth/groups", map[string]any{})
		expect(t, r, 400, "")
		if !strings.HasPrefix(r.msg(), "request body has an error: doesn't match schema") {
			t.Fatalf("message %q", r.msg())
		}
		tg.newGroup(p + " G.x@Ü")
		expect(t, tg.do("GET", "/auth/groups/"+pe(p+" G.x@Ü"), nil), 200, "")
	})
	t.Run("delete", func(t *testing.T) {
		expect(t, tg.do("POST", "/auth/groups", map[string]any{"id": p + "del"}), 201, "")
		expect(t, tg.do("DELETE", "/auth/groups/"+pe(p+"del"), nil), 204, "")
		expect(t, tg.do("GET", "/auth/groups/"+pe(p+"del"), nil), 404, "group not found")
		expect(t, tg.do("DELETE", "/auth/groups/"+pe(p+"del"), nil), 404, "group not found")
		expect(t, tg.do("GET", "/auth/groups/"+pe(p+"del")+"/members", nil), 404, "not found")
	})
}

func TestContractACLMembers(t *testing.T) {
	tg := aclTarget(t)
	p := randName("tfm-")
	u, g, g2 := p+"u", p+"g", p+"g2"
	tg.newUser(u)
	tg.newGroup(g)
	tg.newGroup(g2)
	member := "/auth/groups/" + pe(g) + "/members/" + pe(u)
	t.Run("add: 201 without a body, then 409", func(t *testing.T) {
		r := tg.do("PUT", member, nil)
		expect(t, r, 201, "")
		if len(r.body) != 0 {
			t.Fatalf("body %q", r.body)
		}
		expect(t, tg.do("PUT", member, nil), 409, "Already exists")
		expect(t, tg.do("PUT", "/auth/groups/"+pe(g)+"/members/"+pe(p+"nobody"), nil), 404, "not found")
		expect(t, tg.do("PUT", "/auth/groups/"+pe(p+"nogroup")+"/members/"+pe(u), nil), 404, "not found")
	})
	t.Run("listings", func(t *testing.T) {
		members := tg.list("/auth/groups/"+pe(g)+"/members", "id")
		sameIDs(t, "members", members.ids, u)
		if keysOf(members.results[0]) != "creation_date,email,friendly_name,id" {
			t.Fatalf("member %+v", members.results[0])
		}
		groups := tg.list("/auth/users/"+pe(u)+"/groups", "id")
		sameIDs(t, "user groups", groups.ids, g)
		if keysOf(groups.results[0]) != "creation_date,id,name" {
			t.Fatalf("user group %+v", groups.results[0])
		}
		expect(t, tg.do("GET", "/auth/groups/"+pe(p+"nogroup")+"/members", nil), 404, "not found")
		expect(t, tg.do("GET", "/auth/users/"+pe(p+"nobody")+"/groups", nil), 404, "not found")
	})
	t.Run("remove: 204, also when not a member", func(t *testing.T) {
		expect(t, tg.do("DELETE", member, nil), 204, "")
		expect(t, tg.do("DELETE", member, nil), 204, "")
		expect(t, tg.do("DELETE", "/auth/groups/"+pe(g)+"/members/"+pe(p+"nobody"), nil), 404, "not found")
		expect(t, tg.do("DELETE", "/auth/groups/"+pe(p+"nogroup")+"/members/"+pe(u), nil), 404, "not found")
		sameIDs(t, "members", tg.list("/auth/groups/"+pe(g)+"/members", "id").ids)
	})
	t.Run("deleting a group ends its memberships", func(t *testing.T) {
		gone := p + "gone"
		expect(t, tg.do("POST", "/auth/groups", map[string]any{"id": gone}), 201, "")
		expect(t, tg.do("PUT", "/auth/groups/"+pe(gone)+"/members/"+pe(u), nil), 201, "")
		expect(t, tg.do("PUT", "/auth/groups/"+pe(g2)+"/members/"+pe(u), nil), 201, "")
		expect(t, tg.do("DELETE", "/auth/groups/"+pe(gone), nil), 204, "")
		sameIDs(t, "user groups", tg.list("/auth/users/"+pe(u)+"/groups", "id").ids, g2)
	})
	t.Run("deleting a user ends its memberships", func(t *testing.T) {
		gone := p + "ugone"
		expect(t, tg.do("POST", "/auth/users", map[string]any{"id": gone}), 201, "")
		expect(t, tg.do("PUT", "/auth/groups/"+pe(g2)+"/members/"+pe(gone), nil), 201, "")
		sameIDs(t, "members", tg.list("/auth/groups/"+pe(g2)+"/members", "id").ids, u, gone)
		expect(t, tg.do("DELETE", "/auth/users/"+pe(gone), nil), 204, "")
		sameIDs(t, "members", tg.list("/auth/groups/"+pe(g2)+"/members", "id").ids, u)
	})
}

func TestContractACLGroupACL(t *testing.T) {
	tg := aclTarget(t)
	p := randName("tfa-")
	g := p + "g"
	tg.newGroup(g)
	acl := "/auth/groups/" + pe(g) + "/acl"
	getACL := func(path string) string {
		t.Helper()
		r := tg.do("GET", path, nil)
		expect(t, r, 200, "")
		m := r.obj(t)
		if keysOf(m) != "permission" {
			t.Fatalf("ACL %s", r.body)
		}
		return m["permission"].(string)
	}
	t.Run("none yet: 200 with an empty permission, also for a missing group", func(t *testing.T) {
		if got := getACL(acl); got != "" {
			t.Fatalf("new group %q", got)
		}
		if got := getACL("/auth/groups/" + pe(p+"nogroup") + "/acl"); got != "" {
			t.Fatalf("missing group %q", got)
		}
	})
	t.Run("set: 201 without a body, replaces", func(t *testing.T) {
		for _, perm := range []string{"Write", "Read", "Super", "Admin", "Admin"} {
			r := tg.do("POST", acl, map[string]any{"permission": perm})
			expect(t, r, 201, "")
			if len(r.body) != 0 {
				t.Fatalf("body %q", r.body)
			}
			if got := getACL(acl); got != perm {
				t.Fatalf("after %s: %q", perm, got)
			}
		}
	})
	t.Run("only the permission counts", func(t *testing.T) {
		expect(t, tg.do("POST", acl, map[string]any{"permission": "Read", "all_repositories": false, "repositories": []any{"repo1"}}), 201, "")
		r := tg.do("GET", acl, nil)
		if strings.TrimSpace(string(r.body)) != `{"permission":"Read"}` {
			t.Fatalf("ACL %s", r.body)
		}
	})
	t.Run("bad permissions", func(t *testing.T) {
		for _, perm := range []string{"Bogus", "", "read", "ADMIN"} {
			want := g + ": translate ACL {Permission:" + perm + "} to statements: validation error: Bad ACL permission \"" + perm + "\""
			expect(t, tg.do("POST", acl, map[string]any{"permission": perm}), 400, want)
		}
		if got := getACL(acl); got != "Read" {
			t.Fatalf("after refusals %q", got)
		}
		r := tg.do("POST", acl, map[string]any{})
		expect(t, r, 400, "")
		if !strings.HasPrefix(r.msg(), "request body has an error: doesn't match schema") {
			t.Fatalf("message %q", r.msg())
		}
		expect(t, tg.do("POST", acl, nil), 400, "request body has an error: value is required but missing")
	})
	t.Run("missing group", func(t *testing.T) {
		missing := p + "nogroup2"
		expect(t, tg.do("POST", "/auth/groups/"+pe(missing)+"/acl", map[string]any{"permission": "Read"}), 404,
			"attach policy ACL(_-_)"+missing+" to group "+missing+": not found")
	})
	t.Run("a group made again under a deleted one's id has no ACL", func(t *testing.T) {
		again := p + "again"
		expect(t, tg.do("POST", "/auth/groups", map[string]any{"id": again}), 201, "")
		expect(t, tg.do("POST", "/auth/groups/"+pe(again)+"/acl", map[string]any{"permission": "Super"}), 201, "")
		expect(t, tg.do("DELETE", "/auth/groups/"+pe(again), nil), 204, "")
		tg.newGroup(again)
		if got := getACL("/auth/groups/" + pe(again) + "/acl"); got != "" {
			t.Fatalf("recreated group %q", got)
		}
	})
}

var reAccessKey = regexp.MustCompile(`^AKIAJ[A-Z2-7]{15}$`)

func TestContractACLCredentials(t *testing.T) {
	tg := aclTarget(t)
	p := randName("tfc-")
	u := p + "u"
	tg.newUser(u)
	creds := "/auth/users/" + pe(u) + "/credentials"
	r := tg.do("POST", creds, nil)
	expect(t, r, 201, "")
	m := r.obj(t)
	key, secret := m["access_key_id"].(string), m["secret_access_key"].(string)
	t.Cleanup(func() { tg.do("DELETE", creds+"/"+key, nil) })
	t.Run("create: the secret, once", func(t *testing.T) {
		if keysOf(m) != "access_key_id,creation_date,secret_access_key" || !reAccessKey.MatchString(key) || len(secret) != 40 {
			t.Fatalf("create %s", r.body)
		}
		r := tg.do("GET", creds+"/"+key, nil)
		expect(t, r, 200, "")
		if got := r.obj(t); keysOf(got) != "access_key_id,creation_date" || got["access_key_id"] != key || got["creation_date"] != m["creation_date"] {
			t.Fatalf("get %s", r.body)
		}
		list := tg.list(creds, "access_key_id")
		sameIDs(t, "list", list.ids, key)
		if keysOf(list.results[0]) != "access_key_id,creation_date" {
			t.Fatalf("listed %+v", list.results[0])
		}
		expect(t, tg.do("POST", creds, map[string]any{"ignored": true}), 201, "")
		second := tg.list(creds, "access_key_id").ids
		if len(second) != 2 {
			t.Fatalf("two keys: %q", second)
		}
		for _, k := range second {
			if k != key {
				expect(t, tg.do("DELETE", creds+"/"+k, nil), 204, "")
			}
		}
	})
	t.Run("the new key authenticates as the user", func(t *testing.T) {
		r := tg.do("GET", "/user", nil, basic(key, secret))
		expect(t, r, 200, "")
		if r.obj(t)["user"].(map[string]any)["id"] != u {
			t.Fatalf("current user %s", r.body)
		}
		expect(t, tg.do("GET", "/user", nil, basic(key, secret+"x")), 401, "error authenticating request")
	})
	t.Run("another user's key or a missing user", func(t *testing.T) {
		me := tg.me()
		expect(t, tg.do("GET", "/auth/users/"+pe(me)+"/credentials/"+key, nil), 404, "credentials not found")
		expect(t, tg.do("GET", "/auth/users/"+pe(p+"nobody")+"/credentials/"+key, nil), 404, "credentials not found")
		expect(t, tg.do("GET", creds+"/AKIAJNOSUCHKEY00000", nil), 404, "credentials not found")
		expect(t, tg.do("POST", "/auth/users/"+pe(p+"nobody")+"/credentials", nil), 404, "not found")
		missing := tg.list("/auth/users/"+pe(p+"nobody")+"/credentials", "access_key_id")
		if len(missing.ids) != 0 || missing.hasMore {
			t.Fatalf("missing user's keys %+v", missing)
		}
		// lakeFS does not check whose key it deletes: 204, and nothing happens.
		expect(t, tg.do("DELETE", "/auth/users/"+pe(me)+"/credentials/"+key, nil), 204, "")
		expect(t, tg.do("GET", creds+"/"+key, nil), 200, "")
		expect(t, tg.do("DELETE", "/auth/users/"+pe(p+"nobody")+"/credentials/"+key, nil), 404, "credentials not found")
		expect(t, tg.do("DELETE", creds+"/AKIAJNOSUCHKEY00000", nil), 404, "credentials not found")
	})
	t.Run("delete", func(t *testing.T) {
		expect(t, tg.do("DELETE", creds+"/"+key, nil), 204, "")
		expect(t, tg.do("GET", creds+"/"+key, nil), 404, "credentials not found")
		sameIDs(t, "after delete", tg.list(creds, "access_key_id").ids)
	})
	t.Run("deleting a user leaves its keys; the same id made again has them", func(t *testing.T) {
		gone := p + "gone"
		expect(t, tg.do("POST", "/auth/users", map[string]any{"id": gone}), 201, "")
		r := tg.do("POST", "/auth/users/"+pe(gone)+"/credentials", nil)
		expect(t, r, 201, "")
		k := r.obj(t)["access_key_id"].(string)
		expect(t, tg.do("DELETE", "/auth/users/"+pe(gone), nil), 204, "")
		sameIDs(t, "keys of the deleted user", tg.list("/auth/users/"+pe(gone)+"/credentials", "access_key_id").ids, k)
		tg.newUser(gone)
		sameIDs(t, "keys of the new user", tg.list("/auth/users/"+pe(gone)+"/credentials", "access_key_id").ids, k)
		expect(t, tg.do("DELETE", "/auth/users/"+pe(gone)+"/credentials/"+k, nil), 204, "")
	})
}

// apiCall is one request of a table of calls.
type apiCall struct {
	method, path string
	body         any
}

// anyPolicy is a valid policy body named "p".
var anyPolicy = map[string]any{"id": "p", "statement": []any{map[string]any{"effect": "allow", "resource": "*", "action": []any{"fs:*"}}}}

// expectNotImplemented sends each call, in a subtest of its own, with credentials, expecting 501 "Not Implemented",
// and without, expecting noAuthStatus and noAuthMsg.
func expectNotImplemented(t *testing.T, tg *apiTarget, calls []apiCall, noAuthStatus int, noAuthMsg string) {
	t.Helper()
	for _, c := range calls {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			expect(t, tg.do(c.method, c.path, c.body), 501, "Not Implemented")
			expect(t, tg.do(c.method, c.path, c.body, noAuth()), noAuthStatus, noAuthMsg)
		})
	}
}

// TestContractACLNotImplemented: with the ACL server (rbac: simplified) policies and external principals answer 501,
// before authentication.
func TestContractACLNotImplemented(t *testing.T) {
	tg := aclTarget(t)
	if r := tg.do("GET", "/auth/policies", nil); r.status != 501 {
		t.Skip("the server has policies (lakeFS Enterprise)")
	}
	expectNotImplemented(t, tg, []apiCall{
		{"GET", "/auth/policies", nil},
		{"POST", "/auth/policies", anyPolicy},
		{"GET", "/auth/policies/p", nil},
		{"PUT", "/auth/policies/p", anyPolicy},
		{"DELETE", "/auth/policies/p", nil},
		{"GET", "/auth/users/u/policies?effective=true", nil},
		{"PUT", "/auth/users/u/policies/p", nil},
		{"DELETE", "/auth/users/u/policies/p", nil},
		{"GET", "/auth/groups/Admins/policies", nil},
		{"PUT", "/auth/groups/Admins/policies/p", nil},
		{"DELETE", "/auth/groups/Admins/policies/p", nil},
		{"GET", "/auth/external/principals?principalId=p", nil},
		{"GET", "/auth/users/u/external/principals/ls", nil},
	}, 501, "Not Implemented")
	expect(t, tg.do("POST", "/auth/policies", map[string]any{}), 400, "")
}

// TestContractOSSAuthNotImplemented: lakeFS OSS alone has one user and one key; groups, ACLs, credential listing and
// deletion and policies answer 501 after authentication.
func TestContractOSSAuthNotImplemented(t *testing.T) {
	tg := target(t)
	if r := tg.do("GET", "/auth/groups", nil); r.status != 501 {
		t.Skip("the server has an auth server")
	}
	me := tg.me()
	expectNotImplemented(t, tg, []apiCall{
		{"GET", "/auth/groups", nil},
		{"POST", "/auth/groups", map[string]any{"id": "g"}},
		{"GET", "/auth/groups/g", nil},
		{"DELETE", "/auth/groups/g", nil},
		{"GET", "/auth/groups/g/members", nil},
		{"PUT", "/auth/groups/g/members/" + pe(me), nil},
		{"DELETE", "/auth/groups/g/members/" + pe(me), nil},
		{"GET", "/auth/groups/g/acl", nil},
		{"POST", "/auth/groups/g/acl", map[string]any{"permission": "Read"}},
		{"GET", "/auth/users/" + pe(me) + "/groups", nil},
		{"GET", "/auth/users/" + pe(me) + "/credentials", nil},
		{"DELETE", "/auth/users/" + pe(me) + "/credentials/AKIAJNOSUCHKEY00000", nil},
		{"GET", "/auth/policies", nil},
		{"POST", "/auth/policies", anyPolicy},
		{"GET", "/auth/policies/p", nil},
		{"PUT", "/auth/policies/p", anyPolicy},
		{"DELETE", "/auth/policies/p", nil},
		{"GET", "/auth/users/" + pe(me) + "/policies", nil},
		{"PUT", "/auth/users/" + pe(me) + "/policies/p", nil},
		{"DELETE", "/auth/users/" + pe(me) + "/policies/p", nil},
		{"GET", "/auth/groups/g/policies", nil},
		{"PUT", "/auth/groups/g/policies/p", nil},
		{"DELETE", "/auth/groups/g/policies/p", nil},
	}, 401, "error authenticating request")
	t.Run("the single key", func(t *testing.T) {
		expect(t, tg.do("POST", "/auth/users/"+pe(me)+"/credentials", nil), 400, "exceeded number of allowed credentials: invalid request")
		expect(t, tg.do("POST", "/auth/users/nobody-x/credentials", nil), 404, "not found")
		r := tg.do("GET", "/auth/users/"+pe(me)+"/credentials/"+tg.key, nil)
		expect(t, r, 200, "")
		if m := r.obj(t); keysOf(m) != "access_key_id,creation_date" || m["access_key_id"] != tg.key {
			t.Fatalf("get %s", r.body)
		}
		expect(t, tg.do("GET", "/auth/users/nobody-x/credentials/"+tg.key, nil), 404, "credentials not found")
		expect(t, tg.do("GET", "/auth/users/"+pe(me)+"/credentials/AKIAJNOSUCHKEY00000", nil), 404, "credentials not found")
	})
	expect(t, tg.do("POST", "/auth/groups", map[string]any{"id": "a%b"}), 400, "Group name cannot contain '%'")
}

// TestContractACLPoliciesEnterprise: policies and their attachments on lakeFS Enterprise. No real Enterprise is at
// hand: against a real lakeFS that answers 501 the test skips; the double follows api/swagger.yml and the server code.
func TestContractACLPoliciesEnterprise(t *testing.T) {
	tg := newTarget(t, testserver.Options{Edition: testserver.EditionEnterprise})
	if r := tg.do("GET", "/auth/policies", nil); r.status == 501 {
		t.Skip("policies need lakeFS Enterprise (this server answers 501)")
	}
	p := randName("tfpol-")
	stmt := func(actions ...string) []any {
		a := make([]any, len(actions))
		for i, x := range actions {
			a[i] = x
		}
		return []any{map[string]any{"effect": "allow", "resource": "*", "action": a}}
	}
	pol, u, g := p+"p", p+"u", p+"g"
	tg.newUser(u)
	tg.newGroup(g)
	t.Cleanup(func() { tg.do("DELETE", "/auth/policies/"+pe(pol), nil) })
	t.Run("create, get, update, list", func(t *testing.T) {
		r := tg.do("POST", "/auth/policies", map[string]any{"id": pol, "statement": stmt("fs:ReadObject")})
		expect(t, r, 201, "")
		if m := r.obj(t); keysOf(m) != "creation_date,id,statement" || m["id"] != pol {
			t.Fatalf("create %s", r.body)
		}
		expect(t, tg.do("POST", "/auth/policies", map[string]any{"id": pol, "statement": stmt("fs:ReadObject")}), 409, "Already exists")
		r = tg.do("GET", "/auth/policies/"+pe(pol), nil)
		expect(t, r, 200, "")
		st := r.obj(t)["statement"].([]any)[0].(map[string]any)
		if keysOf(st) != "action,effect,resource" || st["action"].([]any)[0] != "fs:ReadObject" {
			t.Fatalf("get %s", r.body)
		}
		expect(t, tg.do("PUT", "/auth/policies/"+pe(pol), map[string]any{"id": pol, "statement": stmt("fs:*", "auth:*")}), 200, "")
		r = tg.do("GET", "/auth/policies/"+pe(pol), nil)
		if len(r.obj(t)["statement"].([]any)[0].(map[string]any)["action"].([]any)) != 2 {
			t.Fatalf("after update %s", r.body)
		}
		expect(t, tg.do("PUT", "/auth/policies/"+pe(pol), map[string]any{"id": "other", "statement": stmt("fs:*")}), 400, "can't update policy id")
		expect(t, tg.do("PUT", "/auth/policies/"+pe(p+"none"), map[string]any{"id": p + "none", "statement": stmt("fs:*")}), 404, "not found")
		sameIDs(t, "list", tg.list("/auth/policies?prefix="+q(p), "id").ids, pol)
	})
	t.Run("validation", func(t *testing.T) {
		expect(t, tg.do("POST", "/auth/policies", map[string]any{"id": p + "x", "statement": stmt("nope:Read")}), 400, "invalid request")
		expect(t, tg.do("POST", "/auth/policies", map[string]any{"id": p + "x", "statement": stmt("fs")}), 400, "invalid request")
		expect(t, tg.do("POST", "/auth/policies", map[string]any{"id": p + "x", "statement": []any{
			map[string]any{"effect": "allow", "resource": "repo1", "action": []any{"fs:*"}}}}), 400, "invalid request")
		expect(t, tg.do("POST", "/auth/policies", map[string]any{"id": p + "/x", "statement": stmt("fs:*")}), 400, "invalid request")
		expect(t, tg.do("POST", "/auth/policies", map[string]any{"id": p + "%x", "statement": stmt("fs:*")}), 400, "Policy name cannot contain '%'")
		for _, body := range []map[string]any{
			{"id": p + "x", "statement": []any{}},
			{"id": p + "x", "statement": stmt()},
			{"id": p + "x", "statement": []any{map[string]any{"effect": "maybe", "resource": "*", "action": []any{"fs:*"}}}},
			{"id": p + "x"},
		} {
			r := tg.do("POST", "/auth/policies", body)
			expect(t, r, 400, "")
			if !strings.HasPrefix(r.msg(), "request body has an error") {
				t.Fatalf("%v: %q", body, r.msg())
			}
		}
		expect(t, tg.do("GET", "/auth/policies/"+pe(p+"x"), nil), 404, "policy not found")
	})
	t.Run("attachments", func(t *testing.T) {
		expect(t, tg.do("PUT", "/auth/users/"+pe(u)+"/policies/"+pe(pol), nil), 201, "")
		expect(t, tg.do("PUT", "/auth/users/"+pe(u)+"/policies/"+pe(pol), nil), 409, "Already exists")
		expect(t, tg.do("PUT", "/auth/users/"+pe(u)+"/policies/"+pe(p+"none"), nil), 404, "not found")
		expect(t, tg.do("PUT", "/auth/groups/"+pe(g)+"/policies/"+pe(pol), nil), 201, "")
		expect(t, tg.do("PUT", "/auth/groups/"+pe(g)+"/policies/"+pe(pol), nil), 409, "Already exists")
		sameIDs(t, "user policies", tg.list("/auth/users/"+pe(u)+"/policies", "id").ids, pol)
		sameIDs(t, "group policies", tg.list("/auth/groups/"+pe(g)+"/policies", "id").ids, pol)
		// A group ACL is a policy, and setting one detaches the others.
		expect(t, tg.do("POST", "/auth/groups/"+pe(g)+"/acl", map[string]any{"permission": "Read"}), 201, "")
		sameIDs(t, "group policies after an ACL", tg.list("/auth/groups/"+pe(g)+"/policies", "id").ids, "ACL(_-_)"+g)
		expect(t, tg.do("PUT", "/auth/groups/"+pe(g)+"/policies/"+pe(pol), nil), 201, "")
		r := tg.do("GET", "/auth/groups/"+pe(g)+"/acl", nil)
		expect(t, r, 404, "Multiple policies attached to group - no ACL")
		if r.obj(t)["no_acl"] != true {
			t.Fatalf("body %s", r.body)
		}
		expect(t, tg.do("PUT", "/auth/groups/"+pe(g)+"/members/"+pe(u), nil), 201, "")
		sameIDs(t, "effective", tg.list("/auth/users/"+pe(u)+"/policies?effective=true", "id").ids, "ACL(_-_)"+g, pol)
		expect(t, tg.do("DELETE", "/auth/users/"+pe(u)+"/policies/"+pe(pol), nil), 204, "")
		expect(t, tg.do("DELETE", "/auth/users/"+pe(u)+"/policies/"+pe(pol), nil), 204, "")
		sameIDs(t, "user policies after detach", tg.list("/auth/users/"+pe(u)+"/policies", "id").ids)
		expect(t, tg.do("DELETE", "/auth/groups/"+pe(g)+"/policies/"+pe(pol), nil), 204, "")
		// Deleting a policy detaches it everywhere.
		expect(t, tg.do("PUT", "/auth/users/"+pe(u)+"/policies/"+pe(pol), nil), 201, "")
		expect(t, tg.do("DELETE", "/auth/policies/"+pe(pol), nil), 204, "")
		expect(t, tg.do("DELETE", "/auth/policies/"+pe(pol), nil), 404, "policy not found")
		sameIDs(t, "user policies after delete", tg.list("/auth/users/"+pe(u)+"/policies", "id").ids)
	})
}
