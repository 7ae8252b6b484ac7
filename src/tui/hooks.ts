/** Small React hooks shared by the screens. */
import { useEffect, useState } from 'react';

export interface Loaded<T> {
  value: T | undefined;
  error: string | null;
  /** true while a newer request is in flight (the previous value stays on screen meanwhile) */
  loading: boolean;
}

/**
 * Runs an async loader when `deps` change and keeps the last result while the next one loads, so
 * moving the cursor never blanks the screen. Results of superseded requests are dropped. "Loading"
 * is derived from the deps the result belongs to, so starting a load costs no extra render.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<{ value: T | undefined; error: string | null; key: string | null }>({ value: undefined, error: null, key: null });
  useEffect(() => {
    let live = true;
    load().then(
      (value) => {
        if (live) setState({ value, error: null, key });
      },
      (err: unknown) => {
        if (live) setState((s) => ({ value: s.value, error: (err as Error)?.message ?? String(err), key }));
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return { value: state.value, error: state.error, loading: state.key !== key };
}

/** First row index of a window of `height` rows that keeps `cursor` visible, centred when possible. */
export function windowStart(cursor: number, total: number, height: number): number {
  if (height <= 0) return 0;
  const maxStart = Math.max(0, total - height);
  return Math.max(0, Math.min(cursor - Math.floor(height / 2), maxStart));
}
