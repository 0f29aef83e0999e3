package main

import (
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire/alerts"
)

const alertsYAML = `seeds: false
topics:
  - name: trafficking
    title: Human trafficking
    vocabulary: trafficking
websub:
  hubs: [https://pubsubhubbub.appspot.com/]
alerts:
  backlog: 48h
  send_timeout: 10s
  webhooks:
    - name: chat
      url: https://chat.example.org/hooks/tipwire
      secret: 0123456789abcdef0123
      timeout: 5s
  email:
    - name: digest
      smtp: {host: smtp.example.org, port: 587, username: tipwire, password: pw}
      from: tipwire@example.org
      to: [team@example.org]
  routes:
    - {name: cambodia-now, tags: [KH], channel: chat, mode: immediate}
    - {topic: trafficking, channel: digest, mode: digest, schedule: "0 8 * * *", min_score: 4}
`

func TestConfigAlerts(t *testing.T) {
	cfg, err := parseConfig([]byte(alertsYAML))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Publish.Content != "snippet" {
		t.Errorf("publish.content default = %q, want snippet", cfg.Publish.Content)
	}
	opts, ok := cfg.alertOptions()
	if !ok || len(opts.Routes) != 2 || len(opts.Channels) != 2 || opts.Full {
		t.Fatalf("alert options: ok %v, %d routes, %d channels, full %v", ok, len(opts.Routes), len(opts.Channels), opts.Full)
	}
	if w, _ := opts.Channels["chat"].(*alerts.Webhook); w == nil || w.Client == nil {
		t.Error("the webhook has no client")
	}
	if e, _ := opts.Channels["digest"].(*alerts.Email); e == nil || e.Timeout != 10*time.Second {
		t.Error("the email channel does not time out at alerts.send_timeout")
	}
	if opts.Timeouts["chat"] != 5*time.Second || opts.Timeouts["digest"] != 10*time.Second {
		t.Errorf("channel timeouts %v, want chat's own 5s and the 10s default", opts.Timeouts)
	}
	if opts.Backlog != 48*time.Hour || opts.SendTimeout != 10*time.Second {
		t.Errorf("backlog %v, send timeout %v; want 48h and 10s", opts.Backlog, opts.SendTimeout)
	}
	if opts.Routes[0].Next != nil || opts.Routes[1].Next == nil || opts.Routes[1].Name != "routes[1]" {
		t.Errorf("routes = %+v", opts.Routes)
	}
	if _, ok := (&Config{}).alertOptions(); ok {
		t.Error("an empty config has alerts")
	}
}

func TestConfigAlertsErrors(t *testing.T) {
	tests := []struct{ from, to, wantErr string }{
		{"secret: 0123456789abcdef0123", "secret: short", "alerts.webhooks[0].secret: must be at least 16 characters"},
		{"url: https://chat.example.org/hooks/tipwire", "url: ftp://x", "alerts.webhooks[0].url: must be an http or https URL"},
		{"- name: digest", "- name: chat", `alerts.email[0].name: "chat" names another channel too`},
		{"from: tipwire@example.org", "from: nobody", `alerts.email[0].from: not an email address`},
		{"to: [team@example.org]", "to: []", "alerts.email[0].to: must list at least one address"},
		{"host: smtp.example.org,", "host: '',", "alerts.email[0].smtp.host: must not be empty"},
		{"password: pw}", "password: ''}", "alerts.email[0].smtp: username and password go together"},
		{"channel: chat,", "channel: pager,", `alerts.routes[0].channel: "pager" names no webhook or email channel`},
		{"tags: [KH]", "tags: [kh]", `alerts.routes[0].tags[0]: "kh" is neither`},
		{"mode: immediate}", "mode: sometimes}", `alerts.routes[0].mode: must be immediate or digest`},
		{"mode: immediate}", "mode: immediate, schedule: '@daily'}", "alerts.routes[0].schedule: only a digest route"},
		{`schedule: "0 8 * * *"`, `schedule: "99 * * * *"`, "alerts.routes[1].schedule: bad cron spec"},
		{"{topic: trafficking,", "{topic: nope,", `alerts.routes[1].topic: "nope" names no configured topic`},
		{"min_score: 4", "min_score: -1", "alerts.routes[1].min_score: must not be negative"},
		{"backlog: 48h", "backlog: -1h", "alerts.backlog: line 9: must not be negative"},
		{"send_timeout: 10s", "send_timeout: -1s", "alerts.send_timeout: line 10: must not be negative"},
		{"hubs: [https://pubsubhubbub.appspot.com/]", "hubs: [hub]", "websub.hubs[0]: must be an http or https URL"},
		{"seeds: false", "seeds: false\npublish: {content: everything}", `publish.content: must be snippet or full, got "everything"`},
		{"seeds: false", "seeds: false\nalerts: {routes: [{channel: chat, when: now}]}", "when"},
	}
	for _, tt := range tests {
		t.Run(tt.wantErr, func(t *testing.T) {
			if !strings.Contains(alertsYAML, tt.from) {
				t.Fatalf("fixture lacks %q", tt.from)
			}
			_, err := parseConfig([]byte(strings.Replace(alertsYAML, tt.from, tt.to, 1)))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}
