package publish

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// List query limits: a search is typed by a person, and nobody pages this far
// by hand; larger values are refused rather than passed to the store.
const (
	maxQueryRunes = 200
	maxPage       = 1000
)

// Errors of parseListQuery, shown to the client with a 400.
var (
	errBadPage  = errors.New("page must be a whole number from 1 to 1000")
	errLongTerm = errors.New("search must be at most 200 characters")
)

// listQuery is what the query string selects in a list of items: a search
// (?q=) and a 1-based page number (?page=).
type listQuery struct {
	q    string
	page int
}

func parseListQuery(v url.Values) (listQuery, error) {
	lq := listQuery{q: strings.Join(strings.Fields(cleanText(v.Get("q"))), " "), page: 1}
	if utf8.RuneCountInString(lq.q) > maxQueryRunes {
		return lq, errLongTerm
	}
	if s := v.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPage {
			return lq, errBadPage
		}
		lq.page = n
	}
	return lq, nil
}
