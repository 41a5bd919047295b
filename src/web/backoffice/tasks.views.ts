import { html, when } from './html.ts';
import { layout } from './layout.ts';
import { banners, csrfField, pager, type Banners } from './form-kit.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import type { Task } from '../../domain/tasks/task.ts';

export const TASK_VIEWS = ['mine', 'all', 'overdue', 'completed'] as const;
export type TaskView = (typeof TASK_VIEWS)[number];

const VIEW_LABELS: Record<TaskView, string> = {
  mine: 'Mine (open)',
  all: 'All open',
  overdue: 'Overdue',
  completed: 'Completed',
};

export interface TasksPage extends Banners {
  session: StaffSession;
  csrf: string;
  view: TaskView;
  tasks: Task[];
  /** The operator's now: what "overdue" compares with. */
  operatorNow: Date;
  page: number;
  more: boolean;
  staffNames: Map<string, string>;
  /** Resource names (contacts, units…) the tasks are about. */
  resourceLinks: Map<string, { href: string; label: string }>;
  typed?: Record<string, string>;
}

/**
 * Tasks with due dates: mine / all / overdue / completed, complete or reopen each (htmx swaps the list in place;
 * without JavaScript the form posts and redirects), and a new task.
 */
export function tasksPage(p: TasksPage): string {
  const t = p.typed ?? {};
  const rows = p.tasks.map((task) => {
    const overdue = task.status === 'open' && task.dueAt && task.dueAt.getTime() < p.operatorNow.getTime();
    const about = task.resourceId ? p.resourceLinks.get(task.resourceId) : undefined;
    const toggle = task.status === 'open' ? 'complete' : 'reopen';
    return html`<tr id="${task.id}">
      <td><strong>${task.title}</strong>${task.description ? html`<br><span class="quiet">${task.description}</span>` : ''}</td>
      <td>${about ? html`<a href="${about.href}">${about.label}</a>` : '—'}</td>
      <td>${when(task.dueAt)} ${overdue ? html`<span class="badge" data-status="overdue">overdue</span>` : ''}</td>
      <td>${task.assigneeId ? (p.staffNames.get(task.assigneeId) ?? task.assigneeId) : '—'}</td>
      <td><span class="badge" data-status="${task.status}">${task.status}</span></td>
      <td class="actions"><form method="post" action="/backoffice/tasks/${task.id}/${toggle}" hx-post="/backoffice/tasks/${task.id}/${toggle}">${csrfField(p.csrf)}<input type="hidden" name="view" value="${p.view}"><button type="submit" class="small ${toggle === 'complete' ? 'primary' : ''}" aria-label="${toggle === 'complete' ? 'Complete' : 'Reopen'} ${task.title}">${toggle === 'complete' ? 'Complete' : 'Reopen'}</button></form></td>
    </tr>`;
  });
  return layout(
    { title: 'Tasks', session: p.session, csrf: p.csrf },
    html`<h1>Tasks</h1>
      <nav class="filters" aria-label="Which tasks">
        ${TASK_VIEWS.map((v) => html`<a href="/backoffice/tasks?view=${v}" ${v === p.view ? html`aria-current="page"` : ''}>${VIEW_LABELS[v]}</a>`)}
      </nav>
      <div id="tasks-live" hx-target="#tasks-live" hx-select="#tasks-live" hx-swap="outerHTML">
      ${banners(p)}
      ${
        p.tasks.length
          ? html`<table id="task-list"><tr><th>Task</th><th>About</th><th>Due</th><th>Assignee</th><th>Status</th><th></th></tr>${rows}</table>`
          : html`<p class="empty">No tasks here.</p>`
      }
      ${pager('/backoffice/tasks', { view: p.view }, p.page, p.more)}
      </div>
      <section class="card" id="new-task"><header><h2>New task</h2></header>
        <form method="post" action="/backoffice/tasks">
          ${csrfField(p.csrf)}
          <label for="task-title">Title</label>
          <input type="text" id="task-title" name="title" value="${t.title ?? ''}" required>
          <label for="task-description">Description</label>
          <textarea id="task-description" name="description" rows="2">${t.description ?? ''}</textarea>
          <label for="task-due">Due (operator time)</label>
          <input type="datetime-local" id="task-due" name="due_at" value="${t.due_at ?? ''}">
          <label for="task-resource">About (a contact, unit, tenancy, deal or subscription id; optional)</label>
          <input type="text" id="task-resource" name="resource_id" value="${t.resource_id ?? ''}">
          <label><input type="checkbox" name="assign_to_me" value="1" ${t.assign_to_me === '' ? '' : html`checked`}> Assign to me</label>
          <div class="row"><button type="submit" class="primary">Create task</button></div>
        </form>
      </section>`,
  );
}
