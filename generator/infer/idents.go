package infer

import (
	"fmt"
	"strings"

	"github.com/pagegen/pagegen/generator/load"
	"github.com/pagegen/pagegen/generator/model"
	"github.com/pagegen/pagegen/generator/naming"
	"github.com/pagegen/pagegen/templates"
)

// nameOperations decides, for the whole package at once, every identifier
// and file the emitted operations declare, into Operation.Names; pkg is the
// package scope, holding what the runtime declares. The types the spec's
// schemas need are named afterwards, around these.
//
// An operation's own names come first: its Client method (GoName, already
// unique among operations), its Params and Response types and its file.
// Then each paginated operation's derived names (XAll, XPages, XFollow on
// Client; XPage, XPaginator, NewXPaginator, XAPIClient in the package) are
// taken together from one base, X when every one of them is free, else
// X_, X_2, …: with Things_List beside Things_ListAll, ThingsListAll is the
// second operation's method and the first's items are ThingsList_All. Each
// change is returned as a warning at the operation.
func (b *builder) nameOperations(pkg *naming.Set) []model.Diagnostic {
	methods := &naming.Set{}
	methods.Reserve(templates.ClientMembers()...)
	files := &naming.Set{}
	var diags []model.Diagnostic
	var emitted []*operation
	for _, o := range b.ops {
		if o.m.Emit {
			emitted = append(emitted, o)
		}
	}
	for _, o := range emitted {
		base := o.m.GoName
		n := model.Names{Method: methods.Unique(base, "_")}
		n.Params = pkg.Unique(base+"Params", "_")
		n.Response = pkg.Unique(base+"Response", "_")
		n.ReadPage = pkg.Unique(naming.Unexported(base) + "PageFrom")
		n.File = naming.GoFile("op_", base, files)
		for _, c := range [][2]string{{base, n.Method}, {base + "Params", n.Params}, {base + "Response", n.Response}} {
			if c[0] != c[1] {
				diags = append(diags, nameTaken(o, c[0], c[1]))
			}
		}
		o.m.Names = n
	}
	for _, o := range emitted {
		if o.dec == nil {
			continue
		}
		n := &o.m.Names
		follow := o.dec.moreMeans == "later"
		derived := func(d string) (method, pkgScope []string) {
			method = []string{d + "All", d + "Pages"}
			if follow {
				method = append(method, d+"Follow")
			}
			return method, []string{d + "Page", d + "Paginator", "New" + d + "Paginator", d + "APIClient"}
		}
		d := o.m.GoName
		for i := 1; ; i++ {
			m, p := derived(d)
			if !anyTaken(methods, m) && !anyTaken(pkg, p) {
				break
			}
			d = o.m.GoName + "_"
			if i > 1 {
				d += fmt.Sprint(i)
			}
		}
		m, p := derived(d)
		methods.Reserve(m...)
		pkg.Reserve(p...)
		n.All, n.Pages = m[0], m[1]
		if follow {
			n.Follow = m[2]
		}
		n.Page, n.Paginator, n.NewPaginator, n.APIClient = p[0], p[1], p[2], p[3]
		n.NewPage = pkg.Unique("new" + n.Page)
		if nxt := b.byID[o.dec.next]; nxt != nil && nxt != o {
			n.ReadNextPage = pkg.Unique(naming.Unexported(o.m.GoName) + "PageFrom" + nxt.m.GoName)
		}
		if d != o.m.GoName {
			wm, wp := derived(o.m.GoName)
			diags = append(diags, warningAt(o, "a name of its paginator (%s) is taken; they start with %s instead: %s",
				strings.Join(append(wm, wp...), ", "), d, strings.Join(append(m, p...), ", ")))
		}
	}
	return diags
}

func anyTaken(s *naming.Set, names []string) bool {
	for _, n := range names {
		if s.Taken(n) {
			return true
		}
	}
	return false
}

// nameTaken warns that a Go name o needs is taken and says what is used.
func nameTaken(o *operation, want, used string) model.Diagnostic {
	return warningAt(o, "the Go name %s is taken; %s is used instead", want, used)
}

// renameWarning says where a type, field or parameter name had to change:
// at the schema or property when it is a component, else at the operation
// that needed it.
func (b *builder) renameWarning(r typeRename) model.Diagnostic {
	d := nameTaken(r.at, r.from, r.to)
	d.OwnTypes = true
	if toks, ok := componentPointer(r.ref); ok {
		if r.prop != "" {
			toks = append(toks, "properties", r.prop)
		}
		d.Pos, d.Operation = b.pos(toks...), ""
	}
	return d
}

// componentPointer splits a local "#/components/schemas/Name" reference
// into pointer tokens.
func componentPointer(ref string) ([]string, bool) {
	toks, ok := load.PointerTokens(ref)
	if !ok || len(toks) != 3 || toks[0] != "components" || toks[1] != "schemas" {
		return nil, false
	}
	return toks, true
}
