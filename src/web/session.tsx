/**
 * The signed-in user and the public configuration, loaded once at start. A 401 from any request
 * (the session expired or was revoked) sends the user back to the sign-in page.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized, type AppConfig, type Me } from './api.ts';
import { navigate } from './router.tsx';

export interface Session {
  me: Me | null;
  config: AppConfig;
  ready: boolean;
  setMe(me: Me | null): void;
  signOut(): Promise<void>;
}

/** Used until /api/config answers (or when it cannot): no basemap, no extent. */
export const FALLBACK_CONFIG: AppConfig = {
  basemap: { type: 'none', url: null, attribution: null },
  extent: null,
  boundaryVersion: 1,
  hasDemo: false,
};

const Ctx = createContext<Session | null>(null);

/** The sign-in URL that brings the user back to where they were. */
export function loginUrl(): string {
  const here = location.pathname + location.search;
  return here === '/' || here.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [config, setConfig] = useState<AppConfig>(FALLBACK_CONFIG);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let live = true;
    const cfg = api<AppConfig>('/api/config').catch(() => FALLBACK_CONFIG);
    const who = api<Me>('/api/auth/me', { quiet401: true }).catch((err) => {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    });
    Promise.all([cfg, who])
      .then(([c, m]) => {
        if (!live) return;
        setConfig({ ...FALLBACK_CONFIG, ...c });
        setMe(m);
      })
      .catch(() => live && setMe(null))
      .finally(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, []);

  useEffect(
    () =>
      onUnauthorized(() => {
        setMe(null);
        if (!location.pathname.startsWith('/login')) navigate(loginUrl(), { replace: true });
      }),
    [],
  );

  const signOut = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST', quiet401: true });
    } finally {
      setMe(null);
      navigate('/login');
    }
  }, []);

  return <Ctx.Provider value={{ me, config, ready, setMe, signOut }}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
