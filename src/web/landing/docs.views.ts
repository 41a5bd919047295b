import { html, Html } from '../backoffice/html.ts';
import { GUIDES, type Guide } from './guides.ts';

/** The frame shared by the guides and the error catalogue: the landing page's header and style. */
export function docsLayout(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Lockyard</title>
<link rel="stylesheet" href="/backoffice/assets/backoffice.css">
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<header class="top"><a class="brand" href="/">Lockyard</a><a href="/docs">API reference</a><a href="/docs/guides">Guides</a><a href="/docs/errors">Errors</a><a href="/backoffice">Back office</a></header>
<main>
${body}
</main>
</body>
</html>
`.value;
}

/** A refused request on these pages (a NUL byte, a bad escape): the reason, in the pages' own frame. */
export function docsErrorPage(status: number, reason: string | undefined): string {
  return docsLayout(
    status === 404 ? 'Not found' : 'Error',
    html`<h1>${status === 404 ? 'Not found' : 'Error'}</h1><div class="error" role="alert">${
      status === 404 ? 'That page does not exist.' : (reason ?? 'The request could not be processed.')
    }</div><p><a href="/docs/guides">Guides</a></p>`,
  );
}

export function guidesIndex(): string {
  return docsLayout(
    'Guides',
    html`<h1>Guides</h1>
<p class="lead">Short, runnable walkthroughs of this server. The <a href="/docs">API reference</a> has every operation.</p>
<nav class="guides"><ol>${GUIDES.map((g) => html`<li><a href="/docs/guides/${g.slug}">${g.title}</a></li>`)}</ol></nav>`,
  );
}

export function guidePage(guide: Guide, body: string): string {
  const i = GUIDES.findIndex((g) => g.slug === guide.slug);
  const next = GUIDES[i + 1];
  return docsLayout(
    guide.title,
    html`<nav class="crumbs"><a href="/docs/guides">Guides</a> › ${guide.title}</nav>
<article class="guide">${new Html(body)}</article>
${next ? html`<p>Next: <a href="/docs/guides/${next.slug}">${next.title}</a></p>` : ''}`,
  );
}

export interface ErrorRow {
  code: string;
  status: number;
  type: string;
  message: string;
}

/** The error catalogue the envelope's `links` point to: one anchor per code. */
export function errorsPage(codes: ErrorRow[]): string {
  return docsLayout(
    'Errors',
    html`<h1 id="overview--errors">Errors</h1>
<p class="lead">Every error is one JSON envelope with the HTTP status below; <code>code</code> is stable, <code>message</code> is for people.</p>
<pre><code>{
  "error": {
    "code": "invalid_content",
    "details": [{ "message": "value at \`/email\` does not match format: email", "pointer": "/email" }],
    "links": [
      { "kind": "open_api", "name": "OpenAPI specification", "url": "…/2025-09/openapi.json" },
      { "kind": "documentation", "name": "Errors", "url": "…/docs/errors" }
    ],
    "message": "The request body content is not valid.",
    "request_id": "…",
    "type": "invalid_request_error"
  }
}</code></pre>
<p><code>details</code> name each refused field by JSON pointer (<code>/email</code>) or, for URL and query parameters, by name.
<code>request_id</code> is also the <code>X-Request-Id</code> response header: quote it when asking for help.
OAuth endpoints (<code>/oauth2/*</code>) answer with RFC 6749 errors (<code>{"error": "invalid_client", …}</code>) instead.</p>
<section class="card">
<table>
<thead><tr><th>Code</th><th>Status</th><th>Type</th><th>Meaning</th></tr></thead>
<tbody>
${codes.map((c) => html`<tr id="${c.code}"><td><code>${c.code}</code></td><td>${c.status}</td><td><code>${c.type}</code></td><td>${c.message}</td></tr>`)}
</tbody>
</table>
</section>`,
  );
}
