package alerts

import (
	"html/template"
	texttemplate "text/template"
)

// textDigest returns the plain-text part's template.
func textDigest() *texttemplate.Template {
	return texttemplate.Must(texttemplate.New("text").Parse(`{{range .}}{{.Story.Title}}
{{.Story.Link}}
{{if .Story.Excerpt}}{{.Story.Excerpt}}
{{end}}Outlets: {{range $i, $o := .Outlets}}{{if $i}}, {{end}}{{$o.Name}}{{end}}
{{if .Tags}}Tags: {{range $i, $t := .Tags}}{{if $i}}, {{end}}{{$t}}{{end}}
{{end}}Why: {{.Why}}

{{end}}-- 
Sent by tipwire. Stories are summarised; follow the links for the full reports.
`))
}

// htmlDigest returns the HTML part's template; html/template escapes every
// value, so a hostile title cannot inject markup.
func htmlDigest() *template.Template {
	return template.Must(template.New("html").Parse(`<!doctype html>
<html><body>
{{range .}}<div style="margin-bottom:1.5em">
<h2 style="font-size:1.1em;margin:0"><a href="{{.Story.Link}}">{{.Story.Title}}</a></h2>
{{if .Story.Excerpt}}<p>{{.Story.Excerpt}}</p>{{end}}
<p style="color:#555">Outlets: {{range $i, $o := .Outlets}}{{if $i}}, {{end}}{{$o.Name}}{{end}}{{if .Tags}} · Tags: {{range $i, $t := .Tags}}{{if $i}}, {{end}}{{$t}}{{end}}{{end}}</p>
<p style="color:#555">Why: {{.Why}}</p>
</div>
{{end}}<p style="color:#777">Sent by tipwire. Stories are summarised; follow the links for the full reports.</p>
</body></html>
`))
}
