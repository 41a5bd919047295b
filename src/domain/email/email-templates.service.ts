import { DomainError, notFound, type ErrorDetail } from '../../kernel/errors.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/email-templates.repo.ts';
import type { OperatorContext } from '../context.ts';
import { EMAIL_TEMPLATES, type EmailTemplate, type EmailTemplateSource } from './email.ts';
import { DEFAULT_TEMPLATES, renderEmail, templateProblems, type RenderedEmail } from './email-templates.ts';
import { sampleData } from './email-samples.ts';

/** How long each part of an edited template may be (characters; the Liquid parse limit is the same). */
export const SOURCE_LIMIT = 20_000;

export interface EmailTemplateView {
  template: EmailTemplate;
  /** What the sender uses: the operator's edit, else the default. */
  source: EmailTemplateSource;
  defaults: EmailTemplateSource;
  edited: boolean;
  updatedAt: Date | null;
  /** The variables the template may use (the sample's keys). */
  variables: string[];
}

const isTemplate = (name: string): name is EmailTemplate => (EMAIL_TEMPLATES as readonly string[]).includes(name);

/**
 * The operator's wording of each customer email (docs/decisions/email-templates.md): an edit replaces the
 * built-in default for that operator only, is checked (Liquid syntax, and a render of sample data under the
 * safe limits) before it is stored, and is what the sender renders from then on; reset deletes it.
 */
export function emailTemplatesService({ db }: { db: Db }) {
  function templateOf(name: string): EmailTemplate {
    if (!isTemplate(name)) notFound('email_template', name);
    return name;
  }

  /** The edit as typed, checked: a 422 naming each bad part (`/subject`, `/text`, `/html`). */
  async function check(ctx: OperatorContext, template: EmailTemplate, source: EmailTemplateSource, baseUrl: string) {
    const problems: ErrorDetail[] = [];
    for (const key of ['subject', 'text', 'html'] as const)
      if (source[key].length > SOURCE_LIMIT)
        problems.push({ pointer: `/${key}`, message: `must be at most ${SOURCE_LIMIT} characters` });
    if (!problems.length)
      problems.push(...(await templateProblems(source, sampleData(template, ctx.operator.name, baseUrl))));
    if (problems.length) throw new DomainError('invalid_content', 'The template cannot be used as it is.', problems);
  }

  function view(template: EmailTemplate, stored: repo.StoredEmailTemplate | null): EmailTemplateView {
    return {
      template,
      source: stored?.source ?? DEFAULT_TEMPLATES[template],
      defaults: DEFAULT_TEMPLATES[template],
      edited: !!stored,
      updatedAt: stored?.updatedAt ?? null,
      variables: Object.keys(sampleData(template, '', '')),
    };
  }

  return {
    templateOf,

    async list(ctx: OperatorContext): Promise<EmailTemplateView[]> {
      const stored = new Map((await repo.listEmailTemplates(db, ctx.operator.id)).map((s) => [s.template, s]));
      return EMAIL_TEMPLATES.map((t) => view(t, stored.get(t) ?? null));
    },

    async get(ctx: OperatorContext, name: string): Promise<EmailTemplateView> {
      const template = templateOf(name);
      return view(template, await repo.findEmailTemplate(db, ctx.operator.id, template));
    },

    /** Stores the operator's edit after checking it renders; `baseUrl` is what links in the sample start with. */
    async save(ctx: OperatorContext, name: string, source: EmailTemplateSource, baseUrl: string) {
      const template = templateOf(name);
      await check(ctx, template, source, baseUrl);
      await withTransaction(db, (tx) =>
        repo.saveEmailTemplate(
          tx,
          ctx.operator.id,
          template,
          source,
          ctx.now(),
          ctx.principal.staffId ?? ctx.principal.staffUserId,
        ),
      );
    },

    /** Back to the built-in default. */
    async reset(ctx: OperatorContext, name: string): Promise<void> {
      const template = templateOf(name);
      await withTransaction(db, (tx) => repo.deleteEmailTemplate(tx, ctx.operator.id, template));
    },

    /** The email as a customer would get it, rendered from `source` (as typed) with made-up data. */
    async preview(
      ctx: OperatorContext,
      name: string,
      source: EmailTemplateSource,
      baseUrl: string,
    ): Promise<RenderedEmail> {
      const template = templateOf(name);
      await check(ctx, template, source, baseUrl);
      return renderEmail(template, sampleData(template, ctx.operator.name, baseUrl), source);
    },
  };
}

export type EmailTemplatesService = ReturnType<typeof emailTemplatesService>;
