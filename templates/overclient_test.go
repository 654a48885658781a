package templates

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"
)

func TestResponseError(t *testing.T) {
	if err := responseError("Op", nil, nil); err == nil {
		t.Error("no response: got nil, want an error")
	}
	if err := responseError("Op", &http.Response{StatusCode: 204}, nil); err != nil {
		t.Errorf("204: got %v, want nil", err)
	}
	res := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"1"}}}
	err := responseError("Op", res, []byte(`{"message":"slow down"}`))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Message != "slow down" {
		t.Fatalf("429: got %#v, want an *APIError with the status and message", err)
	}
}

func TestCallError(t *testing.T) {
	var v struct{ N int }
	syntax := json.Unmarshal([]byte(`{"N":`), &v)
	var decodeErr *DecodeError
	if err := callError("Op", syntax); !errors.As(err, &decodeErr) || decodeErr.Op != "Op" {
		t.Errorf("cut-short body: got %v, want a *DecodeError", err)
	}
	if err := callError("Op", io.ErrUnexpectedEOF); err != io.ErrUnexpectedEOF {
		t.Errorf("other error: got %v, want it as it is", err)
	}
}
