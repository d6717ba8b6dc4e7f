import type { ReactNode } from 'react';

/** One signed-in page inside the shell: its title in the tab, and its width (`wide` for tables). */
export function Page({ title, wide = false, children }: { title: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={wide ? 'page page-wide' : 'page'}>
      <title>{`${title} · LeadFlow`}</title>
      {children}
    </div>
  );
}
