import { getReturnPolicyOptions, reportLead, type ReportDto } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { REPORT_REASON_LABELS, type ReportReason } from '../../api/leads';
import { FormAlert, SubmitButton, noErrors, toFormErrors, useFocusFirstError, type FormErrors } from '../../components/form';
import { Modal } from '../../components/modal';

const REASONS = Object.keys(REPORT_REASON_LABELS) as ReportReason[];
const LABELS = { reason: 'Reason', note: 'Note' };

/**
 * "Report this lead": a reason your industry takes, and a note (required for "Other"). Before you
 * report, it shows your return rate and limit (past the limit a report waits for review).
 */
export function ReportDialog({
  open,
  leadId,
  onClose,
  onReported,
}: {
  open: boolean;
  leadId: string;
  onClose: () => void;
  onReported: (report: ReportDto) => void;
}) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [reason, setReason] = useState<ReportReason | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);
  const policy = useQuery({ ...getReturnPolicyOptions(), enabled: open });
  const reasons = policy.data ? REASONS.filter((r) => policy.data.reasons.includes(r)) : REASONS;

  function close() {
    if (busy) return;
    setErrors(noErrors);
    onClose();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!reason) return setErrors({ fields: { reason: ['Choose why you are reporting this lead.'] } });
    if (reason === 'other' && !note.trim()) return setErrors({ fields: { note: ['Tell us what is wrong with this lead.'] } });
    setErrors(noErrors);
    setBusy(true);
    const outcome = await call(reportLead({ path: { id: leadId }, body: { reason, ...(note.trim() ? { note: note.trim() } : {}) } }));
    setBusy(false);
    if (outcome.ok) {
      setReason('');
      setNote('');
      onReported(outcome.data);
    } else if (outcome.failure.kind === 'api') {
      // 409: already reported, or the report window has closed — the API's message says which.
      setErrors(outcome.failure.status === 409 ? { message: outcome.failure.message, fields: {} } : toFormErrors(outcome.failure, LABELS));
    }
  }

  const reasonInvalid = Boolean(errors.fields.reason);
  const noteInvalid = Boolean(errors.fields.note);
  return (
    <Modal open={open} title="Report this lead" busy={busy} onClose={close}>
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        <p className="muted">We review every report. If we approve it, the lead's price goes back on your balance.</p>
        {policy.data ? (
          <p className="field-hint" data-testid="return-rate">
            Your return rate: <strong>{policy.data.returnRatePercent}%</strong> ({policy.data.returnsLast30Days} of{' '}
            {policy.data.leadsLast30Days} leads in the last 30 days); your limit: <strong>{policy.data.limitPercent}%</strong>. Leads can be
            reported within {policy.data.windowDays} {policy.data.windowDays === 1 ? 'day' : 'days'} of delivery.
          </p>
        ) : null}
        {policy.data?.nextReturnOverLimit ? (
          <p className="notice notice-info" role="note">
            This report takes you past your limit: we will record it, and it waits for our review.
          </p>
        ) : null}
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <fieldset
          className="fieldset"
          aria-invalid={reasonInvalid || undefined}
          aria-describedby={reasonInvalid ? 'report-reason-error' : undefined}
        >
          <legend>What is wrong with it?</legend>
          {reasons.map((r) => (
            <label key={r} className="check">
              <input
                type="radio"
                name="reason"
                value={r}
                checked={reason === r}
                onChange={() => {
                  setReason(r);
                  if (errors !== noErrors) setErrors(noErrors);
                }}
                aria-invalid={reasonInvalid || undefined}
              />
              <span>{REPORT_REASON_LABELS[r]}</span>
            </label>
          ))}
          {reasonInvalid ? (
            <p id="report-reason-error" className="field-error">
              {errors.fields.reason?.join(' ')}
            </p>
          ) : null}
        </fieldset>
        <div className="field">
          <label htmlFor="report-note">{reason === 'other' ? 'Note' : 'Note (optional)'}</label>
          <textarea
            id="report-note"
            name="note"
            rows={3}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            required={reason === 'other'}
            aria-invalid={noteInvalid || undefined}
            aria-describedby={noteInvalid ? 'report-note-error' : 'report-note-hint'}
          />
          {noteInvalid ? (
            <p id="report-note-error" className="field-error">
              {errors.fields.note?.join(' ')}
            </p>
          ) : (
            <p id="report-note-hint" className="field-hint">
              {reason === 'other' ? 'Required: tell us what is wrong.' : 'Anything that helps us check it.'}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close} disabled={busy}>
            Cancel
          </button>
          <SubmitButton busy={busy} busyLabel="Reporting…">
            Report lead
          </SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
