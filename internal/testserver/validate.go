package testserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file emulates kin-openapi request validation, which runs BEFORE authentication
// (contract §1.1 step 2). Messages copy kin-openapi's first line; callers should only
// rely on the status code and a prefix.

type paramKind int

const (
	pString paramKind = iota
	pBool
	pInt
)

type param struct {
	name       string
	kind       paramKind
	required   bool
	allowEmpty bool
	min, max   *int
	enum       []string
	multi      bool // array parameter (?objects=a&objects=b)
}

func intp(i int) *int { return &i }

func qStr(name string) param               { return param{name: name} }
func qReq(name string) param               { return param{name: name, required: true} }
func qEmptyOK(name string) param           { return param{name: name, allowEmpty: true} }
func qBool(name string) param              { return param{name: name, kind: pBool} }
func qInt(name string) param               { return param{name: name, kind: pInt} }
func qEnum(name string, e ...string) param { return param{name: name, enum: e} }

// pageParams: prefix/after allow empty values, amount is -1..1000 (§2.1).
func pageParams() []param {
	return []param{qEmptyOK("prefix"), qEmptyOK("after"), {name: "amount", kind: pInt, min: intp(-1), max: intp(1000)}}
}

type fieldKind int

const (
	fString fieldKind = iota
	fBool
	fInt
	fStrMap
	fObject
	fArray
)

type field struct {
	name     string
	kind     fieldKind
	required bool
	pattern  *regexp.Regexp
	enum     []string
	minLen   int     // fString: minLength
	fields   []field // fObject: the properties to check (nil: any object)
	elem     *field  // fArray: the schema of every element (nil: anything)
}

// bodySpec describes a JSON request body. required: the spec marks requestBody required.
// A body whose top level is an array (array set) has elements of schema elem; c.bodyList holds it.
type bodySpec struct {
	required bool
	fields   []field
	array    bool
	elem     *field
}

const maxJSONBody = 8 << 20

func paramErr(name, msg string) *apiError {
	return errf(http.StatusBadRequest, "parameter %q in query has an error: %s", name, msg)
}

func bodyErr(path, msg string) *apiError {
	if path == "" {
		return errf(http.StatusBadRequest, "request body has an error: doesn't match schema: %s", msg)
	}
	return errf(http.StatusBadRequest, "request body has an error: doesn't match schema: Error at %q: %s", path, msg)
}

func (c *reqCtx) validateQuery() error {
	q := c.r.URL.Query()
	for _, p := range c.op.query {
		vals, present := q[p.name]
		if !present {
			if p.required {
				return paramErr(p.name, "value is required but missing")
			}
			continue
		}
		if !p.multi {
			vals = vals[:1]
		}
		for _, v := range vals {
			if v == "" {
				if p.allowEmpty {
					continue
				}
				return paramErr(p.name, "empty value is not allowed")
			}
			switch p.kind {
			case pBool:
				if _, err := strconv.ParseBool(v); err != nil {
					return paramErr(p.name, fmt.Sprintf("value %s: an invalid boolean: invalid syntax", v))
				}
			case pInt:
				n, err := strconv.Atoi(v)
				if err != nil {
					return paramErr(p.name, fmt.Sprintf("value %s: an invalid integer: invalid syntax", v))
				}
				if p.min != nil && n < *p.min {
					return paramErr(p.name, fmt.Sprintf("number must be at least %d", *p.min))
				}
				if p.max != nil && n > *p.max {
					return paramErr(p.name, fmt.Sprintf("number must be at most %d", *p.max))
				}
			}
			if len(p.enum) > 0 && !slices.Contains(p.enum, v) {
				return paramErr(p.name, "value is not one of the allowed values "+enumList(p.enum))
			}
		}
	}
	return nil
}

func enumList(e []string) string {
	b, _ := json.Marshal(e)
	return string(b)
}

// validateBody reads (bounded) and checks a JSON body; the decoded object is kept in c.body.
func (c *reqCtx) validateBody() error {
	spec := c.op.body
	if spec == nil {
		return nil
	}
	raw, err := io.ReadAll(io.LimitReader(c.r.Body, maxJSONBody+1))
	if err != nil {
		return errf(http.StatusBadRequest, "request body has an error: %v", err)
	}
	if len(raw) > maxJSONBody {
		return errf(http.StatusBadRequest, "request body has an error: body too large")
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		if spec.required {
			return errf(http.StatusBadRequest, "request body has an error: value is required but missing")
		}
		return nil
	}
	ct := c.r.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	if mt != "application/json" {
		return errf(http.StatusBadRequest, "request body has an error: header Content-Type has unexpected value %q", ct)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return errf(http.StatusBadRequest, "request body has an error: failed to decode request body: %v", err)
	}
	// Whatever follows the first JSON value is ignored, as real lakeFS 1.84 does (`{...} {}` is accepted).
	if spec.array {
		if v == nil {
			return bodyErr("", "Value is not nullable")
		}
		list, ok := v.([]any)
		if !ok {
			return bodyErr("", "value must be an array")
		}
		if spec.elem != nil {
			for i, item := range list {
				if err := checkValue(fmt.Sprintf("/%d", i), *spec.elem, item); err != nil {
					return err
				}
			}
		}
		c.bodyList = list
		c.hasBody = true
		return nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return bodyErr("", "value must be an object")
	}
	if err := checkFields("", spec.fields, obj); err != nil {
		return err
	}
	c.body = obj
	c.hasBody = true
	return nil
}

// checkFields checks an object's properties. At the top level (path "") a null property counts as absent and
// is dropped, as the handlers expect; nested nulls are refused like kin-openapi does ("Value is not nullable").
func checkFields(path string, fields []field, obj map[string]any) *apiError {
	for _, f := range fields {
		val, present := obj[f.name]
		if path != "" && present && val == nil {
			return bodyErr(path+"/"+f.name, "Value is not nullable")
		}
		if !present || val == nil {
			if f.required {
				if path != "" {
					return bodyErr(path+"/"+f.name, fmt.Sprintf("property %q is missing", f.name))
				}
				return bodyErr("", fmt.Sprintf("property %q is missing", f.name))
			}
			delete(obj, f.name)
			continue
		}
		if err := checkValue(path+"/"+f.name, f, val); err != nil {
			return err
		}
	}
	return nil
}

// checkValue checks one value against its field schema; path is its JSON pointer.
func checkValue(path string, f field, val any) *apiError {
	if val == nil {
		return bodyErr(path, "Value is not nullable")
	}
	switch f.kind {
	case fString:
		s, ok := val.(string)
		if !ok {
			return bodyErr(path, "value must be a string")
		}
		if len([]rune(s)) < f.minLen {
			return bodyErr(path, fmt.Sprintf("minimum string length is %d", f.minLen))
		}
		if f.pattern != nil && !f.pattern.MatchString(s) {
			return bodyErr(path, fmt.Sprintf("string doesn't match the regular expression %q", f.pattern.String()))
		}
		if len(f.enum) > 0 && !slices.Contains(f.enum, s) {
			return bodyErr(path, "value is not one of the allowed values "+enumList(f.enum))
		}
	case fBool:
		if _, ok := val.(bool); !ok {
			return bodyErr(path, "value must be a boolean")
		}
	case fInt:
		n, ok := val.(json.Number)
		if !ok {
			return bodyErr(path, "value must be an integer")
		}
		if _, err := n.Int64(); err != nil {
			return bodyErr(path, "value must be an integer")
		}
	case fObject:
		m, ok := val.(map[string]any)
		if !ok {
			return bodyErr(path, "value must be an object")
		}
		if f.fields != nil {
			return checkFields(path, f.fields, m)
		}
	case fArray:
		list, ok := val.([]any)
		if !ok {
			return bodyErr(path, "value must be an array")
		}
		if f.elem != nil {
			for i, item := range list {
				if err := checkValue(fmt.Sprintf("%s/%d", path, i), *f.elem, item); err != nil {
					return err
				}
			}
		}
	case fStrMap:
		m, ok := val.(map[string]any)
		if !ok {
			return bodyErr(path, "value must be an object")
		}
		for k, mv := range m {
			if _, ok := mv.(string); !ok {
				return bodyErr(path+"/"+k, "value must be a string")
			}
		}
	}
	return nil
}

// Accessors over the validated body and query.

func (c *reqCtx) bStr(name string) (string, bool) {
	v, ok := c.body[name].(string)
	return v, ok
}

func (c *reqCtx) bBool(name string) bool {
	v, _ := c.body[name].(bool)
	return v
}

func (c *reqCtx) bInt(name string) (int64, bool) {
	n, ok := c.body[name].(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

func (c *reqCtx) bMap(name string) (map[string]string, bool) {
	m, ok := c.body[name].(map[string]any)
	if !ok {
		return nil, false
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k], _ = v.(string)
	}
	return out, true
}

func (c *reqCtx) qs(name string) string { return c.r.URL.Query().Get(name) }

func (c *reqCtx) qBool(name string, def bool) bool {
	v := c.qs(name)
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def
	}
	return b
}

func (c *reqCtx) qInt(name string) int {
	n, _ := strconv.Atoi(c.qs(name))
	return n
}

// Identifier rules (contract §3).
var (
	reRepoID    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{2,62}$`)
	reBranchID  = regexp.MustCompile(`^\w[-\w]*$`)
	reNamespace = regexp.MustCompile(`^(s3|gs|https?|mem|local|transient)://.*$`)
	reRef       = regexp.MustCompile(`^[^\s]+$`)
	reHex       = regexp.MustCompile(`^[0-9a-f]{1,64}$`)
)

func validTagID(id string) bool {
	if id == "" || id == "@" || strings.HasSuffix(id, ".") || strings.HasSuffix(id, ".lock") ||
		strings.Contains(id, "..") || strings.Contains(id, "/") || strings.Contains(id, "@{") ||
		strings.ContainsAny(id, "^:?*[\\ ") {
		return false
	}
	for _, r := range id {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// checkRepoID validates the repository path parameter (graveler ValidateRepositoryID).
func checkRepoID(id string) error {
	if !reRepoID.MatchString(id) {
		return errInvalidRepoID
	}
	return nil
}

func checkBranchID(id string) error {
	if !reBranchID.MatchString(id) {
		return errInvalidBranchID
	}
	return nil
}

// checkPath: object paths are non-empty and at most 1024 bytes (catalog.ValidatePath, §3).
func checkPath(p string) error {
	if p == "" {
		return errf(http.StatusBadRequest, "argument path: required value: validation error")
	}
	if len(p) > 1024 {
		return errf(http.StatusBadRequest, "argument path: path: invalid value: validation error")
	}
	return nil
}
