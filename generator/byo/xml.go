package byo

import (
	"fmt"

	"github.com/pagegen/pagegen/generator/model"
)

// xmlResponse refuses an operation whose success response is XML (MWS's
// text/xml): neither client generator gives pagegen its items.
func (b *binder) xmlResponse(op *model.Operation) error {
	r := op.Result
	if r == nil || r.Format != model.FormatXML {
		return nil
	}
	if b.generator == Ogen {
		return fmt.Errorf("the response is XML (%s), for which ogen generates no method: it stops with \"unsupported content types\", or skips the operation when told to ignore what it cannot implement; pagegen's own client (-client standalone) decodes this API's XML", r.ContentType)
	}
	return fmt.Errorf("the response is XML (%s), which oapi-codegen decodes with encoding/xml into models whose fields have json tags only: a wrapped list (<Items><Item>…</Item></Items>) becomes one empty item, so there are no items to page; pagegen's own client (-client standalone) decodes this API's XML", r.ContentType)
}
