module github.com/pagegen/pagegen/generated_examples/byo

go 1.26.0

replace github.com/pagegen/pagegen => ../..

require (
	github.com/oapi-codegen/runtime v1.9.0
	github.com/pagegen/pagegen v0.0.0-00010101000000-000000000000
)

require (
	github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
)
