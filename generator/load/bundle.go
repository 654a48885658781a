package load

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/pagegen/pagegen/generator/model"
)

// bundleSwagger2 copies into the root document every definition, parameter
// and response that it reaches through $refs into other local files, and
// rewrites those $refs to point at the copies, so that openapi2conv (which
// refuses external references) sees one self-contained document.
//
// Swagger 2.0 files cannot be loaded one by one as kin-openapi's OpenAPI 3
// loader does with external refs: a referenced file is itself Swagger 2.0
// (its parameters say `in: body`, its schemas sit under definitions), so it
// must be converted together with the root. Bundling also settles once the
// questions of identity and naming:
//
//   - a target is the file (by its cleaned absolute path, symlinks
//     resolved, or for a spec fetched from a URL by its URL) and the JSON
//     pointer, so one definition reached by two relative paths
//     (`./a.json`, `../v1/a.json`) is copied once;
//   - a copy keeps its name (the last pointer token, or the file's stem
//     for a ref to a whole file) unless the root, or an earlier copy, has
//     it; then it gets the first free name of Name2, Name3, …, and the
//     rename is recorded (Source.Renames) for diagnostics;
//   - refs inside a copied file that are local to it (`#/definitions/X`)
//     mean that file's X, and are followed the same way;
//   - $refs under extensions (x-ms-examples points at example files that
//     are not schema and are often not shipped) and in example and default
//     values are data and are left alone, except in x-ms-paths and
//     x-ms-parameterized-host, which hold operations and parameters.
//
// Files are read with read (refReader), as the OpenAPI 3 loader reads
// them: a local spec's $refs name local files only, a fetched spec's are
// URLs resolved against its URL and kept at its origin. A $ref that cannot
// be followed (a missing file, a pointer at nothing, a URL elsewhere) is an
// error at the $ref in the file that writes it.
func bundleSwagger2(tree any, src *Source, read openapi3.ReadFromURIFunc) error {
	root, ok := tree.(map[string]any)
	if !ok {
		return nil
	}
	loc, err := refLocation(src.File)
	if err != nil {
		return err
	}
	b := &bundler{
		root:   root,
		files:  map[string]*refFile{},
		copied: map[refTarget]string{},
		read:   read,
		remote: IsURL(src.File),
	}
	self := &refFile{display: src.File, loc: loc, tree: root, src: src}
	b.files[loc.String()] = self
	b.rootFile = self
	return b.walk(root, self, nil, false)
}

// bundler holds the state of one bundling.
type bundler struct {
	root     map[string]any
	rootFile *refFile
	files    map[string]*refFile  // by location
	copied   map[refTarget]string // target → the local $ref to its copy
	read     openapi3.ReadFromURIFunc
	remote   bool // the root was fetched from a URL
}

// refFile is a file taking part in the bundle.
type refFile struct {
	display string   // the path as messages show it: relative to where the root was named
	loc     *url.URL // the file's identity: its canonical path, or its URL
	tree    any
	src     *Source
}

// refTarget identifies what a $ref points at, whoever writes it.
type refTarget struct {
	file    string // the file's location
	pointer string // the fragment's unescaped tokens, joined by pointerKey
}

// nameMaps are the keywords whose value is a map from names (of
// properties, definitions, paths, status codes, …) to objects.
var nameMaps = map[string]bool{
	"properties": true, "definitions": true, "parameters": true, "responses": true,
	"paths": true, "x-ms-paths": true, "headers": true, "patternProperties": true,
	"securityDefinitions": true,
}

// dataKeys hold values, not schemas: $refs there are not followed.
var dataKeys = map[string]bool{"example": true, "examples": true, "default": true, "enum": true, "const": true}

// followedExtensions are the extensions whose content is spec, not data.
var followedExtensions = map[string]bool{"x-ms-paths": true, "x-ms-parameterized-host": true}

// walk follows the $refs below v, a value of file at pointer ptr; names
// says v is a map whose keys are names rather than keywords.
func (b *bundler) walk(v any, file *refFile, ptr []string, names bool) error {
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok && !names {
			newRef, err := b.follow(ref, file, ptr)
			if err != nil {
				return err
			}
			v["$ref"] = newRef
		}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			if !names && k == "$ref" {
				continue
			}
			if !names && (dataKeys[k] || strings.HasPrefix(k, "x-") && !followedExtensions[k]) {
				continue
			}
			if err := b.walk(v[k], file, appendPtr(ptr, k), !names && nameMaps[k]); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range v {
			if err := b.walk(e, file, appendPtr(ptr, strconv.Itoa(i)), false); err != nil {
				return err
			}
		}
	}
	return nil
}

func appendPtr(ptr []string, tok string) []string {
	return append(ptr[:len(ptr):len(ptr)], tok)
}

// follow returns what the $ref ref, written in file at ptr, becomes in the
// bundle: unchanged when it is local to the root, else a local ref to the
// copy of its target.
func (b *bundler) follow(ref string, file *refFile, ptr []string) (string, error) {
	loc, frag, _ := strings.Cut(ref, "#")
	if loc == "" && file == b.rootFile {
		return ref, nil
	}
	at := appendPtr(ptr, "$ref")
	fail := func(format string, args ...any) error {
		return &model.Error{Pos: file.src.Pos(at...), Err: fmt.Errorf("$ref %s: %s", ref, fmt.Sprintf(format, args...))}
	}
	target := file
	if loc != "" {
		var err error
		if target, err = b.open(file, loc); err != nil {
			return "", fail("%v", err)
		}
	}
	tokens, err := fragmentTokens(frag)
	if err != nil {
		return "", fail("%v", err)
	}
	if target == b.rootFile {
		return "#" + frag, nil // a file that refers back to the root
	}
	key := refTarget{file: target.loc.String(), pointer: pointerKey(tokens)}
	if local, ok := b.copied[key]; ok {
		return local, nil
	}
	value, ok := lookupValue(target.tree, tokens)
	if !ok {
		return "", fail("points at nothing in %s", target.display)
	}
	section := sectionOf(tokens, ptr)
	want := strings.TrimSuffix(filepath.Base(target.display), filepath.Ext(target.display))
	if len(tokens) > 0 {
		want = tokens[len(tokens)-1]
	}
	name := b.freeName(section, want)
	local := "#/" + section + "/" + escapeToken(name)
	b.copied[key] = local
	sec, _ := b.root[section].(map[string]any)
	if sec == nil {
		sec = map[string]any{}
		b.root[section] = sec
	}
	cp := clone(value)
	sec[name] = cp
	b.rootFile.src.addBundled(section, name, want, target.src, tokens)
	// The copy's own refs are relative to the file it came from.
	if err := b.walk(cp, target, tokens, false); err != nil {
		return "", err
	}
	return local, nil
}

// sectionOf is the root section a target's copy goes in: the one its
// pointer names, else the one the place of the $ref implies (a parameter
// list, a response code), else definitions.
func sectionOf(tokens, ptr []string) string {
	if len(tokens) == 2 {
		switch tokens[0] {
		case "definitions", "parameters", "responses":
			return tokens[0]
		}
	}
	if n := len(ptr); n >= 2 && (n < 3 || ptr[n-3] != "properties") {
		switch ptr[n-2] {
		case "parameters":
			return "parameters"
		case "responses":
			return "responses"
		}
	}
	return "definitions"
}

// freeName returns want, or the first of want2, want3, … that the root
// section does not have yet.
func (b *bundler) freeName(section, want string) string {
	sec, _ := b.root[section].(map[string]any)
	name := want
	for i := 2; ; i++ {
		if _, taken := sec[name]; !taken {
			return name
		}
		name = want + strconv.Itoa(i)
	}
}

// open reads the file that ref (a $ref without its fragment), written in
// from, names, once per file.
func (b *bundler) open(from *refFile, ref string) (*refFile, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return nil, err
	}
	// The path as messages show it: a URL, or a path relative to where
	// the root was named.
	var display string
	if b.remote {
		display = from.loc.ResolveReference(u).String()
	} else {
		if u.Scheme != "" && u.Scheme != "file" || u.Host != "" {
			return nil, errors.New("only local files are followed")
		}
		display = filepath.FromSlash(u.Path)
		if u.Scheme == "file" && !filepath.IsAbs(display) {
			return nil, errors.New("only absolute file: URLs are understood")
		}
		if !filepath.IsAbs(display) {
			display = filepath.Join(filepath.Dir(from.display), display)
		}
	}
	loc, err := refLocation(display)
	if err != nil {
		return nil, err
	}
	if f, ok := b.files[loc.String()]; ok {
		return f, nil
	}
	data, err := b.read(nil, loc)
	if pe, ok := err.(*os.PathError); ok {
		return nil, fmt.Errorf("cannot read %s: %w", display, pe.Err)
	}
	if err != nil {
		return nil, err
	}
	src := &Source{File: display, data: data}
	tree, err := decodeTree(data)
	if err != nil {
		return nil, src.syntaxError(err)
	}
	f := &refFile{display: display, loc: loc, tree: tree, src: src}
	b.files[loc.String()] = f
	return f, nil
}

// refLocation is the identity of a file in the bundle: its specLocation,
// with symlinks resolved where it is a file that exists, so that one file
// reached by two paths is one file.
func refLocation(path string) (*url.URL, error) {
	loc, err := specLocation(path)
	if err != nil || IsURL(path) {
		return loc, err
	}
	if real, err := filepath.EvalSymlinks(filepath.FromSlash(loc.Path)); err == nil {
		loc.Path = filepath.ToSlash(real)
	}
	return loc, nil
}

// fragmentTokens splits a $ref fragment ("/definitions/A%20B", without
// the "#") into unescaped JSON pointer tokens.
func fragmentTokens(frag string) ([]string, error) {
	if frag == "" {
		return nil, nil
	}
	if unescaped, err := url.PathUnescape(frag); err == nil {
		frag = unescaped
	}
	toks, ok := PointerTokens("#" + frag)
	if !ok {
		return nil, fmt.Errorf("the fragment is not a JSON pointer")
	}
	return toks, nil
}

func escapeToken(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// lookupValue follows pointer tokens in a decoded document.
func lookupValue(v any, tokens []string) (any, bool) {
	for _, tok := range tokens {
		switch n := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = n[tok]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n) {
				return nil, false
			}
			v = n[i]
		default:
			return nil, false
		}
	}
	return v, true
}
