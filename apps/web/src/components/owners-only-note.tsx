import type { ReactNode } from 'react';

/** Where a member sees a screen whose changes are for the account's owners: say so once, instead of showing controls the API would refuse. */
export function OwnersOnlyNote({ children }: { children: ReactNode }) {
  return (
    <div className="notice notice-info owners-only-note">
      <p>{children}</p>
    </div>
  );
}
