package mwsserver

import (
	"encoding/xml"
	"fmt"
	"time"
)

// customersEpoch is when the first generated customer was associated; customer i follows
// customerSpacing after customer i-1.
var customersEpoch = time.Date(2014, 3, 1, 10, 0, 0, 0, time.UTC)

const customerSpacing = 3 * time.Hour

// customer is a Customer element of the Customer Information section.
type customer struct {
	CustomerId             string
	ShippingAddressList    []customerAddress `xml:"ShippingAddressList>ShippingAddress"`
	PrimaryContactInfo     contactInfo
	AccountType            string
	AssociatedMarketplaces []marketplaceDomain `xml:"AssociatedMarketplaces>MarketplaceDomain"`

	marketplaceID       string // for the MarketplaceId filter; MWS does not return it
	associated, updated time.Time
}

type customerAddress struct {
	IsDefaultAddress bool
	FullName         string
	AddressLine1     string
	AddressLine2     string `xml:",omitempty"`
	City             string
	StateOrRegion    string
	PostalCode       string
	CountryCode      string
}

type contactInfo struct {
	Email    string
	FullName string
}

type marketplaceDomain struct {
	DomainName    string
	Origin        bool
	AssociatedOn  string
	LastUpdatedOn string
}

// newCustomer derives customer i from its index alone.
func newCustomer(i int) customer {
	associated := customersEpoch.Add(time.Duration(i) * customerSpacing)
	updated := associated.Add(time.Duration(i%3) * 30 * time.Minute)
	name := buyerNames[(i+3)%len(buyerNames)]
	c := customer{
		// Multiplying by an odd constant is a bijection modulo 2^48, so ids are unique.
		CustomerId:         fmt.Sprintf("A%012X", (uint64(i+1)*0x9E3779B97F4A7C15)&(1<<48-1)),
		PrimaryContactInfo: contactInfo{Email: fmt.Sprintf("customer%05d@example.com", i+1), FullName: name},
		AccountType:        "Customer",
		marketplaceID:      MarketplaceUS,
		associated:         associated,
		updated:            updated,
	}
	domain, addrs := "www.amazon.com", usAddresses
	if i%4 == 3 {
		c.marketplaceID, domain, addrs = MarketplaceCA, "www.amazon.ca", caAddresses
	}
	c.AssociatedMarketplaces = []marketplaceDomain{{
		DomainName: domain, Origin: true, AssociatedOn: formatDate(associated), LastUpdatedOn: formatDate(updated),
	}}
	for k := range 1 + boolToInt(i%3 == 0) {
		a := addrs[(i+k)%len(addrs)]
		c.ShippingAddressList = append(c.ShippingAddressList, customerAddress{
			IsDefaultAddress: k == 0,
			FullName:         name,
			AddressLine1:     a.AddressLine1,
			AddressLine2:     a.AddressLine2,
			City:             a.City,
			StateOrRegion:    a.StateOrRegion,
			PostalCode:       a.PostalCode,
			CountryCode:      a.CountryCode,
		})
	}
	return c
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AddCustomers creates n customers and returns their CustomerIds in listing order. Customers
// are listed in the order they were added. A Customers walk that has caught up
// (MoreResultsAvailable false) returns the customers added afterwards when resumed with its
// last NextToken.
func (s *Server) AddCustomers(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, max(n, 0))
	for range n {
		c := newCustomer(len(s.customers))
		s.customers = append(s.customers, c)
		ids = append(ids, c.CustomerId)
	}
	return ids
}

// customerFilter is a parsed ListCustomers query.
type customerFilter struct {
	marketplace string
	byAssociate bool // DateRangeType AssociatedDate, else LastUpdatedDate
	start, end  time.Time
}

func parseCustomerFilter(p *params) (customerFilter, *apiError) {
	var f customerFilter
	var err *apiError
	if f.marketplace, err = p.str("MarketplaceId"); err != nil {
		return f, err
	}
	rangeType, err := p.str("DateRangeType")
	if err != nil {
		return f, err
	}
	if err := enum("DateRangeType", []string{rangeType}, "", "LastUpdatedDate", "AssociatedDate"); err != nil {
		return f, err
	}
	f.byAssociate = rangeType == "AssociatedDate"
	if f.start, err = p.date("DateRangeStart"); err != nil {
		return f, err
	}
	if f.end, err = p.date("DateRangeEnd"); err != nil {
		return f, err
	}
	if !f.end.IsZero() && f.end.Before(f.start) {
		return f, invalidParameter("DateRangeEnd must not be earlier than DateRangeStart.")
	}
	return f, nil
}

func (f *customerFilter) match(c *customer) bool {
	t := c.updated
	if f.byAssociate {
		t = c.associated
	}
	return (f.marketplace == "" || f.marketplace == c.marketplaceID) && inWindow(t, f.start, f.end)
}

// customersResult is ListCustomersResult or ListCustomersByNextTokenResult.
type customersResult struct {
	XMLName      xml.Name
	CustomerList struct {
		// A struct, not "CustomerList>Customer", so that an empty page still has the element.
		Customer []customer
	}
	NextToken            string
	MoreResultsAvailable bool
}

func (s *Server) listCustomers(req *request) (any, string, *apiError) {
	f, err := parseCustomerFilter(req.params)
	if err != nil {
		return nil, "", err
	}
	if err := req.params.leftover(req.action); err != nil {
		return nil, "", err
	}
	// No snapshot (-1): customers added later must show up when the walk resumes.
	w := walk{family: "customers", seller: req.seller, size: s.customersPageSize, snap: -1, filter: req.params.filters("")}
	result, token := s.customersPage(req.action, w, &f)
	return result, token, nil
}

func (s *Server) listCustomersByNextToken(req *request) (any, string, *apiError) {
	w, f, err := resume(s, req, "customers", parseCustomerFilter)
	if err != nil {
		return nil, "", err
	}
	if w.snap != -1 || w.pos > len(s.customers) {
		return nil, "", tokenCorrupted()
	}
	result, token := s.customersPage(req.action, w, &f)
	return result, token, nil
}

// customersPage builds the page of walk w. Unlike the other sections it always issues a
// NextToken: when MoreResultsAvailable is false, the token points at the current end, where
// later customers will appear. The caller holds s.mu.
func (s *Server) customersPage(action string, w walk, f *customerFilter) (*customersResult, string) {
	idx, next, more := page(len(s.customers), w.pos, w.size, func(i int) bool { return f.match(&s.customers[i]) })
	res := &customersResult{XMLName: xml.Name{Local: action + "Result"}, MoreResultsAvailable: more}
	res.CustomerList.Customer = make([]customer, 0, len(idx))
	for _, i := range idx {
		res.CustomerList.Customer = append(res.CustomerList.Customer, s.customers[i])
	}
	w.pos = next
	res.NextToken = s.encodeToken(w)
	return res, res.NextToken
}
