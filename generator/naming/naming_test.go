package naming

import "testing"

func TestExported(t *testing.T) {
	tests := map[string]string{
		"ListOrders":          "ListOrders",
		"list-widgets":        "ListWidgets",
		"next-token":          "NextToken",
		"nextToken":           "NextToken",
		"NextToken":           "NextToken",
		"next_page_token":     "NextPageToken",
		"@nextLink":           "NextLink",
		"@odata.nextLink":     "OdataNextLink",
		"odata.nextLink":      "OdataNextLink",
		"user_id":             "UserID",
		"userIds":             "UserIDs",
		"AmazonOrderId":       "AmazonOrderID",
		"url":                 "URL",
		"HTTPServer":          "HTTPServer",
		"httpServer":          "HTTPServer",
		"MWSAuthToken":        "MWSAuthToken",
		"2fa_enabled":         "X2faEnabled",
		"123":                 "X123",
		"type":                "Type",
		"":                    "X",
		"$":                   "X",
		"page2Token":          "Page2Token",
		"Users_List":          "UsersList",
		"X-Amz-Target":        "XAmzTarget",
		"x-amzn-RequestId":    "XAmznRequestID",
		"error-description":   "ErrorDescription",
		"ReportRequestIdList": "ReportRequestIDList",
		"straße":              "Straße",
		"NOT_IN":              "NotIn",
		"DEACTIVATE":          "Deactivate",
		"ID":                  "ID",
		"HTTP_URL":            "HTTPURL",
	}
	for in, want := range tests {
		if got := Exported(in); got != want {
			t.Errorf("Exported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnexported(t *testing.T) {
	tests := map[string]string{
		"ListOrders": "listOrders",
		"ID":         "id",
		"URLPath":    "urlPath",
		"type":       "type_",
		"func":       "func_",
		"string":     "string_",
		"HTTPServer": "httpServer",
		"2fa":        "x2fa",
	}
	for in, want := range tests {
		if got := Unexported(in); got != want {
			t.Errorf("Unexported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSetUnique(t *testing.T) {
	var s Set
	s.Reserve("Client")
	for _, tc := range []struct{ name, want string }{
		{"Client", "ClientBody"},
		{"Client", "ClientModel"},
		{"Client", "Client2"},
		{"Order", "Order"},
	} {
		if got := s.Unique(tc.name, "Body", "Model"); got != tc.want {
			t.Errorf("Unique(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if !s.Taken("ClientBody") || s.Taken("Nope") {
		t.Error("Taken disagrees with Unique")
	}
}

func TestWordsAndSnake(t *testing.T) {
	for in, want := range map[string]string{
		"ListOrdersByNextToken":    "list_orders_by_next_token",
		"GetHTTPServer":            "get_http_server",
		"ListV2Things":             "list_v2_things",
		"v2Token":                  "v2_token",
		"x-amzn-idempotency-token": "x_amzn_idempotency_token",
		"APIToken":                 "api_token",
		"X":                        "x",
	} {
		if got := Snake(in); got != want {
			t.Errorf("Snake(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGoFile(t *testing.T) {
	files := &Set{}
	for _, tc := range []struct{ name, want string }{
		{"ListOrdersByNextToken", "op_list_orders_by_next_token.go"},
		{"GetHTTPServer", "op_get_http_server.go"},
		{"ListV2Things", "op_list_v2_things.go"},
		{"X", "op_x.go"},
		{"ListPETS", "op_list_pets.go"},
		{"ListPets", "op_list_pets_op.go"}, // the same in lower case
		{"ListLinux", "op_list_linux_op.go"},
		{"GetAmd64", "op_get_amd64_op.go"},
		{"RunTest", "op_run_test_op.go"},
		{"ListTests", "op_list_tests.go"},
	} {
		if got := GoFile("op_", tc.name, files); got != tc.want {
			t.Errorf("GoFile(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
