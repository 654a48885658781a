package infer

// The weights of inference's confidence, with why each is what it is. A
// confidence starts from what a detector found and moves with what the rest
// of the operation says; DefaultMinConfidence (0.6) is the line below which
// an inferred paginator is not generated, so the weights are set against
// it: a finding that alone should generate starts above it, a doubt takes
// away enough to matter only together with another. TestCorpus prints how
// often each confidence is right on the corpora in ../shared, and fails
// unless what falls below the line is right less often than anything above.
const (
	// declaredConfidence is that of an annotation: its author knows.
	declaredConfidence = 1.0
	// inferredCeiling caps inference, which never claims a declaration's
	// certainty.
	inferredCeiling = 0.99

	// tokenPairBase and tokenPairPerScore rate a token input paired with a
	// response property: pairScore runs from 2 (names that fit a kind, a
	// cursor beside next_cursor) to 3 (pageToken ↔ nextPageToken), so a
	// pair lands between 0.8 and 0.9, below a next link only when the names
	// merely fit. An echoed input (echo.go) scores 2.5 when the response
	// names its next value or a header named after it carries it back, 3
	// when that header says it continues the walk (x-ms-continuation-NAME),
	// 1 when it only repeats its name (0.7).
	tokenPairBase     = 0.6
	tokenPairPerScore = 0.1
	// nextLinkConfidence: a property named for the next page's URL says
	// almost all there is to say.
	nextLinkConfidence = 0.85
	// linkHeaderConfidence: a declared Link header pages GitHub-style APIs,
	// but some APIs declare it for other relations; linkHeaderWithPaging
	// is added when the request also takes a page or a page size.
	linkHeaderConfidence = 0.7
	linkHeaderWithPaging = 0.15
	// afterIDConfidence: an "after" input fed by the last item's id
	// (Stripe's starting_after) needs items with ids, checked before.
	afterIDConfidence = 0.8
	// pageNumberConfidence and offsetConfidence: a page number or an
	// offset input is common outside paging too (a search's page of
	// facets, a log's offset), so they start near the line;
	// withPageSize lifts them when a page size sits beside.
	pageNumberConfidence = 0.65
	offsetConfidence     = 0.6
	withPageSize         = 0.1
	// namedContinuation and shapedContinuation add to what the items gave
	// an operation continued by another (MWS ListOrders →
	// ListOrdersByNextToken): found by name it is near certain, by shape
	// alone a little less.
	namedContinuation  = 0.85
	shapedContinuation = 0.75
	// borrowedTokenConfidence: most operations that take the same token
	// find it in the same place, which this response does not declare.
	borrowedTokenConfidence = 0.75
	// linkHeaderConvention: most operations that take the same page input
	// declare a Link header, so this one is read the same way.
	linkHeaderConvention = 0.1

	// pageSizeBonus: a page size input is one more sign of paging, a small
	// one (searches take a limit too).
	pageSizeBonus = 0.03
	// changesNotLists: PUT and PATCH change things; one that pages must
	// say so by more than its shapes.
	changesNotLists = 0.3
	// echoAlonePenalty: an input echoed back under its own name, beside
	// the items, with no page size beside it, is as likely a filter the
	// response repeats: it takes a pair (0.7) below the line.
	echoAlonePenalty = 0.15
	// ambiguityPenalty: inference had to choose between two inputs, two
	// arrays or two continuations that scored alike.
	ambiguityPenalty = 0.1
	// openResponsePenalty: the response declares no array of items, only
	// room for undeclared properties.
	openResponsePenalty = 0.1
	// noRoomPenalty: a borrowed token has no room in the response (closed,
	// no object for it, no flag saying more follow); noRoomAlonePenalty
	// again when nothing else says the operation pages.
	noRoomPenalty      = 0.1
	noRoomAlonePenalty = 0.1
)
