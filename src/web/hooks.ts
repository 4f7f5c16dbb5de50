/** Data-loading hooks: one GET per distinct URL, aborted when the URL changes or the page closes. */
import { useEffect, useState } from 'react';
import { api } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

/** GETs `url` (null = nothing to load) and re-fetches whenever it changes or `reload` increments. */
export function useApi<T>(url: string | null, reload = 0): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: null, loading: !!url });
  useEffect(() => {
    if (!url) {
      setState({ data: undefined, error: null, loading: false });
      return;
    }
    const ctl = new AbortController();
    setState((s) => ({ data: s.data, error: null, loading: true }));
    api<T>(url, { signal: ctl.signal })
      .then((data) => setState({ data, error: null, loading: false }))
      .catch((error) => {
        if (!ctl.signal.aborted) setState({ data: undefined, error, loading: false });
      });
    return () => ctl.abort();
  }, [url, reload]);
  return state;
}

/** A value that follows `value` after `ms` without change (search-as-you-type). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}
