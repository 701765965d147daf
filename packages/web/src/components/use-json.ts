/** Loads JSON from the API, again whenever `deps` change (the live revision among them). */
import { useEffect, useState } from "preact/hooks";
import { getJson } from "../api";

export function useJson<T>(path: string | undefined, deps: unknown[]): { data?: T; error?: unknown; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [n, setN] = useState(0);
  useEffect(() => {
    if (path === undefined) return;
    let live = true;
    getJson<T>(path).then(
      (d) => {
        if (live) {
          setData(d);
          setError(undefined);
        }
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [path, n, ...deps]);
  return { data, error, reload: () => setN((x) => x + 1) };
}
