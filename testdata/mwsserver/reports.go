package mwsserver

import (
	"encoding/xml"
	"strconv"
	"time"
)

// reportsEpoch is when the first generated report became available; report i follows
// reportSpacing after report i-1.
var reportsEpoch = time.Date(2009, 2, 10, 9, 22, 33, 0, time.UTC)

const reportSpacing = 61 * time.Minute

var reportTypes = []string{
	"_GET_FLAT_FILE_OPEN_LISTINGS_DATA_",
	"_GET_MERCHANT_LISTINGS_DATA_",
	"_GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_",
	"_GET_AFN_INVENTORY_DATA_",
}

// reportInfo is a ReportInfo element.
type reportInfo struct {
	ReportId         string
	ReportType       string
	ReportRequestId  string
	AvailableDate    string
	Acknowledged     bool
	AcknowledgedDate string `xml:",omitempty"`

	available time.Time // for filtering; unexported, so not marshalled
}

// formatReportDate writes times as the Reports section does ("+00:00", not "Z").
func formatReportDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-07:00") }

// newReport derives report i from its index alone.
func newReport(i int) reportInfo {
	available := reportsEpoch.Add(time.Duration(i) * reportSpacing)
	r := reportInfo{
		ReportId:        strconv.FormatInt(898899473+int64(i)*7919, 10),
		ReportType:      reportTypes[i%len(reportTypes)],
		ReportRequestId: strconv.FormatInt(2278662938+int64(i)*101, 10),
		AvailableDate:   formatReportDate(available),
		Acknowledged:    i%3 == 2,
		available:       available,
	}
	if r.Acknowledged {
		r.AcknowledgedDate = formatReportDate(available.Add(2 * time.Hour))
	}
	return r
}

// AddReports creates n reports and returns their ReportIds in listing order. Reports are
// listed in the order they were added; every third one (index 2, 5, …) is acknowledged.
func (s *Server) AddReports(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, max(n, 0))
	for range n {
		r := newReport(len(s.reports))
		s.reports = append(s.reports, r)
		ids = append(ids, r.ReportId)
	}
	return ids
}

// reportFilter is a parsed GetReportList query.
type reportFilter struct {
	types, requestIDs      []string
	acknowledged, ackSet   bool
	availableFrom, availTo time.Time
}

func parseReportFilter(p *params) (reportFilter, *apiError) {
	var f reportFilter
	var err *apiError
	if f.types, err = p.list("ReportTypeList", "Type"); err != nil {
		return f, err
	}
	if f.requestIDs, err = p.list("ReportRequestIdList", "Id"); err != nil {
		return f, err
	}
	if f.acknowledged, f.ackSet, err = p.boolean("Acknowledged"); err != nil {
		return f, err
	}
	if f.availableFrom, err = p.date("AvailableFromDate"); err != nil {
		return f, err
	}
	if f.availTo, err = p.date("AvailableToDate"); err != nil {
		return f, err
	}
	if !f.availTo.IsZero() && f.availTo.Before(f.availableFrom) {
		return f, invalidParameter("AvailableToDate must not be earlier than AvailableFromDate.")
	}
	return f, nil
}

func (f *reportFilter) match(r *reportInfo) bool {
	// As MWS documents: with ReportRequestIdList, the other conditions are ignored.
	if len(f.requestIDs) > 0 {
		return oneOf(r.ReportRequestId, f.requestIDs)
	}
	return oneOf(r.ReportType, f.types) &&
		(!f.ackSet || r.Acknowledged == f.acknowledged) &&
		inWindow(r.available, f.availableFrom, f.availTo)
}

// reportsResult is GetReportListResult or GetReportListByNextTokenResult. The ReportInfo
// elements sit directly in the result, without a wrapper element.
type reportsResult struct {
	XMLName    xml.Name
	NextToken  string `xml:",omitempty"`
	HasNext    bool
	ReportInfo []reportInfo
}

func (s *Server) getReportList(req *request) (any, string, *apiError) {
	size, err := req.params.intIn("MaxCount", 1, 100, DefaultReportsPageSize)
	if err != nil {
		return nil, "", err
	}
	f, err := parseReportFilter(req.params)
	if err != nil {
		return nil, "", err
	}
	if err := req.params.leftover(req.action); err != nil {
		return nil, "", err
	}
	w := walk{family: "reports", seller: req.seller, size: size, snap: len(s.reports), filter: req.params.filters("MaxCount")}
	result, token := s.reportsPage(req.action, w, &f)
	return result, token, nil
}

func (s *Server) getReportListByNextToken(req *request) (any, string, *apiError) {
	w, f, err := resume(s, req, "reports", parseReportFilter)
	if err != nil {
		return nil, "", err
	}
	if w.snap < 0 || w.snap > len(s.reports) || w.pos > w.snap {
		return nil, "", tokenCorrupted()
	}
	result, token := s.reportsPage(req.action, w, &f)
	return result, token, nil
}

// reportsPage builds the page of walk w. The caller holds s.mu.
func (s *Server) reportsPage(action string, w walk, f *reportFilter) (*reportsResult, string) {
	idx, next, more := page(w.snap, w.pos, w.size, func(i int) bool { return f.match(&s.reports[i]) })
	res := &reportsResult{XMLName: xml.Name{Local: action + "Result"}, HasNext: more}
	for _, i := range idx {
		res.ReportInfo = append(res.ReportInfo, s.reports[i])
	}
	if !more {
		return res, ""
	}
	w.pos = next
	res.NextToken = s.encodeToken(w)
	return res, res.NextToken
}
