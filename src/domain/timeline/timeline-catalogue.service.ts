import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/timeline-catalogue.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { TimelineSource } from './timeline-source.ts';
import type { TimelineTemplate } from './timeline-template.ts';

/** The read-only sources and templates timeline events refer to: the operator's own plus the global ones. */
export function timelineCatalogueService({ db }: { db: Db }) {
  return {
    listSources: (ctx: OperatorContext, page: Page, range: TimeRange): Promise<PageOf<TimelineSource>> =>
      repo.listTimelineSources(db, ctx.operator.id, page, range),
    findSources: (ctx: OperatorContext, ids: string[]) => repo.findTimelineSources(db, ctx.operator.id, ids),
    async getSource(ctx: OperatorContext, id: string): Promise<TimelineSource> {
      const [s] = await repo.findTimelineSources(db, ctx.operator.id, [id]);
      return s ?? notFound('timeline_source', id);
    },
    listTemplates: (ctx: OperatorContext, page: Page, range: TimeRange): Promise<PageOf<TimelineTemplate>> =>
      repo.listTimelineTemplates(db, ctx.operator.id, page, range),
    findTemplates: (ctx: OperatorContext, ids: string[]) => repo.findTimelineTemplates(db, ctx.operator.id, ids),
    async getTemplate(ctx: OperatorContext, id: string): Promise<TimelineTemplate> {
      const [t] = await repo.findTimelineTemplates(db, ctx.operator.id, [id]);
      return t ?? notFound('timeline_template', id);
    },
  };
}
