/** Posting server-rendered forms over plain fetch, for tests against a `lockyard start` process. */

/** GETs a form page for its CSRF cookie and token, then posts the form (no redirects followed). */
export async function postForm(base: string, path: string, fields: Record<string, string>) {
  const page = await fetch(`${base}${path}`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)![1];
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf, ...fields }),
  });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

export const signInOver = (base: string, email: string, password: string) =>
  postForm(base, '/backoffice/sign-in', { email, password });
