import type { SmsNumberDto } from '@leadflow/api-client';
import { formatDate } from '../../api/format';
import { phoneText, quietHoursText } from '../../api/notifications';
import { AlertSettingsForm } from './alert-settings-form';
import { VerifyForm } from './verify-form';

/** One of the person's numbers: verified or not, stopped by a STOP reply or not, why its last text failed, and what it gets (or its code). */
export function SmsNumberCard({
  number,
  billable,
  onChanged,
  onRemove,
}: {
  number: SmsNumberDto;
  billable: boolean;
  onChanged: (number: SmsNumberDto) => void;
  onRemove: () => void;
}) {
  const phone = phoneText(number.phone);
  const quiet = quietHoursText(number.quietStart, number.quietEnd);
  return (
    <li className="sms-number" aria-labelledby={`sms-number-${number.id}`}>
      <div className="sms-number-head">
        <h3 id={`sms-number-${number.id}`}>{phone}</h3>
        {number.verified ? <span className="tag tag-success">Verified</span> : <span className="tag tag-warning">Not verified</span>}
        {number.verified && quiet ? <span className="muted">Quiet {quiet}</span> : null}
        <button type="button" className="button button-small button-danger-quiet" onClick={onRemove} aria-label={`Remove ${phone}`}>
          Remove
        </button>
      </div>
      {number.optedOutAt ? (
        <div className="notice notice-info" role="status">
          <p>
            {`You replied STOP to our texts on ${formatDate(number.optedOutAt)}, so nothing is sent to this number. `}
            Reply START to any of our texts to turn them back on.
          </p>
        </div>
      ) : null}
      {number.lastProblem ? (
        <div className="notice notice-error">
          <p>{`The last text to this number did not arrive: ${number.lastProblem}.`}</p>
        </div>
      ) : null}
      {number.verified ? (
        <AlertSettingsForm number={number} billable={billable} onSaved={onChanged} />
      ) : (
        <VerifyForm number={number} onChanged={onChanged} />
      )}
    </li>
  );
}
