package alerts

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
)

// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the request
// body keyed with the webhook's secret; receivers recompute it to know the
// request came from this tipwire (see Verify).
const SignatureHeader = "X-Tipwire-Signature"

// DeliveryHeader carries the request's idempotency key, the same in every
// attempt: the alert's DeliveryID, or for a digest a digest of its alerts'
// ids. A receiver that has seen it already can drop the request.
const DeliveryHeader = "X-Tipwire-Delivery"

// StoryHeader carries the story's key in a request with one alert.
const StoryHeader = "X-Tipwire-Story"

// Webhook posts alerts as JSON: one Alert object per request for
// immediate routes, {"digest": true, "alerts": [...]} for a digest.
type Webhook struct {
	URL    string
	Secret string
	Client *http.Client // nil means http.DefaultClient
}

// digestBody is the JSON of a digest request.
type digestBody struct {
	Digest bool    `json:"digest"`
	Alerts []Alert `json:"alerts"`
}

// Send posts the alerts; any answer but 2xx is an error.
func (w *Webhook) Send(ctx context.Context, alerts []Alert) error {
	var v any = digestBody{Digest: true, Alerts: alerts}
	if len(alerts) == 1 {
		v = alerts[0]
	}
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("webhook: encode: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "tipwire-alerts")
	req.Header.Set(SignatureHeader, Sign(w.Secret, body))
	req.Header.Set(DeliveryHeader, BatchID(alerts))
	if len(alerts) == 1 {
		req.Header.Set(StoryHeader, alerts[0].Story.Key)
	}
	client := w.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook: %s answered %s", w.URL, resp.Status)
	}
	return nil
}

// BatchID is the idempotency key of one request or message carrying
// alerts: the alert's DeliveryID when there is one, else a digest of the
// sorted ids of all. A digest retried with the same stories keeps its id;
// one that gained stories meanwhile gets a new one, and receivers drop the
// stories they have by each alert's delivery_id.
func BatchID(alerts []Alert) string {
	if len(alerts) == 1 {
		return alerts[0].DeliveryID
	}
	ids := make([]string, len(alerts))
	for i, a := range alerts {
		ids[i] = a.DeliveryID
	}
	slices.Sort(ids)
	return hashHex(strings.Join(ids, ","))
}

// Sign returns the signature header value of body: "sha256=" and the hex
// HMAC-SHA256 keyed with secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether signature (the header value) signs body with
// secret, in constant time.
func Verify(secret string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(signature))
}
