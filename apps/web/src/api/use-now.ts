import { useEffect, useState } from 'react';

/**
 * The time now, in ms, ticking every second until `until` (an ISO time) has passed; then it stops.
 * For a countdown ("a new code in 25 seconds") without reading the clock during render.
 */
export function useNow(until: string | null): number {
  const [now, setNow] = useState(() => Date.now());
  const end = until ? new Date(until).getTime() : 0;
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      if (t >= end) clearInterval(timer);
    };
    // Read at once (the last reading may be old), then every second while the time is still to come.
    const first = setTimeout(tick, 0);
    if (end > Date.now()) timer = setInterval(tick, 1_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [end]);
  return now;
}
