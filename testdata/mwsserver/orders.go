package mwsserver

import (
	"encoding/xml"
	"fmt"
	"slices"
	"time"
)

// ordersEpoch is the purchase date of the first generated order; order i is placed
// orderSpacing later than order i-1, so dates depend only on the index.
var ordersEpoch = time.Date(2013, 9, 1, 8, 0, 0, 0, time.UTC)

const orderSpacing = 47 * time.Minute

// order is an Order element, fields in MWS's order.
type order struct {
	AmazonOrderId                string
	SellerOrderId                string `xml:",omitempty"`
	PurchaseDate                 string
	LastUpdateDate               string
	OrderStatus                  string
	FulfillmentChannel           string
	SalesChannel                 string
	ShipServiceLevel             string
	ShippingAddress              *address `xml:",omitempty"`
	OrderTotal                   *money   `xml:",omitempty"`
	NumberOfItemsShipped         int
	NumberOfItemsUnshipped       int
	PaymentMethod                string
	MarketplaceId                string
	BuyerEmail                   string `xml:",omitempty"`
	BuyerName                    string `xml:",omitempty"`
	ShipmentServiceLevelCategory string
	OrderType                    string
	EarliestShipDate             string
	LatestShipDate               string
	IsBusinessOrder              bool
	IsPrime                      bool
	IsPremiumOrder               bool

	purchased, updated time.Time // for filtering; unexported, so not marshalled
}

type address struct {
	Name          string
	AddressLine1  string
	AddressLine2  string `xml:",omitempty"`
	City          string
	StateOrRegion string
	PostalCode    string
	CountryCode   string
	Phone         string `xml:",omitempty"`
}

type money struct {
	CurrencyCode string
	Amount       string
}

// orderStatuses are the OrderStatus values MWS documents.
var orderStatuses = []string{"PendingAvailability", "Pending", "Unshipped", "PartiallyShipped", "Shipped", "InvoiceUnconfirmed", "Canceled", "Unfulfillable"}

// generatedStatuses is the cycle of statuses given to generated orders; it includes Pending,
// for which MWS leaves out the buyer and charge fields, so clients meet absent optional fields.
var generatedStatuses = []string{"Shipped", "Unshipped", "Pending", "Shipped", "PartiallyShipped", "Canceled", "Shipped", "Unshipped"}

var buyerNames = []string{"Jane Smith", "Taro Yamada", "Maria Garcia", "Li Wei", "Olivia Brown", "Noah Wilson", "Emma Johnson", "Lucas Martin"}

var usAddresses = []address{
	{AddressLine1: "410 Terry Ave N", City: "Seattle", StateOrRegion: "WA", PostalCode: "98109", CountryCode: "US"},
	{AddressLine1: "500 W 2nd St", AddressLine2: "Suite 1900", City: "Austin", StateOrRegion: "TX", PostalCode: "78701", CountryCode: "US"},
	{AddressLine1: "101 Main St", City: "Cambridge", StateOrRegion: "MA", PostalCode: "02142", CountryCode: "US"},
}

var caAddresses = []address{
	{AddressLine1: "120 Bremner Blvd", City: "Toronto", StateOrRegion: "ON", PostalCode: "M5J 0A8", CountryCode: "CA"},
	{AddressLine1: "510 W Georgia St", City: "Vancouver", StateOrRegion: "BC", PostalCode: "V6B 0M3", CountryCode: "CA"},
}

// newOrder derives order i from its index alone.
func newOrder(i int) order {
	purchased := ordersEpoch.Add(time.Duration(i) * orderSpacing)
	updated := purchased.Add(time.Duration(i%4) * 20 * time.Minute)
	status := generatedStatuses[i%len(generatedStatuses)]
	o := order{
		// The last group is unique for i < 10^7 because 104729 is prime to 10.
		AmazonOrderId:                fmt.Sprintf("%03d-%07d-%07d", 100+(i*37)%900, (i*7919+1234567)%10000000, (i*104729+7654321)%10000000),
		PurchaseDate:                 formatDate(purchased),
		LastUpdateDate:               formatDate(updated),
		OrderStatus:                  status,
		FulfillmentChannel:           "MFN",
		SalesChannel:                 "Amazon.com",
		ShipServiceLevel:             "Std US D2D Dom",
		PaymentMethod:                "Other",
		MarketplaceId:                MarketplaceUS,
		ShipmentServiceLevelCategory: "Standard",
		OrderType:                    "StandardOrder",
		EarliestShipDate:             formatDate(purchased.Add(24 * time.Hour)),
		LatestShipDate:               formatDate(purchased.Add(72 * time.Hour)),
		IsBusinessOrder:              i%10 == 7,
		IsPrime:                      i%2 == 0,
		purchased:                    purchased,
		updated:                      updated,
	}
	if i%2 == 1 {
		o.SellerOrderId = fmt.Sprintf("SO-%06d", i+1)
	}
	if i%3 == 0 {
		o.FulfillmentChannel = "AFN"
	}
	if i%5 == 4 {
		o.ShipServiceLevel = "Exp US D2D Dom"
		o.ShipmentServiceLevelCategory = "Expedited"
	}
	currency, addr := "USD", usAddresses[i%len(usAddresses)]
	if i%4 == 3 {
		o.MarketplaceId, o.SalesChannel, o.ShipServiceLevel = MarketplaceCA, "Amazon.ca", "Std CA Dom"
		currency, addr = "CAD", caAddresses[i%len(caAddresses)]
	}
	items := 1 + i%3
	switch status {
	case "Shipped":
		o.NumberOfItemsShipped = items
	case "PartiallyShipped":
		o.NumberOfItemsShipped, o.NumberOfItemsUnshipped = 1, items+1
	case "Canceled":
	default:
		o.NumberOfItemsUnshipped = items
	}
	// MWS returns no buyer or charge information for a Pending standard order.
	if status != "Pending" {
		name := buyerNames[i%len(buyerNames)]
		addr.Name = name
		if i%3 == 1 {
			addr.Phone = fmt.Sprintf("+1 206-555-%04d", i%10000)
		}
		o.ShippingAddress = &addr
		o.OrderTotal = &money{CurrencyCode: currency, Amount: fmt.Sprintf("%d.%02d", 5+(i*13)%200, (i*37)%100)}
		o.BuyerEmail = fmt.Sprintf("buyer%06d@marketplace.amazon.com", i+1)
		o.BuyerName = name
	}
	return o
}

// AddOrders creates n orders and returns their AmazonOrderIds in listing order. Orders are
// listed in the order they were added; their ids and dates derive from their position, so
// the same calls always create the same orders.
func (s *Server) AddOrders(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, max(n, 0))
	for range n {
		o := newOrder(len(s.orders))
		s.orders = append(s.orders, o)
		ids = append(ids, o.AmazonOrderId)
	}
	return ids
}

// orderFilter is a parsed ListOrders query.
type orderFilter struct {
	createdAfter, createdBefore, updatedAfter, updatedBefore time.Time
	byUpdate                                                 bool // the query is by LastUpdateDate
	statuses, marketplaces, channels                         []string
	buyerEmail                                               string
}

func parseOrderFilter(p *params) (orderFilter, *apiError) {
	var f orderFilter
	var err *apiError
	for _, d := range []struct {
		name string
		dst  *time.Time
	}{
		{"CreatedAfter", &f.createdAfter},
		{"CreatedBefore", &f.createdBefore},
		{"LastUpdatedAfter", &f.updatedAfter},
		{"LastUpdatedBefore", &f.updatedBefore},
	} {
		if *d.dst, err = p.date(d.name); err != nil {
			return f, err
		}
	}
	if f.statuses, err = p.list("OrderStatus", "Status"); err != nil {
		return f, err
	}
	if err = enum("OrderStatus", f.statuses, orderStatuses...); err != nil {
		return f, err
	}
	if f.marketplaces, err = p.list("MarketplaceId", "Id"); err != nil {
		return f, err
	}
	if f.channels, err = p.list("FulfillmentChannel", "Channel"); err != nil {
		return f, err
	}
	if err = enum("FulfillmentChannel", f.channels, "AFN", "MFN"); err != nil {
		return f, err
	}
	if f.buyerEmail, err = p.str("BuyerEmail"); err != nil {
		return f, err
	}
	// The combinations MWS rejects: a query is by creation time or by update time, and a
	// buyer's orders are looked up by creation time.
	byCreation := !f.createdAfter.IsZero() || !f.createdBefore.IsZero()
	f.byUpdate = !f.updatedAfter.IsZero() || !f.updatedBefore.IsZero()
	switch {
	case byCreation && f.byUpdate:
		return f, invalidParameter("CreatedAfter/CreatedBefore and LastUpdatedAfter/LastUpdatedBefore cannot be combined.")
	case f.byUpdate && f.buyerEmail != "":
		return f, invalidParameter("BuyerEmail cannot be combined with LastUpdatedAfter/LastUpdatedBefore.")
	case !f.createdBefore.IsZero() && f.createdBefore.Before(f.createdAfter):
		return f, invalidParameter("CreatedBefore must not be earlier than CreatedAfter.")
	case !f.updatedBefore.IsZero() && f.updatedBefore.Before(f.updatedAfter):
		return f, invalidParameter("LastUpdatedBefore must not be earlier than LastUpdatedAfter.")
	}
	return f, nil
}

func (f *orderFilter) match(o *order) bool {
	return inWindow(o.purchased, f.createdAfter, f.createdBefore) &&
		inWindow(o.updated, f.updatedAfter, f.updatedBefore) &&
		oneOf(o.OrderStatus, f.statuses) &&
		oneOf(o.MarketplaceId, f.marketplaces) &&
		oneOf(o.FulfillmentChannel, f.channels) &&
		(f.buyerEmail == "" || f.buyerEmail == o.BuyerEmail)
}

// inWindow reports whether after <= t < before; a zero bound is open.
func inWindow(t, after, before time.Time) bool {
	return (after.IsZero() || !t.Before(after)) && (before.IsZero() || t.Before(before))
}

// oneOf reports whether v is in set; an empty set matches everything.
func oneOf(v string, set []string) bool {
	return len(set) == 0 || slices.Contains(set, v)
}

// ordersResult is ListOrdersResult or ListOrdersByNextTokenResult.
type ordersResult struct {
	XMLName           xml.Name
	NextToken         string `xml:",omitempty"`
	CreatedBefore     string `xml:",omitempty"`
	LastUpdatedBefore string `xml:",omitempty"`
	Orders            struct {
		// A struct, not "Orders>Order", so that an empty page still has <Orders></Orders>.
		Order []order
	}
}

func (s *Server) listOrders(req *request) (any, string, *apiError) {
	size, err := req.params.intIn("MaxResultsPerPage", 1, 100, DefaultOrdersPageSize)
	if err != nil {
		return nil, "", err
	}
	f, err := parseOrderFilter(req.params)
	if err != nil {
		return nil, "", err
	}
	if err := req.params.leftover(req.action); err != nil {
		return nil, "", err
	}
	w := walk{family: "orders", seller: req.seller, size: size, snap: len(s.orders), filter: req.params.filters("MaxResultsPerPage")}
	result, token := s.ordersPage(req.action, w, &f)
	return result, token, nil
}

func (s *Server) listOrdersByNextToken(req *request) (any, string, *apiError) {
	w, f, err := resume(s, req, "orders", parseOrderFilter)
	if err != nil {
		return nil, "", err
	}
	if w.snap < 0 || w.snap > len(s.orders) || w.pos > w.snap {
		return nil, "", tokenCorrupted()
	}
	result, token := s.ordersPage(req.action, w, &f)
	return result, token, nil
}

// ordersPage builds the page of walk w. The caller holds s.mu.
func (s *Server) ordersPage(action string, w walk, f *orderFilter) (*ordersResult, string) {
	idx, next, more := page(w.snap, w.pos, w.size, func(i int) bool { return f.match(&s.orders[i]) })
	res := &ordersResult{XMLName: xml.Name{Local: action + "Result"}}
	res.Orders.Order = make([]order, 0, len(idx))
	for _, i := range idx {
		res.Orders.Order = append(res.Orders.Order, s.orders[i])
	}
	// MWS reports the end of the window it searched; without an explicit bound that is "now",
	// which the emulator pins to a point after the walk's snapshot so that it is reproducible.
	now := ordersEpoch.Add(time.Duration(w.snap)*orderSpacing + 2*time.Hour)
	if f.byUpdate {
		res.LastUpdatedBefore = formatDate(orDefault(f.updatedBefore, now))
	} else {
		res.CreatedBefore = formatDate(orDefault(f.createdBefore, now))
	}
	if !more {
		return res, ""
	}
	w.pos = next
	res.NextToken = s.encodeToken(w)
	return res, res.NextToken
}

func orDefault(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t
}
