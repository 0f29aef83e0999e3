package fetcher

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"
)

// gzipBomb returns a gzip stream of copies members, each decoding to 16 MiB
// of zeros: about 16 KiB each compressed. gzip readers decode concatenated
// members as one stream, so 256 copies make 4 GiB from 4 MiB.
func gzipBomb(t *testing.T, copies int) []byte {
	t.Helper()
	var member bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	if _, err := gz.Write(make([]byte, 16<<20)); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.Repeat(member.Bytes(), copies)
}

// countingTransport counts the decoded body bytes the fetcher reads.
type countingTransport struct {
	next http.RoundTripper
	read *atomic.Int64
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	if err == nil {
		resp.Body = countingBody{resp.Body, c.read}
	}
	return resp, err
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// allocated runs fn and returns the bytes the process allocated meanwhile:
// a loose but robust bound, since the server goroutine counts too.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestFetchGzipBomb serves, with Content-Encoding: gzip, a stream that
// decodes to 4 GiB: the read must stop at the 1 MiB cap with a too_large
// error, having decoded no more than the cap and allocated a few times it.
func TestFetchGzipBomb(t *testing.T) {
	const limit = 1 << 20
	bomb := gzipBomb(t, 256)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write(bomb)
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{MaxBody: limit})
	var read atomic.Int64
	f.client.Transport = countingTransport{f.transport, &read}
	var err error
	alloc := allocated(func() {
		_, err = f.Fetch(context.Background(), Request{URL: srv.URL})
	})
	if CategoryOf(err) != CategoryTooLarge {
		t.Fatalf("got %v, want too_large", err)
	}
	// One byte past the cap proves it too large; discard then drains 4 KiB
	// so the connection could be reused.
	if n := read.Load(); n > limit+1+4<<10 {
		t.Errorf("decoded %d bytes, want at most the cap %d + 1 + 4 KiB", n, limit)
	}
	if alloc > 64<<20 {
		t.Errorf("allocated %d MiB for a %d MiB cap", alloc>>20, limit>>20)
	}
}

// TestParseGzipBomb covers a bomb that is the body itself (a .gz file served
// without Content-Encoding), decompressed by the fetcher under the same cap.
func TestParseGzipBomb(t *testing.T) {
	const limit = 8 << 20
	bomb := gzipBomb(t, 256) // 4 MiB: under the cap before decompression
	f := newTestFetcher(t, Options{MaxBody: limit})
	var err error
	alloc := allocated(func() {
		_, err = f.Parse(context.Background(), bytes.NewReader(bomb), "", testNow)
	})
	if CategoryOf(err) != CategoryTooLarge {
		t.Fatalf("got %v, want too_large", err)
	}
	if alloc > 128<<20 {
		t.Errorf("allocated %d MiB for a %d MiB cap", alloc>>20, limit>>20)
	}
}
