// Package mwsserver is an emulated Amazon Marketplace Web Service (MWS) for pagegen's
// end-to-end tests. It serves the three sections that specs/mws.yaml describes, as the MWS
// developer guides document them:
//
//   - Orders 2013-09-01 at /Orders/2013-09-01: ListOrders and ListOrdersByNextToken; the walk
//     ends when a page carries no NextToken.
//   - Reports 2009-01-01 at /: GetReportList and GetReportListByNextToken; every page carries
//     HasNext, and a NextToken when HasNext is true.
//   - Customer Information 2014-03-01 at /CustomerInformation/2014-03-01: ListCustomers and
//     ListCustomersByNextToken; every page carries a NextToken and MoreResultsAvailable. False
//     means "nothing more now": the token resumes at the current end, and customers added
//     later (AddCustomers) are returned when it is used.
//
// Tests start it with httptest.NewServer(mwsserver.New()), fill it with AddOrders, AddReports
// and AddCustomers, inject faults with Throttle, FailNext and InvalidateTokens, and observe it
// with Calls, Log and Tokens.
//
// # Requests
//
// Every call is a POST with an application/x-www-form-urlencoded body (query-string fields
// are merged in, as MWS allows). The server checks, in this order, and answers with the MWS
// error code in parentheses:
//
//   - an injected fault, before anything else, so that "the next n requests" means exactly
//     that (503 RequestThrottled from Throttle, or whatever FailNext set up);
//   - the method (405 MethodNotAllowed), the Content-Type and a readable body
//     (400 InvalidParameterValue);
//   - the path (404 InvalidAddress, as MWS documents for an unknown section or path);
//   - Action (400 MissingParameter, or 400 InvalidAction for an unknown action or one of
//     another section), Version (400 MissingParameter / InvalidParameterValue) and SellerId
//     (400 MissingParameter); the Reports section also accepts the older Merchant field in
//     its place, as MWS did;
//   - the operation's own fields: a field named twice, a value out of range (MaxResultsPerPage
//     and MaxCount must be 1..100), an unknown enum value or a malformed date gets
//     400 InvalidParameterValue, and so does any field the operation does not define. The
//     ByNextToken operations accept only SellerId, MWSAuthToken and NextToken (plus the
//     signature fields): the filters and the page size travel inside the token, as in MWS.
//
// An empty field counts as absent. The signature fields (AWSAccessKeyId, SignatureMethod,
// SignatureVersion, Timestamp, Signature) are accepted and ignored: the emulator checks no
// signatures. List filters use the MWS encoding, e.g. MarketplaceId.Id.1, OrderStatus.Status.2;
// a bare MarketplaceId on ListOrders is an unknown field, as the spec models it as a list.
//
// # Responses
//
// Responses are text/xml documents in the section's namespace with ResponseMetadata/RequestId,
// and every response (errors too) has the x-mws-request-id header. Errors are
//
//	<ErrorResponse xmlns="…"><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestID>…</RequestID></ErrorResponse>
//
// with Type Receiver for HTTP 5xx. Request ids come from a counter, and the generated data
// derive from each item's index, so a test run is reproducible byte for byte.
//
// # Tokens
//
// A NextToken is standard base64 (it always contains '+' and '/' and ends in '=', so a
// client that forgets to form-encode it is caught) of an HMAC-SHA256 and a payload naming the
// operation family, the seller, the position, the page size, the snapshot and the filters.
// A token that does not decode, fails the HMAC, belongs to another family or was issued to
// another seller gets 400 NextTokenCorrupted, and so does every token issued before
// InvalidateTokens. Tokens are deterministic: the same walk yields the same tokens, and a
// caught-up Customers walk gets the same token again until customers arrive.
//
// Orders and Reports walks see the items that existed when the walk began (the token carries
// that snapshot), so items added mid-walk do not shift pages; Customers walks have no
// snapshot, because MoreResultsAvailable exists to show customers that arrive later.
// Listings are in the order items were added.
package mwsserver
