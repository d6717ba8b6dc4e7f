import type { TeamDto, TeamInviteDto, TeamMemberDto } from '@leadflow/api-client';
import type { ReactNode } from 'react';
import { formatDate } from '../../api/format';
import { ROLE_LABELS } from '../../api/team';
import { EmptyState } from '../../components/states';

/** "2 of 5 seats used": members and pending invites both take a seat. */
export function seatsText(team: Pick<TeamDto, 'seatsUsed' | 'seatLimit'>): string {
  return `${team.seatsUsed} of ${team.seatLimit} ${team.seatLimit === 1 ? 'seat' : 'seats'} used`;
}

function RoleTag({ role }: { role: TeamMemberDto['role'] }) {
  return <span className={role === 'owner' ? 'tag tag-success' : 'tag'}>{ROLE_LABELS[role]}</span>;
}

/** The people on an account; `actions` adds the owners' buttons to each row. */
export function MembersTable({
  members,
  caption,
  youId,
  actions,
}: {
  members: TeamMemberDto[];
  caption: string;
  youId?: string;
  actions?: (member: TeamMemberDto) => ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            {actions ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td data-label="Name">
                {m.firstName} {m.lastName}
                {m.id === youId ? <span className="muted"> (you)</span> : null}
              </td>
              <td data-label="Email">{m.email}</td>
              <td data-label="Role">
                <RoleTag role={m.role} />
              </td>
              <td data-label="Joined">{formatDate(m.joinedAt)}</td>
              {actions ? (
                <td data-label="Actions">
                  <div className="row-actions">{actions(m)}</div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Invites sent and not yet used (expired ones drop off by themselves). */
export function InvitesTable({
  invites,
  caption,
  empty,
  actions,
}: {
  invites: TeamInviteDto[];
  caption: string;
  empty: string;
  actions?: (invite: TeamInviteDto) => ReactNode;
}) {
  if (invites.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Sent</th>
            <th scope="col">Expires</th>
            {actions ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {invites.map((i) => (
            <tr key={i.id}>
              <td data-label="Email">{i.email}</td>
              <td data-label="Role">
                <RoleTag role={i.role} />
              </td>
              <td data-label="Sent">{formatDate(i.createdAt)}</td>
              <td data-label="Expires">{formatDate(i.expiresAt)}</td>
              {actions ? (
                <td data-label="Actions">
                  <div className="row-actions">{actions(i)}</div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
