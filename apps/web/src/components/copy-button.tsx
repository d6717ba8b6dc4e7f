import { useEffect, useState } from 'react';

/** Copies `text` to the clipboard and says so for a moment (to screen readers too). */
export function CopyButton({ text, label = 'Copy', what }: { text: string; label?: string; what: string }) {
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);

  useEffect(() => {
    if (!result) return;
    const timer = setTimeout(() => setResult(null), 3000);
    return () => clearTimeout(timer);
  }, [result]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setResult('copied');
    } catch {
      setResult('failed');
    }
  }

  return (
    <span className="copy">
      <button type="button" className="button button-quiet" onClick={() => void copy()} aria-label={`${label} ${what}`}>
        {result === 'copied' ? 'Copied' : label}
      </button>
      <span className="visually-hidden" role="status">
        {result === 'copied'
          ? `${what} copied to the clipboard`
          : result === 'failed'
            ? `Couldn't copy; select the ${what} and copy it yourself`
            : ''}
      </span>
      {result === 'failed' ? <span className="field-error">Couldn't copy — select it and copy by hand.</span> : null}
    </span>
  );
}
