package publish

import (
	"io"
	"net/http"
	"time"
)

// RequestObserver is told about every HTTP request once it is answered: its
// route pattern ("GET /topics/{file}", or "unmatched" for a 404 no route
// took), status code and duration. *metrics.Metrics satisfies it.
type RequestObserver interface {
	ObserveRequest(route string, code int, d time.Duration)
}

// observeRequests reports every request to o. It reads the route pattern the
// ServeMux stored in the request, so labels stay bounded whatever paths
// clients invent.
func observeRequests(o RequestObserver, now func() time.Time, next http.Handler) http.Handler {
	if o == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		o.ObserveRequest(route, sw.code, now().Sub(start))
	})
}

// statusWriter remembers the status code written through it.
type statusWriter struct {
	http.ResponseWriter
	code  int
	wrote bool
}

func (s *statusWriter) WriteHeader(code int) {
	if !s.wrote {
		s.code, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// ReadFrom passes io.Copy through to the server's own ReadFrom, which
// copies with a pooled buffer (or sendfile). Without it, every response
// that http.ServeContent sends allocated a fresh 32 KB copy buffer: 90% of
// the bytes the server allocated under load, and the collector's work
// with them set the serving rate.
func (s *statusWriter) ReadFrom(r io.Reader) (int64, error) {
	s.wrote = true
	if rf, ok := s.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{s.ResponseWriter}, r)
}

// Unwrap lets http.ResponseController reach the connection.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
