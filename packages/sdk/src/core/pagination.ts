import type { Page, Paginated } from './types.js';

/** Auto-pagination over `meta.pagination.next`; the first page is fetched once and shared by `then` and iteration. */
export function paginated<T>(fetchPage: (page: number | undefined) => Promise<Page<T>>): Paginated<T> {
  let first: Promise<Page<T>> | undefined;
  const firstPage = () => (first ??= fetchPage(undefined));
  async function* pages(): AsyncGenerator<Page<T>> {
    let page = await firstPage();
    yield page;
    while (page.pagination.next !== null && page.pagination.next !== undefined && page.data.length) {
      page = await fetchPage(page.pagination.next);
      yield page;
    }
  }
  async function* items(): AsyncGenerator<T> {
    for await (const page of pages()) yield* page.data;
  }
  return {
    then: (onFulfilled, onRejected) => firstPage().then(onFulfilled, onRejected),
    [Symbol.asyncIterator]: () => items(),
    pages,
    async toArray(max = 10_000) {
      const out: T[] = [];
      for await (const item of items()) {
        if (out.length >= max) break;
        out.push(item);
      }
      return out;
    },
  };
}
