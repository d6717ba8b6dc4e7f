import { resendSmsCode, verifySmsNumber, type SmsNumberDto } from '@leadflow/api-client';
import { useId, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { phoneText } from '../../api/notifications';
import { useNow } from '../../api/use-now';
import { Field, SubmitButton } from '../../components/form';
import { Notice } from '../../components/states';

const time = (iso: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** The 6-digit code texted to an unverified number, and "Send a new code" once the API allows another. */
export function VerifyForm({ number, onChanged }: { number: SmsNumberDto; onChanged: (number: SmsNumberDto) => void }) {
  const call = useApiCall();
  const hintId = useId();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [resending, setResending] = useState(false);
  const [resent, setResent] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const now = useNow(number.canResendAt);
  const wait = number.canResendAt ? Math.max(0, Math.ceil((new Date(number.canResendAt).getTime() - now) / 1_000)) : 0;
  const phone = phoneText(number.phone);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const digits = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(digits)) return setError('Enter the 6 digits from the text.');
    setBusy(true);
    setError(null);
    const outcome = await call(verifySmsNumber({ path: { id: number.id }, body: { code: digits } }));
    setBusy(false);
    if (outcome.ok) onChanged(outcome.data);
    // A wrong or expired code (422) and too many wrong codes (429) are both about the code.
    else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  async function resend() {
    setResending(true);
    setResent(null);
    const outcome = await call(resendSmsCode({ path: { id: number.id } }));
    setResending(false);
    if (outcome.ok) {
      setCode('');
      setError(null);
      setResent({ tone: 'success', text: `A new code is on its way to ${phone}.` });
      onChanged(outcome.data);
    } else if (outcome.failure.kind === 'api') {
      setResent({ tone: 'error', text: outcome.failure.message });
    }
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={`Verify ${phone}`}>
      {resent ? (
        <Notice tone={resent.tone} onDismiss={() => setResent(null)}>
          {resent.text}
        </Notice>
      ) : null}
      <Field
        name="code"
        label="Verification code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        className="code-field"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        errors={error ? [error] : undefined}
        hint={
          number.codeExpiresAt
            ? `Enter the 6-digit code we texted to ${phone}. It works until ${time(number.codeExpiresAt)}.`
            : `A 6-digit code is on its way to ${phone}.`
        }
      />
      <div className="form-actions sms-verify-actions">
        <p id={hintId} className="field-hint">
          {wait > 0 ? `You can ask for a new code in ${wait} ${wait === 1 ? 'second' : 'seconds'}.` : 'No text? Ask for a new code.'}
        </p>
        <button type="button" className="button" onClick={() => void resend()} disabled={wait > 0 || resending} aria-describedby={hintId}>
          {resending ? 'Sending…' : 'Send a new code'}
        </button>
        <SubmitButton busy={busy} busyLabel="Checking…">
          Verify
        </SubmitButton>
      </div>
    </form>
  );
}
