package moto

import (
	"context"
	"net/http"
)

// Sign returns a request editor, for a generated client's
// WithRequestEditor, that adds the Authorization header moto_server routes a
// request by: an AWS Signature Version 4 header whose credential scope names
// service (its signing name: "states", "iot", "route53") in [Region]. moto
// does not check the signature itself.
func Sign(service string) func(context.Context, *http.Request) error {
	auth := "AWS4-HMAC-SHA256 Credential=x/20240101/" + Region + "/" + service + "/aws4_request, SignedHeaders=host, Signature=x"
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", auth)
		return nil
	}
}
