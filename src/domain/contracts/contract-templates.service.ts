import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/contract-templates.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { ContractTemplate } from './contract-template.ts';

export function contractTemplatesService({ db }: { db: Db }) {
  return {
    list: (ctx: OperatorContext, page: Page): Promise<PageOf<ContractTemplate>> =>
      repo.listContractTemplates(db, ctx.operator.id, page),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findContractTemplates(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<ContractTemplate> {
      const [t] = await repo.findContractTemplates(db, ctx.operator.id, [id]);
      return t ?? notFound('contract_template', id);
    },
  };
}
