import type { Session, SessionStore } from '@leadflow/api-client';

/** Bull Board (/admin/queues) is opened by the browser, not the client, so it reads the admin's access token from this cookie. */
const BOARD_COOKIE = 'leadflow_board';

/** The access token's claims, read (not verified — the API does that) to know its role and expiry. */
function claimsOf(accessToken: string): { role?: unknown; exp?: unknown } {
  try {
    const payload = accessToken.split('.')[1] ?? '';
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { role?: unknown; exp?: unknown };
  } catch {
    return {};
  }
}

function writeBoardCookie(session: Session | null): void {
  const attributes = `Path=/admin; SameSite=Strict${location.protocol === 'https:' ? '; Secure' : ''}`;
  const claims = session ? claimsOf(session.accessToken) : {};
  const seconds = typeof claims.exp === 'number' ? Math.floor(claims.exp - Date.now() / 1000) : 0;
  // The cookie lives exactly as long as the token it carries.
  document.cookie =
    session && claims.role === 'admin' && seconds > 0
      ? `${BOARD_COOKIE}=${encodeURIComponent(session.accessToken)}; ${attributes}; Max-Age=${seconds}`
      : `${BOARD_COOKIE}=; ${attributes}; Max-Age=0`;
}

/** Wraps a session store so every login, refresh and logout also updates the Bull Board cookie for admins. */
export function withBoardCookie(inner: SessionStore): SessionStore {
  return {
    load: () => inner.load(),
    save: (session) => {
      inner.save(session);
      writeBoardCookie(session);
    },
  };
}
