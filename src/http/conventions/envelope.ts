import type { Operator } from '../../domain/context.ts';

export interface Pagination {
  count: number;
  last: number;
  limit: number;
  next: number | null;
  page: number;
  pages: number;
  prev: number | null;
}

/** CURIEs resolve `bo:`/`sf:` links against this server's back office and the operator's storefront. */
export function curies(publicUrl: string, operator: Operator | null) {
  return [
    { name: 'bo', href: `${publicUrl}/backoffice{rel}`, templated: true, title: 'Backoffice' },
    {
      name: 'sf',
      href: `${publicUrl}/storefront/${operator?.slug ?? 'platform'}{rel}`,
      templated: true,
      title: 'Storefront',
    },
  ];
}

export function pagination(total: number, page: number, limit: number): Pagination {
  const pages = Math.max(1, Math.ceil(total / limit));
  return {
    count: total,
    last: pages,
    limit,
    next: page < pages ? page + 1 : null,
    page,
    pages,
    prev: page > 1 ? Math.min(page - 1, pages) : null,
  };
}
