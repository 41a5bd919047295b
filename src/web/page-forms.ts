import type { FastifyInstance } from 'fastify';
import cookie, { type CookieSerializeOptions } from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';

/**
 * What a section of server-rendered forms (back office, portal, storefront) registers in its own encapsulated
 * scope: cookies, urlencoded form bodies, and CSRF tokens checked against a cookie of the section's own.
 */
export async function registerPageForms(app: FastifyInstance, cookieKey: string, cookieOpts: CookieSerializeOptions) {
  await app.register(cookie);
  await app.register(formbody);
  await app.register(csrf, { sessionPlugin: '@fastify/cookie', cookieKey, cookieOpts });
}
