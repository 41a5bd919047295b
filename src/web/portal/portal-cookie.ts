/** The portal's session cookie: one per operator, scoped to that operator's portal path. */
export const PORTAL_COOKIE = 'lockyard_portal';

export function portalCookieOptions(publicUrl: string, slug: string) {
  return {
    path: `/portal/${slug}`,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: publicUrl.startsWith('https:'),
    maxAge: 12 * 3600,
  };
}

/** The Set-Cookie value, for pages that do not register @fastify/cookie (the checkout's account setup). */
export function portalSetCookie(publicUrl: string, slug: string, value: string): string {
  const o = portalCookieOptions(publicUrl, slug);
  return `${PORTAL_COOKIE}=${value}; Path=${o.path}; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${o.secure ? '; Secure' : ''}`;
}
