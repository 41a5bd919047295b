import type { FastifyInstance } from 'fastify';
import { html } from './html.ts';
import { layout } from './layout.ts';
import { requireStaff } from './web-kit.ts';
import { notFound } from '../../kernel/errors.ts';
import { isoSeconds } from '../../kernel/clock.ts';

/** A contact's timeline: the external events partners recorded, "… via <application>" when an app wrote them. */
export function contactTimelineRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;
  app.get('/backoffice/contacts/:contact_id/timeline', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const { contact_id: contactId } = request.params as { contact_id: string };
    const timeline = await services.timelineEvents.contactTimeline(session.current.operatorId, contactId);
    if (!timeline) notFound('contact', contactId);
    const page = layout(
      { title: `Timeline · ${timeline.contactName}`, session, csrf: reply.generateCsrf() },
      html`<h1>${timeline.contactName}</h1>
        <h2>Timeline</h2>
        ${
          timeline.lines.length
            ? html`<ol class="timeline">
              ${timeline.lines.map(
                (l) => html`<li id="${l.event.id}">
                  <strong>${l.source}</strong> ${l.text}
                  ${l.event.description ? html`<br><span class="muted">${l.event.description}</span>` : ''}
                  ${l.event.external?.url ? html` <a href="${l.event.external.url}" rel="noopener noreferrer">open</a>` : ''}
                  <br><time datetime="${isoSeconds(l.event.createdAt)}">${isoSeconds(l.event.createdAt)}</time>
                </li>`,
              )}
            </ol>`
            : html`<p class="muted">Nothing recorded yet.</p>`
        }`,
    );
    return reply.type('text/html; charset=utf-8').send(page);
  });
}
