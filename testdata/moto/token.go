package moto

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// TokenItem returns the item a moto pagination token points to: the first
// item of the page the token fetches. moto's paginator encodes it as
// base64 of {"parameterChecksum": N, "uniqueAttributes": "a|b"}, the item's
// unique attributes joined with "|"; TokenItem returns the last of them,
// which for the operations tested here names the item: the state machine
// ARN for Step Functions ListStateMachines (after its creation date), the
// thing ARN for IoT ListThings, the hosted zone ID for Route 53
// ListHostedZones. Deleting that item makes the token invalid.
func TokenItem(token string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return "", fmt.Errorf("moto token %q: %w", token, err)
	}
	var tok struct {
		UniqueAttributes string `json:"uniqueAttributes"`
	}
	if err := json.Unmarshal(raw, &tok); err != nil {
		return "", fmt.Errorf("moto token %q: %w", token, err)
	}
	if tok.UniqueAttributes == "" {
		return "", fmt.Errorf("moto token %q names no item: %s", token, raw)
	}
	attrs := strings.Split(tok.UniqueAttributes, "|")
	return attrs[len(attrs)-1], nil
}
