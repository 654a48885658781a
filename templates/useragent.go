package templates

// userAgent stands in for the constant that pagegen declares in each
// generated package (in doc.go), naming that package's client: the runtime
// sends it as the User-Agent. This file is not copied.
const userAgent = "templates-go (pagegen)"
