import {
  getClientSubscriptionQueryKey,
  getClientTeamOptions,
  getClientTeamQueryKey,
  setSeatLimit,
  type TeamDto,
} from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import {
  Field,
  FormAlert,
  SubmitButton,
  formValue,
  noErrors,
  toFormErrors,
  useFocusFirstError,
  type FormErrors,
} from '../../components/form';
import { Notice } from '../../components/states';
import { InvitesTable, MembersTable, seatsText } from '../team/team-tables';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';

const LABELS = { seatLimit: 'Seat limit', reason: 'Reason (for the activity log)' };
const MAX_SEATS = 500;

function SeatLimitForm({ clientId, team, onSaved }: { clientId: string; team: TeamDto; onSaved: (next: TeamDto) => void }) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [saved, setSaved] = useState<string | null>(null);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    const raw = formValue(new FormData(event.currentTarget), 'seatLimit');
    const seatLimit = Number(raw);
    const reason = formValue(new FormData(event.currentTarget), 'reason').trim();
    if (!/^\d+$/.test(raw) || seatLimit < 1 || seatLimit > MAX_SEATS)
      return setErrors({ fields: { seatLimit: [`Enter a whole number from 1 to ${MAX_SEATS}.`] } });
    setErrors(noErrors);
    setBusy(true);
    const outcome = await call(setSeatLimit({ path: { id: clientId }, body: { seatLimit, ...(reason ? { reason } : {}) } }));
    setBusy(false);
    if (outcome.ok) {
      onSaved(outcome.data);
      const t = outcome.data;
      setSaved(
        t.seatsUsed > t.seatLimit
          ? `Seat limit saved: ${t.seatLimit}. ${t.seatsUsed} seats are in use, so nobody is removed, but the owners can't invite anyone until seats free up.`
          : `Seat limit saved: ${seatsText(t)}.`,
      );
    } else if (outcome.failure.kind === 'api') {
      setErrors(toFormErrors(outcome.failure, LABELS));
    }
  }

  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
      {saved ? (
        <Notice tone="success" onDismiss={() => setSaved(null)}>
          {saved}
        </Notice>
      ) : null}
      {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
      <p className="muted">
        Seats count people plus pending invites. Seats beyond the plan’s and the bought ones are free (comped). Lowering the limit removes
        nobody.
      </p>
      <div className="filters filters-narrow">
        <Field
          name="seatLimit"
          label={LABELS.seatLimit}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_SEATS}
          step={1}
          defaultValue={team.seatLimit}
          errors={errors.fields.seatLimit}
        />
        <Field name="reason" label={LABELS.reason} maxLength={200} errors={errors.fields.reason} />
        <div className="filters-actions">
          <SubmitButton busy={busy} busyLabel="Saving…">
            Save seat limit
          </SubmitButton>
        </div>
      </div>
    </form>
  );
}

/** An admin's view of a client's people and invites, with the seat limit to change. */
export function ClientTeam({ clientId, name }: { clientId: string; name: string }) {
  const queryClient = useQueryClient();
  const team = useQuery(getClientTeamOptions({ path: { id: clientId } }));
  const data = team.data;
  return (
    <section className="section" aria-labelledby="client-team-title">
      <div className="page-head-row">
        <h2 id="client-team-title">Team</h2>
        {data ? (
          <span id="client-seats" className="muted">
            {seatsText(data)}
          </span>
        ) : null}
      </div>
      <QueryView query={team} loading="Loading the team…" failed="We couldn't load the team.">
        {(data) => (
          <>
            <MembersTable members={data.members} caption={`People on ${name}'s account`} />
            <h3>Pending invites</h3>
            <InvitesTable invites={data.invites} caption={`Pending invites to ${name}'s account`} empty="No pending invites." />
            <SeatLimitForm
              clientId={clientId}
              team={data}
              onSaved={(saved) => {
                queryClient.setQueryData(getClientTeamQueryKey({ path: { id: clientId } }), saved);
                void queryClient.invalidateQueries({ queryKey: getClientSubscriptionQueryKey({ path: { id: clientId } }) });
              }}
            />
          </>
        )}
      </QueryView>
    </section>
  );
}
