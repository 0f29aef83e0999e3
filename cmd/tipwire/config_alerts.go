package main

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/tipwire/tipwire/alerts"
	"github.com/tipwire/tipwire/daemon"
	"github.com/tipwire/tipwire/tags"
)

// AlertsConfig routes new stories to webhooks and email (README "Alerts").
type AlertsConfig struct {
	// Backlog is how recent a story must be to alert: published, or first
	// seen when undated, within it (0 means alerts.DefaultBacklog).
	Backlog Duration `yaml:"backlog"`
	// SendTimeout bounds one send to one channel (0 means
	// alerts.DefaultSendTimeout).
	SendTimeout Duration        `yaml:"send_timeout"`
	Webhooks    []WebhookConfig `yaml:"webhooks"`
	Email       []EmailConfig   `yaml:"email"`
	Routes      []RouteConfig   `yaml:"routes"`
}

// WebhookConfig is a channel that receives each alert as signed JSON.
type WebhookConfig struct {
	Name   string `yaml:"name"`
	URL    string `yaml:"url"`
	Secret string `yaml:"secret"` // HMAC-SHA256 key of X-Tipwire-Signature
	// Timeout bounds one request to this webhook (0 means alerts.send_timeout).
	Timeout Duration `yaml:"timeout"`
}

// EmailConfig is a channel that receives alerts and digests by email.
type EmailConfig struct {
	Name string     `yaml:"name"`
	SMTP SMTPConfig `yaml:"smtp"`
	From string     `yaml:"from"`
	To   []string   `yaml:"to"`
	// Timeout bounds sending one message (0 means alerts.send_timeout).
	Timeout Duration `yaml:"timeout"`
}

// SMTPConfig is the mail server an email channel sends through.
type SMTPConfig struct {
	Host     string `yaml:"host"`
	Port     int    `yaml:"port"` // default 587
	Username string `yaml:"username"`
	Password string `yaml:"password"`
	StartTLS *bool  `yaml:"starttls"` // default true: STARTTLS is required before auth
}

// RouteConfig sends a topic's stories, or those carrying tags, to a channel.
type RouteConfig struct {
	Name     string   `yaml:"name"`
	Topic    string   `yaml:"topic"`
	Tags     []string `yaml:"tags"` // every one required: [KH], [KH, labour]
	Channel  string   `yaml:"channel"`
	Mode     string   `yaml:"mode"`     // immediate (default) or digest
	Schedule string   `yaml:"schedule"` // cron spec of a digest, e.g. "0 8 * * *"
	MinScore float64  `yaml:"min_score"`
}

// WebSubConfig lists the hubs every feed names and that are pinged after a
// pass that published new stories.
type WebSubConfig struct {
	Hubs []string `yaml:"hubs"`
}

// validateNotify checks publish.content, websub and alerts.
func (c *Config) validateNotify() error {
	if c.Publish.Content != "snippet" && c.Publish.Content != "full" {
		return fmt.Errorf("publish.content: must be snippet or full, got %q", c.Publish.Content)
	}
	for i, h := range c.WebSub.Hubs {
		if err := validateHTTPURL(h); err != nil {
			return fmt.Errorf("websub.hubs[%d]: %w", i, err)
		}
	}
	channels, err := c.Alerts.validateChannels()
	if err != nil {
		return err
	}
	topics := map[string]bool{}
	for _, t := range c.Topics {
		topics[t.Name] = true
	}
	for i, r := range c.Alerts.Routes {
		if err := r.validate(channels, topics); err != nil {
			return fmt.Errorf("alerts.routes[%d].%w", i, err)
		}
	}
	return nil
}

// validateChannels checks the webhooks and email channels and returns
// their names, which share one namespace.
func (a AlertsConfig) validateChannels() (map[string]bool, error) {
	names := map[string]bool{}
	name := func(path, n string) error {
		switch {
		case n == "":
			return fmt.Errorf("%s.name: must not be empty", path)
		case names[n]:
			return fmt.Errorf("%s.name: %q names another channel too", path, n)
		}
		names[n] = true
		return nil
	}
	for i, w := range a.Webhooks {
		path := fmt.Sprintf("alerts.webhooks[%d]", i)
		if err := name(path, w.Name); err != nil {
			return nil, err
		}
		if err := validateHTTPURL(w.URL); err != nil {
			return nil, fmt.Errorf("%s.url: %w", path, err)
		}
		if len(w.Secret) < 16 {
			return nil, fmt.Errorf("%s.secret: must be at least 16 characters", path)
		}
	}
	for i, e := range a.Email {
		path := fmt.Sprintf("alerts.email[%d]", i)
		if err := name(path, e.Name); err != nil {
			return nil, err
		}
		if err := e.validate(path); err != nil {
			return nil, err
		}
	}
	return names, nil
}

func (e EmailConfig) validate(path string) error {
	if e.SMTP.Host == "" {
		return fmt.Errorf("%s.smtp.host: must not be empty", path)
	}
	if e.SMTP.Port < 0 || e.SMTP.Port > 65535 {
		return fmt.Errorf("%s.smtp.port: must be between 1 and 65535, got %d", path, e.SMTP.Port)
	}
	if (e.SMTP.Username == "") != (e.SMTP.Password == "") {
		return fmt.Errorf("%s.smtp: username and password go together", path)
	}
	if _, err := mail.ParseAddress(e.From); err != nil {
		return fmt.Errorf("%s.from: not an email address: %q", path, e.From)
	}
	if len(e.To) == 0 {
		return fmt.Errorf("%s.to: must list at least one address", path)
	}
	for j, to := range e.To {
		if _, err := mail.ParseAddress(to); err != nil {
			return fmt.Errorf("%s.to[%d]: not an email address: %q", path, j, to)
		}
	}
	return nil
}

// validate checks one route; errors start with the field name, for the
// caller to prefix with the route's path.
func (r RouteConfig) validate(channels, topics map[string]bool) error {
	if !channels[r.Channel] {
		return fmt.Errorf("channel: %q names no webhook or email channel", r.Channel)
	}
	if r.Topic != "" && !topics[r.Topic] {
		return fmt.Errorf("topic: %q names no configured topic", r.Topic)
	}
	for j, t := range r.Tags {
		if !knownTag(t) {
			return fmt.Errorf("tags[%d]: %q is neither a country code (KH) nor one of the types %s",
				j, t, strings.Join(append(tags.ExploitationTypes(), tags.EventTypes()...), ", "))
		}
	}
	if r.MinScore < 0 {
		return fmt.Errorf("min_score: must not be negative, got %g", r.MinScore)
	}
	switch r.Mode {
	case "", "immediate":
		if r.Schedule != "" {
			return errors.New("schedule: only a digest route has a schedule")
		}
	case "digest":
		if _, err := daemon.NextFunc(r.Schedule); err != nil {
			return fmt.Errorf("schedule: %w", err)
		}
	default:
		return fmt.Errorf("mode: must be immediate or digest, got %q", r.Mode)
	}
	return nil
}

// knownTag reports whether t is a country code or a type tag.
func knownTag(t string) bool {
	return tags.IsCountry(t) || slices.Contains(tags.ExploitationTypes(), t) || slices.Contains(tags.EventTypes(), t)
}

// alertOptions builds the notifier's routes and channels; ok is false when
// neither alerts nor WebSub are configured.
func (c *Config) alertOptions() (opts alerts.Options, ok bool) {
	opts = alerts.Options{
		Channels: map[string]alerts.Sender{}, Full: c.Publish.Content == "full",
		Hubs: c.WebSub.Hubs, BaseURL: c.BaseURL,
		Backlog: time.Duration(c.Alerts.Backlog), SendTimeout: time.Duration(c.Alerts.SendTimeout),
	}
	// One client for every hub; one for every webhook, shared by the
	// channels' workers, whose sends have their own deadlines.
	opts.Client = &http.Client{Timeout: 30 * time.Second}
	hooks := &http.Client{}
	timeout := func(name string, d Duration) time.Duration {
		t := cmp.Or(time.Duration(d), opts.SendTimeout, alerts.DefaultSendTimeout)
		opts.Timeouts[name] = t
		return t
	}
	opts.Timeouts = map[string]time.Duration{}
	for _, w := range c.Alerts.Webhooks {
		timeout(w.Name, w.Timeout)
		opts.Channels[w.Name] = &alerts.Webhook{URL: w.URL, Secret: w.Secret, Client: hooks}
	}
	for _, e := range c.Alerts.Email {
		opts.Channels[e.Name] = &alerts.Email{
			Host: e.SMTP.Host, Port: e.SMTP.Port, Username: e.SMTP.Username, Password: e.SMTP.Password,
			StartTLS: e.SMTP.StartTLS == nil || *e.SMTP.StartTLS, From: e.From, To: e.To,
			Timeout: timeout(e.Name, e.Timeout),
		}
	}
	for i, r := range c.Alerts.Routes {
		route := alerts.Route{Name: r.Name, Channel: r.Channel, Topic: r.Topic, Tags: r.Tags, MinScore: r.MinScore}
		if route.Name == "" {
			route.Name = fmt.Sprintf("routes[%d]", i)
		}
		if r.Mode == "digest" {
			route.Next, _ = daemon.NextFunc(r.Schedule) // validated with the config
		}
		opts.Routes = append(opts.Routes, route)
	}
	return opts, len(opts.Routes) > 0 || len(opts.Hubs) > 0
}

// alertTick is how often the dispatcher looks at the outbox besides when a
// pass queued alerts or a delivery falls due: for what another process
// sharing the database queued.
const alertTick = 30 * time.Second
