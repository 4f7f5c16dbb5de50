/**
 * A very small client-side router over the History API: the app has a handful of pages, so a
 * dependency would buy nothing. The server answers every non-API path with index.html.
 */
import { useEffect, useState, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
function emit(): void {
  for (const fn of listeners) fn();
}
window.addEventListener('popstate', emit);

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Goes to a path inside the app (with an optional query string). */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  emit();
}

/** Rewrites the query string of the current page without a new history entry or a re-render. */
export function replaceSearch(search: string): void {
  const url = location.pathname + search + location.hash;
  if (url !== location.pathname + location.search + location.hash) history.replaceState(null, '', url);
}

/** The current path, re-rendering on navigation. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

/** The query string at the time of the last navigation (not live while the map rewrites it). */
export function useInitialSearch(): string {
  const [s] = useState(() => location.search);
  return s;
}

/** An <a> that navigates inside the app without a page load. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}

/** Redirects on mount (used for guarded pages). */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
