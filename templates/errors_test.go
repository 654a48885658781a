package templates

import (
	"errors"
	"net/http"
	"testing"
)

func TestNewAPIError(t *testing.T) {
	tests := []struct {
		name          string
		header        map[string]string
		body          string
		code, message string
		requestID     string
	}{
		{
			name:    "AWS JSON __type with namespace",
			body:    `{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"Rate exceeded"}`,
			code:    "ProvisionedThroughputExceededException",
			message: "Rate exceeded",
		},
		{
			name:    "AWS JSON __type with a URL suffix",
			body:    `{"__type":"InvalidNextTokenException:http://internal.amazon.com/coral/com.amazon.coral.validate/","Message":"bad token"}`,
			code:    "InvalidNextTokenException",
			message: "bad token",
		},
		{
			name:    "code and Message",
			body:    `{"code":"ExpiredNextToken","Message":"expired"}`,
			code:    "ExpiredNextToken",
			message: "expired",
		},
		{
			name:    "Code and errorMessage",
			body:    `{"Code":"TooManyRequestsException","errorMessage":"slow down"}`,
			code:    "TooManyRequestsException",
			message: "slow down",
		},
		{
			name:   "X-Amzn-ErrorType header",
			header: map[string]string{"X-Amzn-ErrorType": "ThrottlingException:http://internal.amazon.com/coral/", "X-Amzn-RequestId": "r-1"},
			body:   `{"message":"Rate exceeded"}`,
			code:   "ThrottlingException", message: "Rate exceeded", requestID: "r-1",
		},
		{
			name:    "Ucommerce",
			body:    `{"errors":[{"error":"BadRequest","error-description":"Paging token does not match the current query"},{"error":"Other"}]}`,
			code:    "BadRequest",
			message: "Paging token does not match the current query",
		},
		{
			name:   "Alexa",
			header: map[string]string{"X-Amzn-RequestId": "amzn-42"},
			body:   `{"message":"Invalid nextToken","code":"INVALID_NEXT_TOKEN"}`,
			code:   "INVALID_NEXT_TOKEN", message: "Invalid nextToken", requestID: "amzn-42",
		},
		{
			name:    "Alexa without code",
			body:    `{"message":"maxResults must be 1..10"}`,
			message: "maxResults must be 1..10",
		},
		{
			name:    "numeric code",
			body:    `{"code":429,"message":"quota","requestId":"q-1"}`,
			message: "quota", requestID: "q-1",
		},
		{
			name: "MWS",
			body: `<?xml version="1.0"?>
<ErrorResponse xmlns="https://mws.amazonservices.com/Orders/2013-09-01">
  <Error><Type>Sender</Type><Code>NextTokenCorrupted</Code><Message>The NextToken is corrupted.</Message></Error>
  <RequestID>mws-1</RequestID>
</ErrorResponse>`,
			code: "NextTokenCorrupted", message: "The NextToken is corrupted.", requestID: "mws-1",
		},
		{
			name: "MWS with RequestId and a Latin-1 declaration",
			body: `<?xml version="1.0" encoding="ISO-8859-1"?><ErrorResponse><Error><Type>Sender</Type><Code>RequestThrottled</Code>` +
				`<Message>Request is throttled</Message></Error><RequestId>mws-2</RequestId></ErrorResponse>`,
			code: "RequestThrottled", message: "Request is throttled", requestID: "mws-2",
		},
		{
			name:   "S3",
			header: map[string]string{"x-amz-request-id": "s3-header"},
			body:   `<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>s3-body</RequestId></Error>`,
			code:   "SlowDown", message: "Please reduce your request rate.", requestID: "s3-header",
		},
		{
			name: "AWS query",
			body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>InvalidParameter</Code>` +
				`<Message>Invalid parameter: NextToken</Message></Error><RequestId>q-2</RequestId></ErrorResponse>`,
			code: "InvalidParameter", message: "Invalid parameter: NextToken", requestID: "q-2",
		},
		{
			name: "Route 53",
			body: `<?xml version="1.0"?><ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type>` +
				`<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r53</RequestId></ErrorResponse>`,
			code: "Throttling", message: "Rate exceeded", requestID: "r53",
		},
		{
			name: "EC2",
			body: `<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors>` +
				`<RequestID>ec2-1</RequestID></Response>`,
			code: "RequestLimitExceeded", message: "Request limit exceeded.", requestID: "ec2-1",
		},
		{
			name:   "X-Amz-Request-Id header",
			header: map[string]string{"X-Amz-Request-Id": "hdr"},
			body:   `<Error><Code>InternalError</Code></Error>`,
			code:   "InternalError", requestID: "hdr",
		},
		{
			name:   "Stripe",
			header: map[string]string{"Request-Id": "req_123"},
			body:   `{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such customer: 'cus_x'","param":"customer"}}`,
			code:   "resource_missing", message: "No such customer: 'cus_x'", requestID: "req_123",
		},
		{
			name:   "Stripe without a code",
			header: map[string]string{"Request-Id": "req_124"},
			body:   `{"error":{"type":"api_error","message":"Something went wrong"}}`,
			code:   "api_error", message: "Something went wrong", requestID: "req_124",
		},
		{
			name:   "Azure",
			header: map[string]string{"x-ms-request-id": "ms-1"},
			body:   `{"error":{"code":"InvalidContinuationToken","message":"The continuation token is invalid.","details":[]}}`,
			code:   "InvalidContinuationToken", message: "The continuation token is invalid.", requestID: "ms-1",
		},
		{
			name: "Google",
			body: `{"error":{"code":400,"message":"Invalid page token.","status":"INVALID_ARGUMENT"}}`,
			code: "INVALID_ARGUMENT", message: "Invalid page token.",
		},
		{
			name: "OAuth",
			body: `{"error":"invalid_token","error_description":"The access token expired"}`,
			code: "invalid_token", message: "The access token expired",
		},
		{
			name:   "GitHub",
			header: map[string]string{"X-GitHub-Request-Id": "gh-1"},
			body:   `{"message":"Validation Failed","errors":[{"resource":"Issue","field":"title","code":"missing_field"}]}`,
			code:   "missing_field", message: "Validation Failed", requestID: "gh-1",
		},
		{
			name: "errors list with code and message",
			body: `{"errors":[{"code":"invalid_cursor","message":"Cursor is not valid"},{"code":"other"}]}`,
			code: "invalid_cursor", message: "Cursor is not valid",
		},
		{
			name:    "X-Request-Id header",
			header:  map[string]string{"X-Request-Id": "generic"},
			body:    `{"message":"nope"}`,
			message: "nope", requestID: "generic",
		},
		{
			name: "problem details",
			body: `{"type":"https://example.com/probs/out-of-credit","title":"Out of credit"}`,
		},
		{name: "HTML", body: `<html><body><h1>502 Bad Gateway</h1></body></html>`},
		{name: "broken XML", body: `<Error><Code>Oops</Code><Message>cut`, code: "Oops"},
		{name: "broken JSON", body: `{"message":`},
		{name: "plain text", body: `Too Many Requests`},
		{name: "empty", body: ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			e := newAPIError("List", &response{StatusCode: 400, Header: h, Body: []byte(tt.body)})
			if e.Code != tt.code || e.Message != tt.message || e.RequestID != tt.requestID {
				t.Errorf("got code %q, message %q, request id %q; want %q, %q, %q",
					e.Code, e.Message, e.RequestID, tt.code, tt.message, tt.requestID)
			}
			if e.Operation != "List" || e.StatusCode != 400 || string(e.Body) != tt.body || e.Header == nil {
				t.Errorf("APIError = %+v", e)
			}
		})
	}
}

func TestAPIErrorMessage(t *testing.T) {
	tests := []struct {
		err  *APIError
		want string
	}{
		{&APIError{Operation: "ListOrders", StatusCode: 400, Code: "NextTokenCorrupted", Message: "bad", RequestID: "r1"},
			`pagegen: ListOrders: HTTP 400 NextTokenCorrupted: "bad" (request id r1)`},
		{&APIError{Operation: "ListOrders", StatusCode: 503}, "pagegen: ListOrders: HTTP 503"},
		{&APIError{StatusCode: 404, Message: "no such store"}, `pagegen: HTTP 404: "no such store"`},
		// Server text cannot forge log lines or drive the terminal.
		{&APIError{StatusCode: 400, Code: "Bad\nCode", Message: "line\n\x1b[2Jcleared", RequestID: "id 1"},
			`pagegen: HTTP 400 "Bad\nCode": "line\n\x1b[2Jcleared" (request id "id 1")`},
		{&APIError{Operation: "List", StatusCode: 429, Code: "TooManyRequests"}, "pagegen: List: HTTP 429 TooManyRequests"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestDecodeError(t *testing.T) {
	cause := errors.New("invalid character")
	err := error(&DecodeError{Op: "List", ContentType: "application/json", Err: cause})
	if !errors.Is(err, cause) {
		t.Error("DecodeError does not unwrap to its cause")
	}
	if want := `pagegen: List: decoding response (Content-Type "application/json"): invalid character`; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestCheckRange(t *testing.T) {
	one, ten := int64(1), int64(10)
	tests := []struct {
		v       int64
		lo, hi  *int64
		wantMsg string
	}{
		{5, &one, &ten, ""},
		{1, &one, &ten, ""},
		{10, &one, &ten, ""},
		{11, &one, &ten, "pagegen: invalid parameters: maxResults 11 is outside 1..10"},
		{0, &one, &ten, "pagegen: invalid parameters: maxResults 0 is outside 1..10"},
		{0, &one, nil, "pagegen: invalid parameters: maxResults 0 is outside 1.."},
		{99, nil, &ten, "pagegen: invalid parameters: maxResults 99 is outside ..10"},
		{-5, nil, nil, ""},
	}
	for _, tt := range tests {
		err := checkRange("maxResults", tt.v, tt.lo, tt.hi)
		switch {
		case tt.wantMsg == "" && err != nil:
			t.Errorf("checkRange(%d) = %v, want nil", tt.v, err)
		case tt.wantMsg != "" && (err == nil || err.Error() != tt.wantMsg || !errors.Is(err, ErrInvalidParams)):
			t.Errorf("checkRange(%d) = %v, want %q wrapping ErrInvalidParams", tt.v, err, tt.wantMsg)
		}
	}
}
