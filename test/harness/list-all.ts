import type { TestApp } from './test-app.ts';

/** Every page of a public API list (100 at a time), in the list's order. */
export async function listAll(t: TestApp, path: string, key: string, token?: string): Promise<any[]> {
  const out: any[] = [];
  for (let page = 1; ; page++) {
    const res = await t.get(`${path}?limit=100&page=${page}`, token ? { token } : undefined);
    out.push(...res.body[key]);
    if (res.body.meta.pagination.next === null) return out;
  }
}
