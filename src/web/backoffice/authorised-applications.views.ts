import type { AuthorisedApplication } from '../../domain/oauth/authorization.service.ts';
import { csrfField } from './form-fields.ts';
import { html, when, type Html } from './html.ts';
import { scopeSummary } from './scope-words.ts';

/** The partner applications the operator connected through OAuth, each with its revoke form. */
export function authorisedApplicationsCard(p: {
  authorised: AuthorisedApplication[];
  csrf: string;
  operatorName: string;
  revokeUrl: (applicationId: string) => string;
}): Html {
  return html`<section class="card" id="authorised-applications">
      <header><h2>Authorised partner applications</h2><p>Partners ${p.operatorName} connected through OAuth. Revoking disconnects them at once.</p></header>
      ${
        p.authorised.length
          ? html`<table><thead><tr><th>Application</th><th>Scopes</th><th>Authorised</th><th>Connections</th><th></th></tr></thead><tbody>
          ${p.authorised.map(
            (a) => html`<tr data-application-id="${a.application.id}">
              <td>${a.application.name}</td><td>${scopeSummary(a.scopes)}</td><td>${when(a.lastAuthorisedAt)}</td><td>${a.grants}</td>
              <td class="actions"><form method="post" action="${p.revokeUrl(a.application.id)}">${csrfField(p.csrf)}<button type="submit" class="small danger">Revoke access</button></form></td>
            </tr>`,
          )}</tbody></table>`
          : html`<p class="empty">No partner applications are authorised.</p>`
      }
    </section>`;
}
