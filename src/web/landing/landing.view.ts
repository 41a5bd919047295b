import { html, type Html } from '../backoffice/html.ts';

/** What the demo seed recorded (demo-credentials.json); only the parts the landing page shows. */
export interface LandingCredentials {
  operators: Array<{ id: string; name: string; access_token: string }>;
  staff_login?: { email: string; password: string; sign_in_path?: string };
  operator_application?: { client_id: string; client_secret: string; operator_id?: string };
  partner_application?: { client_id: string; client_secret: string; redirect_uri: string };
}

export interface LandingFacts {
  version: string;
  apiVersion: string;
  store: 'pglite' | 'postgres';
  sandbox: boolean;
  publicUrl: string;
  /** Each demo operator's customer-facing pages, when the server serves them. */
  operators: Array<{ name: string; slug: string; portal: string | null; storefront: string | null }>;
  guides: Array<{ slug: string; title: string }>;
  /** Sandbox mode only: never passed in production mode. */
  credentials?: LandingCredentials;
}

const STORE_NAMES = { pglite: 'PGlite (embedded PostgreSQL, one process)', postgres: 'PostgreSQL' };

/** The page at `/`: what is running here and where to go next. */
export function landingPage(f: LandingFacts): string {
  const mode = f.sandbox ? 'Sandbox' : 'Production';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lockyard ${f.version} · ${mode}</title>
<link rel="stylesheet" href="/backoffice/assets/backoffice.css">
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<header class="top"><a class="brand" href="/">Lockyard</a><a href="/docs">API reference</a><a href="/docs/guides">Guides</a><a href="/backoffice">Back office</a></header>
<main>
<h1>Lockyard is running</h1>
<p class="lead">A self-hostable self-storage platform, wire-compatible with the Stora Public API ${f.apiVersion}.</p>
<section class="card" aria-labelledby="running">
<h2 id="running">This server</h2>
<dl class="facts">
  <dt>Version</dt><dd data-fact="version">${f.version}</dd>
  <dt>API version</dt><dd data-fact="api-version">${f.apiVersion} (<code>${f.publicUrl}/${f.apiVersion}</code>)</dd>
  <dt>Store</dt><dd data-fact="store">${STORE_NAMES[f.store]}</dd>
  <dt>Mode</dt><dd data-fact="mode"><span class="badge ${f.sandbox ? 'sandbox' : 'production'}">${mode}</span>
    ${f.sandbox ? 'movable clocks, /sandbox endpoints, http webhook URLs allowed' : 'real time, no sandbox endpoints'}</dd>
</dl>
</section>
<section class="card" aria-labelledby="go">
<h2 id="go">Where to go</h2>
<ul class="links">
  <li><a href="/docs">API reference</a>: every operation with its required scope, the OAuth endpoints, error codes and webhook payloads
    (<a href="/${f.apiVersion}/openapi.json">OpenAPI 3.1 document</a>).</li>
  <li><a href="/docs/guides">Guides</a>: ${f.guides.map((g, i) => html`${i ? ', ' : ''}<a href="/docs/guides/${g.slug}">${g.title}</a>`)}.</li>
  <li><a href="/backoffice">Back office</a>: staff sign-in, units, Settings → Public API (tokens, apps, webhooks).</li>
  ${
    f.operators.length
      ? f.operators.map(
          (o) =>
            html`<li>${o.name}: ${customerLink('customer portal', o.portal)}, ${customerLink('storefront', o.storefront)}.</li>`,
        )
      : html`<li>Each operator's customer portal is at <code>/portal/&lt;operator slug&gt;</code> and its storefront at
    <code>/storefront/&lt;operator slug&gt;</code>.</li>`
  }
</ul>
</section>
${f.credentials ? credentialsSection(f.credentials) : ''}
</main>
</body>
</html>
`.value;
}

function customerLink(label: string, href: string | null): Html {
  return href
    ? html`<a href="${href}">${label}</a>`
    : html`${label} <span class="muted">(not served by this build)</span>`;
}

function credentialsSection(c: LandingCredentials): Html {
  return html`<section class="card" aria-labelledby="demo">
<h2 id="demo">Demo credentials <span class="badge sandbox">sandbox only</span></h2>
<p class="muted">Recorded by the demo seed in the data dir's <code>demo-credentials.json</code>. A reset with the same seed key
recreates exactly these, so test fixtures keep working.</p>
<table>
<thead><tr><th>What</th><th>Credential</th><th>Use</th></tr></thead>
<tbody>
${c.operators.map(
  (o) =>
    html`<tr><td>${o.name} token (all scopes)</td><td><code data-cred="token">${o.access_token}</code></td><td><code>Authorization: Bearer …</code></td></tr>`,
)}
${
  c.staff_login
    ? html`<tr><td>Staff login</td><td><code data-cred="staff">${c.staff_login.email}</code> / <code>${c.staff_login.password}</code></td><td><a href="${c.staff_login.sign_in_path ?? '/backoffice/sign-in'}">Sign in to the back office</a></td></tr>`
    : ''
}
${
  c.operator_application
    ? html`<tr><td>Operator app</td><td><code>${c.operator_application.client_id}</code> / <code>${c.operator_application.client_secret}</code></td><td>client_credentials at <code>/oauth2/token</code></td></tr>`
    : ''
}
${
  c.partner_application
    ? html`<tr><td>Partner app</td><td><code>${c.partner_application.client_id}</code> / <code>${c.partner_application.client_secret}</code></td><td>authorization code, redirect URI <code>${c.partner_application.redirect_uri}</code></td></tr>`
    : ''
}
</tbody>
</table>
</section>`;
}
