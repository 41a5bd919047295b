import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import type { TeamMember } from '../../domain/staff-auth/team.service.ts';
import { STAFF_ROLES } from '../../domain/staff-auth/roles.ts';
import { html, when } from './html.ts';
import { layout } from './layout.ts';
import { csrfField, field, select, type FieldErrors } from './form-fields.ts';

export interface StaffPage {
  session: StaffSession;
  csrf: string;
  members: TeamMember[];
  notice?: string;
  message?: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
  /** A generated password, shown once after creating a login. */
  created?: { email: string; password: string };
}

const BASE = '/backoffice/settings/staff';
const ROLE_WORDS = { owner: 'Owner', manager: 'Manager', staff: 'Staff' } as const;

/** Settings → Staff (owners): who signs in to this operator, their roles, adding and removing people. */
export function staffPage(p: StaffPage): string {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  const roles = STAFF_ROLES.map((r) => ({ value: r, label: ROLE_WORDS[r] }));
  return layout(
    { title: 'Staff', session: p.session, csrf: p.csrf },
    html`<nav class="crumbs"><a href="/backoffice/settings">Settings</a> › Staff</nav>
      <h1>Staff</h1>
      ${p.notice ? html`<div class="notice" role="status">${p.notice}</div>` : ''}
      ${p.message ? html`<div class="error" role="alert">${p.message}</div>` : ''}
      ${
        p.created
          ? html`<section class="card" id="created-login"><h2>Login created for ${p.created.email}</h2>
            <p>Give them this password now: it is not shown again. They can sign in at <code>/backoffice/sign-in</code>.</p>
            <code class="secret" data-field="Password">${p.created.password}</code></section>`
          : ''
      }
      <p class="lead">Owners manage staff; managers change settings, API access and webhooks; staff do the day-to-day work.</p>
      <section class="card" id="members">
        <table><thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Added</th><th><span class="visually-hidden">Actions</span></th></tr></thead><tbody>
        ${p.members.map(
          (m) => html`<tr data-user-id="${m.userId}">
            <td>${m.name}${m.userId === p.session.user.id ? ' (you)' : ''}</td><td>${m.email}</td>
            <td>
              <form method="post" action="${BASE}/${m.userId}/role" class="row inline-form">
                ${csrfField(p.csrf)}
                <label class="visually-hidden" for="role-${m.userId}">Role of ${m.email}</label>
                <select id="role-${m.userId}" name="role">${roles.map((r) => html`<option value="${r.value}"${r.value === m.role ? html` selected` : ''}>${r.label}</option>`)}</select>
                <button type="submit" class="small">Change role</button>
              </form>
            </td>
            <td>${when(m.createdAt)}</td>
            <td class="actions"><form method="post" action="${BASE}/${m.userId}/remove">${csrfField(p.csrf)}<button type="submit" class="small danger">Remove<span class="visually-hidden"> ${m.email}</span></button></form></td>
          </tr>`,
        )}
        </tbody></table>
      </section>
      <section class="card" id="add-staff">
        <h2>Add someone</h2>
        <form method="post" action="${BASE}" novalidate>
          ${csrfField(p.csrf)}
          <div class="grid-2">
            ${field({ name: 'name', label: 'Name', value: v.name, errors: e, required: true })}
            ${field({ name: 'email', label: 'Email', type: 'email', value: v.email, errors: e, required: true })}
          </div>
          <div class="grid-2">
            ${select({ name: 'role', label: 'Role', value: v.role ?? 'staff', options: roles, errors: e })}
            ${field({ name: 'password', label: 'Password', type: 'password', errors: e, hint: 'Blank: a generated one, shown once. Someone who already has a login keeps theirs.', autocomplete: 'new-password' })}
          </div>
          <div class="row"><button type="submit" class="primary">Add to staff</button></div>
        </form>
      </section>`,
  );
}
