/**
 * Where to go after logging in: the page a signed-out visitor asked for (a link from an email, a
 * bookmark), carried as `?next=`. Only paths of this app: never another origin (`//…`, `\\…`, a scheme).
 */
export function returnPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/';
  return next;
}

/** `/login`, remembering the page asked for (nothing to remember for `/`). */
export function loginPathFor(location: { pathname: string; search: string; hash: string }): string {
  const here = `${location.pathname}${location.search}${location.hash}`;
  return here === '/' || location.pathname.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}
