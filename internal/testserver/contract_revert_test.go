package testserver_test

import (
	"strings"
	"sync"
	"testing"
)

// revertBranch and cherryPick as lakeFS 1.84 answers them (observed on the real server).

func TestContractRevertBranch(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	tg.upload(repo, "main", "a", "1")
	c1 := tg.commitOK(repo, "main", "add a")["id"].(string)
	tg.upload(repo, "main", "a", "2")
	tg.upload(repo, "main", "b", "1")
	c2 := tg.commitOK(repo, "main", "change a")["id"].(string)
	revert := func(branch string, body any) response { return tg.do("POST", base+"/branches/"+branch+"/revert", body) }

	// parent_number is required, even for a commit with one parent (0 then).
	r := revert("main", map[string]any{"ref": c2})
	expect(t, r, 400, "")
	if !strings.Contains(r.msg(), `property "parent_number" is missing`) {
		t.Fatalf("message %q", r.msg())
	}
	expect(t, revert("main", map[string]any{"ref": c2, "parent_number": -1}), 400, "argument parentNumber: invalid value: validation error")
	expect(t, revert("main", map[string]any{"ref": "", "parent_number": 0}), 500, "argument ref: required value: validation error")

	// 204 without a body; the new head is "Revert <ref>", its parent the old head, no metadata.
	r = revert("main", map[string]any{"ref": c2, "parent_number": 0})
	expect(t, r, 204, "")
	if len(r.body) != 0 {
		t.Fatalf("revert body %q", r.body)
	}
	head := tg.do("GET", base+"/commits/main", nil).obj(t)
	if head["message"] != "Revert "+c2 || head["parents"].([]any)[0] != c2 || len(head["metadata"].(map[string]any)) != 0 {
		t.Fatalf("revert commit %v", head)
	}
	if got := tg.do("GET", base+"/refs/main/objects?path=a", nil); string(got.body) != "1" {
		t.Fatalf("a after the revert: %q", got.body)
	}
	expect(t, tg.do("GET", base+"/refs/main/objects/stat?path=b", nil), 404, "")

	// Nothing left to revert: 400 unless allow_empty.
	expect(t, revert("main", map[string]any{"ref": c2, "parent_number": 0}), 400, "update branch: no changes")
	expect(t, revert("main", map[string]any{"ref": c2, "parent_number": 0, "allow_empty": true}), 204, "")

	expect(t, revert("main", map[string]any{"ref": "nope", "parent_number": 0}), 404, "get commit from ref nope: not found")
	expect(t, revert("nope", map[string]any{"ref": c2, "parent_number": 0}), 404, "branch not found")
	expect(t, revert("main", map[string]any{"ref": c2, "parent_number": 2}), 400, "given commit does not have the given parent number: parent 2")
	tg.upload(repo, "main", "dirty", "d")
	expect(t, revert("main", map[string]any{"ref": c1, "parent_number": 0}), 400, "uncommitted changes (dirty branch)")
	tg.do("DELETE", base+"/branches/main/objects?path=dirty", nil)

	// commit_overrides replace the message and the metadata.
	tg.upload(repo, "main", "c", "1")
	c3 := tg.commitOK(repo, "main", "add c")["id"].(string)
	expect(t, revert("main", map[string]any{"ref": c3, "parent_number": 0,
		"commit_overrides": map[string]any{"message": "undo c", "metadata": map[string]any{"k": "v"}}}), 204, "")
	head = tg.do("GET", base+"/commits/main", nil).obj(t)
	if head["message"] != "undo c" || head["metadata"].(map[string]any)["k"] != "v" {
		t.Fatalf("overridden revert commit %v", head)
	}

	// A merge commit needs parent_number: 409 without it (cherry-pick says 400).
	tg.branchFromMain(repo, "feat")
	tg.upload(repo, "feat", "e", "1")
	tg.commitOK(repo, "feat", "add e")
	merge := tg.do("POST", base+"/refs/feat/merge/main", nil).obj(t)["reference"].(string)
	expect(t, revert("main", map[string]any{"ref": merge, "parent_number": 0}), 409, "must specify 1-based parent number for reverting merge commit")
	expect(t, revert("main", map[string]any{"ref": merge, "parent_number": 1}), 204, "")
	expect(t, tg.do("GET", base+"/refs/main/objects/stat?path=e", nil), 404, "")

	// A conflict: the reverted path changed since.
	tg.upload(repo, "main", "f", "1")
	c4 := tg.commitOK(repo, "main", "add f")["id"].(string)
	tg.upload(repo, "main", "f", "2")
	tg.commitOK(repo, "main", "change f")
	expect(t, revert("main", map[string]any{"ref": c4, "parent_number": 0}), 409, "update branch: conflict found")

	ro := tg.newRepo(map[string]any{"read_only": true})
	expect(t, tg.do("POST", "/repositories/"+ro+"/branches/main/revert", map[string]any{"ref": "main", "parent_number": 0}), 403, "read-only repository")
}

func TestContractCherryPick(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	tg.upload(repo, "main", "a", "1")
	tg.commitOK(repo, "main", "add a")
	tg.branchFromMain(repo, "feat")
	tg.upload(repo, "feat", "c", "1")
	r := tg.do("POST", base+"/branches/feat/commits", map[string]any{"message": "add c", "metadata": map[string]any{"m": "1"}})
	expect(t, r, 201, "")
	f1 := r.obj(t)
	pick := func(branch string, body any) response {
		return tg.do("POST", base+"/branches/"+branch+"/cherry-pick", body)
	}

	r = pick("main", map[string]any{})
	expect(t, r, 400, "")
	if !strings.Contains(r.msg(), `property "ref" is missing`) {
		t.Fatalf("message %q", r.msg())
	}
	expect(t, pick("main", map[string]any{"ref": f1["id"], "parent_number": 0}), 400,
		"argument parentNumber: value should be greater than 0: invalid value: validation error")

	// 201 with the commit: the picked message and metadata, plus where it came from.
	mainHead := tg.do("GET", base+"/branches/main", nil).obj(t)["commit_id"]
	r = pick("main", map[string]any{"ref": f1["id"]})
	expect(t, r, 201, "")
	c := r.obj(t)
	md := c["metadata"].(map[string]any)
	if c["message"] != "add c" || c["parents"].([]any)[0] != mainHead || md["m"] != "1" ||
		md["cherry-pick-origin"] != f1["id"] || md["cherry-pick-committer"] != f1["committer"] {
		t.Fatalf("cherry-pick commit %s", r.body)
	}
	// From here on the picked commit is named by its branch, feat. Real lakeFS 1.84 adds the cherry-pick metadata to
	// its cached copy of the commit it picked: for a while (how long depends on timing) the commit's own id then
	// resolves to another content address, and a pick by that id answers 404 "commit not found". A branch
	// resolves to the stored id.

	// Not idempotent: the same pick again makes another commit, with the same tree.
	r = pick("main", map[string]any{"ref": "feat"})
	expect(t, r, 201, "")
	if again := r.obj(t); again["parents"].([]any)[0] != c["id"] || again["meta_range_id"] != c["meta_range_id"] {
		t.Fatalf("second cherry-pick %s", r.body)
	}
	r = pick("main", map[string]any{"ref": "feat", "commit_overrides": map[string]any{"message": "m2", "metadata": map[string]any{"k": "v"}}})
	expect(t, r, 201, "")
	if md := r.obj(t)["metadata"].(map[string]any); r.obj(t)["message"] != "m2" || md["k"] != "v" || md["m"] != nil || md["cherry-pick-origin"] != f1["id"] {
		t.Fatalf("overridden cherry-pick %s", r.body)
	}

	expect(t, pick("main", map[string]any{"ref": "nope"}), 404, "get commit from ref nope: not found")
	expect(t, pick("nope", map[string]any{"ref": "feat"}), 404, "branch not found")
	expect(t, pick("main", map[string]any{"ref": "feat", "parent_number": 2}), 400, "parent 2: given commit does not have the given parent number")
	tg.upload(repo, "main", "dirty", "d")
	expect(t, pick("main", map[string]any{"ref": "feat"}), 400, "uncommitted changes (dirty branch)")
	tg.do("DELETE", base+"/branches/main/objects?path=dirty", nil)

	tg.upload(repo, "feat", "e", "1")
	tg.commitOK(repo, "feat", "add e")
	merge := tg.do("POST", base+"/refs/feat/merge/main", nil).obj(t)["reference"].(string)
	expect(t, pick("feat", map[string]any{"ref": merge}), 400, "must specify 1-based parent number for cherry-picking merge commit")

	tg.upload(repo, "feat", "c", "feat")
	fc := tg.commitOK(repo, "feat", "c feat")["id"].(string)
	tg.upload(repo, "main", "c", "main")
	tg.commitOK(repo, "main", "c main")
	expect(t, pick("main", map[string]any{"ref": fc}), 409, "update branch: conflict found")

	ro := tg.newRepo(map[string]any{"read_only": true})
	expect(t, tg.do("POST", "/repositories/"+ro+"/branches/main/cherry-pick", map[string]any{"ref": "main"}), 403, "read-only repository")
}

// Concurrent reverts or cherry-picks of one branch: those that lose the race get 500 "update branch: predicate
// failed" and did nothing (the head moved once per 2xx).
func TestContractRevertCherryPickRace(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	tg.upload(repo, "main", "a", "1")
	c1 := tg.commitOK(repo, "main", "add a")["id"].(string)
	var mu sync.Mutex
	ok, raced := 0, 0
	count := func(r response, success int) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.status == success:
			ok++
		case r.status == 500 && r.msg() == "update branch: predicate failed":
			raced++
		default:
			t.Errorf("status %d: %s", r.status, r.body)
		}
	}
	inParallel(6, func(int) {
		count(tg.do("POST", base+"/branches/main/revert", map[string]any{"ref": c1, "parent_number": 0, "allow_empty": true}), 204)
	})
	inParallel(6, func(int) { count(tg.do("POST", base+"/branches/main/cherry-pick", map[string]any{"ref": c1}), 201) })
	r := tg.do("GET", base+"/refs/main/commits?amount=100", nil)
	if n := len(r.obj(t)["results"].([]any)); n != 2+ok {
		t.Fatalf("%d commits after %d successes (%d raced)", n, ok, raced)
	}
	t.Logf("%d succeeded, %d lost the race", ok, raced)
}
