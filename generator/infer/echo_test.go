package infer_test

import (
	"fmt"
	"testing"
)

// Inputs the response echoes back pair whatever their word; the traps that
// echo too do not.
func TestInferEchoes(t *testing.T) {
	runCases(t, []inferCase{{
		name: "same name beside the items, with a page size",
		spec: specOf(`
paths:
  /restapis:
    get:
      operationId: GetRestApis
      parameters:
        - {name: position, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  item: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  position: {type: string}
  /_search/scroll:
    post:
      operationId: scroll
      parameters: [{name: scroll_id, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  _scroll_id: {type: string}
                  hits: {type: array, items: {type: object, properties: {_id: {type: string}}}}
`),
		want: map[string]string{
			"GetRestApis": "token query:position → position items=item limit=query:limit",
			// Without a page size the echo is as likely a filter: found,
			// below the line.
			"scroll": "skipped",
		},
	}, {
		name: "next prefix, whatever the word, and a header named after the input",
		spec: specOf(`
paths:
  /events:
    get:
      operationId: getEvents
      parameters:
        - {name: stream_position, in: query, schema: {type: string}}
        - {name: chunk_size, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  entries: {type: array, items: {type: object, properties: {event_id: {type: string}}}}
                  next_stream_position: {type: string}
  /Tables:
    get:
      operationId: Table_Query
      parameters:
        - {name: NextTableName, in: query, schema: {type: string}}
        - {name: $top, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          headers:
            x-ms-continuation-NextTableName: {schema: {type: string}}
            x-ms-request-id: {schema: {type: string}}
          content:
            application/json:
              schema: {type: object, properties: {value: {type: array, items: {type: object, properties: {TableName: {type: string}}}}}}
`),
		want: map[string]string{
			"getEvents":   "token query:stream_position → next_stream_position items=entries",
			"Table_Query": "token query:NextTableName → header:x-ms-continuation-NextTableName items=value limit=query:$top",
		},
	}, {
		name: "several next values at once are a token set, carried as one token",
		spec: specOf(`
paths:
  /rrset:
    get:
      operationId: ListResourceRecordSets
      parameters:
        - {name: name, in: query, schema: {$ref: '#/components/schemas/DNSName'}}
        - {name: type, in: query, schema: {$ref: '#/components/schemas/RRType'}}
        - {name: maxitems, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/xml:
              schema:
                type: object
                properties:
                  ResourceRecordSets: {type: array, items: {type: object, properties: {Name: {type: string}}}}
                  IsTruncated: {type: boolean}
                  NextRecordName: {$ref: '#/components/schemas/DNSName'}
                  NextRecordType: {$ref: '#/components/schemas/RRType'}
  /{Bucket}#versions:
    get:
      operationId: ListObjectVersions
      parameters:
        - {name: Bucket, in: path, required: true, schema: {type: string}}
        - {name: key-marker, in: query, schema: {type: string}}
        - {name: version-id-marker, in: query, schema: {type: string}}
        - {name: max-keys, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/xml:
              schema:
                type: object
                properties:
                  Versions: {type: array, items: {type: object, properties: {Key: {type: string}, VersionId: {type: string}}}}
                  IsTruncated: {type: boolean}
                  NextKeyMarker: {type: string}
                  NextVersionIdMarker: {type: string}
components:
  schemas:
    DNSName: {type: string}
    RRType: {type: string, enum: [A, AAAA, CNAME]}
`),
		want: map[string]string{"ListResourceRecordSets": "token query:name → NextRecordName items=ResourceRecordSets more=IsTruncated set=query:name←NextRecordName,query:type←NextRecordType", "ListObjectVersions": "token query:key-marker → NextKeyMarker items=Versions limit=query:max-keys more=IsTruncated set=query:key-marker←NextKeyMarker,query:version-id-marker←NextVersionIdMarker"},
	}, {
		name: "echoes that are not positions",
		spec: specOf(`
paths:
  /records:
    post:
      operationId: GetRecords
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [ShardIterator]
              properties:
                ShardIterator: {type: string}
                Limit: {type: integer}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  Records: {type: array, items: {type: object, properties: {SequenceNumber: {type: string}}}}
                  NextShardIterator: {type: string}
  /pools:
    post:
      operationId: CreatePool
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                description: {type: string}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  name: {type: string}
                  description: {type: string}
                  rules: {type: array, items: {type: object, properties: {value: {type: string}}}}
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: status, in: query, schema: {type: string}}
        - {name: region, in: query, schema: {type: string}}
        - {name: If-None-Match, in: header, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          headers:
            ETag: {schema: {type: string}}
          content:
            application/json:
              schema:
                type: object
                properties:
                  things: {type: array, items: {type: object, properties: {status: {type: string}}}}
                  status: {type: string}
  /users:
    get:
      operationId: listUsers
      parameters:
        - {name: role, in: query, schema: {type: string, enum: [admin, member]}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  users: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  role: {type: string}
`),
		want: map[string]string{
			// The first request cannot carry what a response hands out.
			"GetRecords": "",
			// A created object echoes several inputs.
			"CreatePool": "",
			// A filter on a property of the items, echoed.
			"listThings": "",
			// A value from a fixed set is a filter.
			"listUsers": "",
		},
	}})
}

// Inputs that the response feeds back together become one token set.
func TestInferredTokenSet(t *testing.T) {
	api := build(t, specOf(`
paths:
  /rrset:
    get:
      operationId: ListResourceRecordSets
      parameters:
        - {name: name, in: query, schema: {$ref: '#/components/schemas/DNSName'}}
        - {name: identifier, in: query, schema: {$ref: '#/components/schemas/SetIdentifier'}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  ResourceRecordSets: {type: array, items: {type: object, properties: {Name: {type: string}}}}
                  NextRecordName: {$ref: '#/components/schemas/DNSName'}
                  NextRecordIdentifier: {$ref: '#/components/schemas/SetIdentifier'}
components:
  schemas:
    DNSName: {type: string}
    SetIdentifier: {type: string}
`))
	p := api.Operations[0].Pagination
	if p == nil || len(p.TokenSet) != 2 {
		t.Fatalf("pagination %+v, want a token set of name and identifier", p)
	}
	for i, want := range []string{"query:name←NextRecordName", "query:identifier←NextRecordIdentifier"} {
		if got := p.TokenSet[i].Request.String() + "←" + p.TokenSet[i].Response[0].String(); got != want {
			t.Errorf("token set part %d = %s, want %s", i, got, want)
		}
	}
}

// A header named after the input carries its next value back; one whose
// name also says it continues the walk (x-ms-continuation-NAME) says so
// with more confidence, and several of them are one token set.
func TestContinuationHeaders(t *testing.T) {
	api := build(t, specOf(`
paths:
  /tables:
    get:
      operationId: Tables_Query
      parameters:
        - {name: NextTableName, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          headers:
            x-ms-continuation-NextTableName: {schema: {type: string}}
          content:
            application/json:
              schema: {type: object, properties: {value: {type: array, items: {type: object}}}}
  /entities:
    get:
      operationId: Entities_Query
      parameters:
        - {name: NextRowKey, in: query, schema: {type: string}}
        - {name: NextPartitionKey, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          headers:
            x-ms-continuation-NextPartitionKey: {schema: {type: string}}
            x-ms-continuation-NextRowKey: {schema: {type: string}}
          content:
            application/json:
              schema: {type: object, properties: {value: {type: array, items: {type: object}}}}
  /views:
    get:
      operationId: Views_List
      parameters:
        - {name: NextViewName, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          headers:
            x-acme-NextViewName: {schema: {type: string}}
          content:
            application/json:
              schema: {type: object, properties: {value: {type: array, items: {type: object}}}}
`))
	got := map[string]string{}
	for _, op := range api.Operations {
		p := op.Pagination
		if p == nil {
			t.Fatalf("%s: not paginated", op.ID)
		}
		s := fmt.Sprintf("%.2f", p.Confidence)
		for _, part := range p.TokenSet {
			s += " " + part.Request.String() + "←" + part.Response[0].String()
		}
		got[op.ID] = s
	}
	want := map[string]string{
		"Tables_Query":   "0.90",
		"Entities_Query": "0.90 query:NextRowKey←header:x-ms-continuation-NextRowKey query:NextPartitionKey←header:x-ms-continuation-NextPartitionKey",
		"Views_List":     "0.85",
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s = %q, want %q", id, got[id], w)
		}
	}
}
