import {
  getTeamOptions,
  removeTeamMember,
  revokeTeamInvite,
  setTeamRole,
  type TeamDto,
  type TeamInviteDto,
  type TeamMemberDto,
} from '@leadflow/api-client';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { isOwner } from '../../api/team';
import { useAuth } from '../../auth/auth-context';
import { Page } from '../../components/page';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { OwnersOnlyNote } from '../../components/owners-only-note';
import { Notice } from '../../components/states';
import { InviteForm } from './invite-form';
import { InvitesTable, MembersTable, seatsText } from './team-tables';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';
import { useMe } from '../../auth/auth-context';

type Pending =
  { kind: 'role'; member: TeamMemberDto } | { kind: 'remove'; member: TeamMemberDto } | { kind: 'revoke'; invite: TeamInviteDto };

const otherRole = (member: TeamMemberDto) => (member.role === 'owner' ? 'member' : 'owner');

function dialogTitle(pending: Pending | null, you: boolean): string {
  if (!pending) return '';
  if (pending.kind === 'revoke') return 'Revoke this invite?';
  if (pending.kind === 'remove') return you ? 'Leave this account?' : `Remove ${pending.member.firstName} ${pending.member.lastName}?`;
  return pending.member.role === 'owner'
    ? you
      ? 'Stop being an owner?'
      : `Make ${pending.member.firstName} a member?`
    : `Make ${pending.member.firstName} an owner?`;
}

function confirmLabel(pending: Pending | null): string {
  if (!pending) return '';
  if (pending.kind === 'revoke') return 'Revoke invite';
  if (pending.kind === 'remove') return 'Remove';
  return pending.member.role === 'owner' ? 'Make member' : 'Make owner';
}

/** `/team`: who can sign in to the account. Owners invite people, change roles and remove people; members see the list. */
export function TeamPage() {
  const me = useMe();
  const call = useApiCall();
  const navigate = useNavigate();
  const { reload: reloadMe, signOut } = useAuth();
  const queryClient = useQueryClient();
  const team = useQuery(getTeamOptions());
  const setTeam = (change: (t: TeamDto) => TeamDto) => queryClient.setQueryData(getTeamOptions().queryKey, (t) => t && change(t));
  const owner = isOwner(me);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | null>(null);
  const you = pending !== null && pending.kind !== 'revoke' && pending.member.id === me.id;

  function ask(next: Pending) {
    setError(undefined);
    setMessage(null);
    setPending(next);
  }

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    if (pending.kind === 'revoke') {
      const outcome = await call(revokeTeamInvite({ path: { id: pending.invite.id } }));
      setBusy(false);
      if (!outcome.ok) {
        if (outcome.failure.kind === 'api') setError(outcome.failure.message);
        return;
      }
      setTeam((t) => ({ ...t, invites: t.invites.filter((i) => i.id !== pending.invite.id), seatsUsed: t.seatsUsed - 1 }));
      setMessage(`The invite to ${pending.invite.email} is revoked: its link no longer works.`);
      setPending(null);
      return;
    }

    const { member } = pending;
    const outcome = await call(
      pending.kind === 'remove'
        ? removeTeamMember({ path: { id: member.id } })
        : setTeamRole({ path: { id: member.id }, body: { role: otherRole(member) } }),
    );
    setBusy(false);
    if (!outcome.ok) {
      // e.g. "An account needs at least one owner: make someone else an owner first".
      if (outcome.failure.kind === 'api') setError(outcome.failure.message);
      return;
    }
    setPending(null);
    if (member.id === me.id) {
      // Your own role or seat changed: what you may do changes with it.
      if (pending.kind === 'remove') {
        await signOut();
        void navigate('/login', { replace: true });
      } else {
        reloadMe();
      }
      return;
    }
    setTeam(() => outcome.data);
    setMessage(
      pending.kind === 'remove'
        ? `${member.firstName} ${member.lastName} is removed from the account.`
        : `${member.firstName} ${member.lastName} is now ${otherRole(member) === 'owner' ? 'an owner' : 'a member'}.`,
    );
  }

  return (
    <Page title="Team" wide>
      <div className="page-head">
        <h1>Team</h1>
        <p className="muted">
          The people who can sign in to your LeadFlow account. Owners can do everything; members see leads, billing and settings but can't
          change billing, the team or API keys.
        </p>
      </div>
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      <QueryView query={team} loading="Loading your team…" failed="We couldn't load your team.">
        {(data) => (
          <>
            {owner ? (
              <InviteForm team={data} onInvited={() => void team.refetch()} onRefused={() => void team.refetch()} />
            ) : (
              <OwnersOnlyNote>
                Only the account's owners can invite people, change roles or remove people. {seatsText(data)}.
              </OwnersOnlyNote>
            )}

            <section className="section" aria-labelledby="members-title">
              <h2 id="members-title">People</h2>
              <MembersTable
                members={data.members}
                caption="People on this account"
                youId={me.id}
                actions={
                  owner
                    ? (m) => (
                        <>
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => ask({ kind: 'role', member: m })}
                            aria-label={`Make ${otherRole(m)}: ${m.firstName} ${m.lastName}`}
                          >
                            Make {otherRole(m)}
                          </button>
                          <button
                            type="button"
                            className="button button-small button-danger-quiet"
                            onClick={() => ask({ kind: 'remove', member: m })}
                            aria-label={`Remove: ${m.firstName} ${m.lastName}`}
                          >
                            Remove
                          </button>
                        </>
                      )
                    : undefined
                }
              />
            </section>

            <section className="section" aria-labelledby="invites-title">
              <h2 id="invites-title">Pending invites</h2>
              <InvitesTable
                invites={data.invites}
                caption="Pending invites"
                empty="No pending invites."
                actions={
                  owner
                    ? (i) => (
                        <button
                          type="button"
                          className="button button-small button-danger-quiet"
                          onClick={() => ask({ kind: 'revoke', invite: i })}
                          aria-label={`Revoke invite: ${i.email}`}
                        >
                          Revoke
                        </button>
                      )
                    : undefined
                }
              />
            </section>
          </>
        )}
      </QueryView>
      <ConfirmDialog
        open={pending !== null}
        title={dialogTitle(pending, you)}
        confirmLabel={confirmLabel(pending)}
        busyLabel="Saving…"
        danger={pending?.kind !== 'role'}
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onCancel={() => setPending(null)}
      >
        {pending?.kind === 'revoke' ? (
          <p>
            The link sent to <strong>{pending.invite.email}</strong> stops working and the seat is free again.
          </p>
        ) : pending?.kind === 'remove' ? (
          <p>
            {you ? 'You' : <strong>{pending.member.email}</strong>} can no longer sign in to this account, and the API keys{' '}
            {you ? 'you' : 'they'} created stop working.
            {you ? ' You are signed out.' : ''}
          </p>
        ) : pending?.kind === 'role' ? (
          <p>
            {otherRole(pending.member) === 'owner'
              ? `${pending.member.firstName} will be able to change billing, the team and API keys.`
              : `${you ? 'You' : pending.member.firstName} will no longer be able to change billing, the team or API keys.`}
          </p>
        ) : null}
      </ConfirmDialog>
    </Page>
  );
}
