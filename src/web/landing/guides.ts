import { readFileSync } from 'node:fs';
import { Marked } from 'marked';

/** The guides, in reading order; each is docs/guides/<slug>.md, rendered with marked. */
export const GUIDES = [
  { slug: 'quickstart', title: 'Quickstart' },
  { slug: 'booking-flow', title: 'The booking flow' },
  { slug: 'webhooks', title: 'Webhooks and signatures' },
  { slug: 'oauth', title: 'OAuth, disconnect and reconnect' },
  { slug: 'sandbox', title: 'The sandbox' },
] as const;

export type Guide = (typeof GUIDES)[number];

// The same relative path from src/web/landing and dist/web/landing.
const DIR = new URL('../../../docs/guides/', import.meta.url);

const marked = new Marked({ gfm: true });
const cache = new Map<string, string>();

/**
 * A guide's HTML. The markdown is ours (shipped in the repository), never user input; marked renders it and
 * headings get ids so sections can be linked.
 */
export function guideHtml(guide: Guide): string {
  let out = cache.get(guide.slug);
  if (out === undefined) {
    const source = readFileSync(new URL(`${guide.slug}.md`, DIR), 'utf8');
    out = (marked.parse(source, { async: false }) as string).replace(
      /<h([23])>(.*?)<\/h\1>/g,
      (_m, level: string, inner: string) => `<h${level} id="${slugify(inner)}">${inner}</h${level}>`,
    );
    cache.set(guide.slug, out);
  }
  return out;
}

function slugify(text: string): string {
  return text
    .replace(/<[^>]+>/g, '')
    .toLowerCase()
    .replace(/&[a-z]+;/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
