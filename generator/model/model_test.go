package model

import (
	"errors"
	"io"
	"testing"
)

func TestErrorPlacesAndWrapsItsCause(t *testing.T) {
	err := error(&Error{Pos: Pos{File: "spec.yaml", Line: 12, Col: 5}, Operation: "ListOrders", Err: io.ErrUnexpectedEOF})
	if got, want := err.Error(), "spec.yaml:12:5: ListOrders: unexpected EOF"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Error("errors.Is does not see the cause")
	}
	d := Diagnostic{Severity: SeverityWarning, Pos: Pos{File: "spec.yaml", Line: 3}, Message: "skipped"}
	if got, want := d.Error(), "spec.yaml:3: skipped"; got != want {
		t.Errorf("Diagnostic.Error() = %q, want %q", got, want)
	}
}
