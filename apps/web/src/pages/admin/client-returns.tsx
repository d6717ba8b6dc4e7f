import { getClientReturnRulesOptions, setClientReturnRules, type ClientReturnRulesDto } from '@leadflow/api-client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { Field, FormAlert, SubmitButton, noErrors, toFormErrors, useFocusFirstError, type FormErrors } from '../../components/form';
import { QueryView } from '../../components/query-view';
import { Notice } from '../../components/states';

const LABELS = { rateLimitPercent: 'Own return limit (%)', autoApprove: 'Trusted: approve returns at once' };

function ReturnRulesForm({
  rules,
  name,
  onSaved,
}: {
  rules: ClientReturnRulesDto;
  name: string;
  onSaved: (r: ClientReturnRulesDto) => void;
}) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [limit, setLimit] = useState(rules.rateLimitPercent != null ? String(rules.rateLimitPercent) : '');
  const [trusted, setTrusted] = useState(rules.autoApprove);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [saved, setSaved] = useState<string | null>(null);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    const text = limit.trim();
    const rateLimitPercent = text === '' ? null : Number(text);
    if (rateLimitPercent !== null && (!/^\d+$/.test(text) || rateLimitPercent > 100))
      return setErrors({ fields: { rateLimitPercent: ['Enter a whole percent from 0 to 100, or leave it empty for the default.'] } });
    setErrors(noErrors);
    setBusy(true);
    const outcome = await call(setClientReturnRules({ path: { id: rules.clientId }, body: { rateLimitPercent, autoApprove: trusted } }));
    setBusy(false);
    if (outcome.ok) {
      onSaved(outcome.data);
      setSaved(
        `Saved: ${name} may return up to ${outcome.data.effectiveRateLimitPercent} % of its leads; ${
          outcome.data.autoApprove ? 'returns within it are approved at once' : 'an admin decides each return'
        }.`,
      );
    } else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
      {saved ? (
        <Notice tone="success" onDismiss={() => setSaved(null)}>
          {saved}
        </Notice>
      ) : null}
      {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
      <p id="client-return-rate">
        Return rate over the last 30 days: <strong>{rules.returnRatePercent} %</strong> of a limit of{' '}
        <strong>{rules.effectiveRateLimitPercent} %</strong>
        {rules.rateLimitPercent == null ? ' (the default)' : ' (its own)'}. A return past the limit is recorded, marked and never approved
        at once.
      </p>
      <div className="filters filters-narrow">
        <Field
          name="rateLimitPercent"
          label={LABELS.rateLimitPercent}
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          placeholder={`Default`}
          value={limit}
          onChange={(e) => setLimit(e.target.value)}
          errors={errors.fields.rateLimitPercent}
        />
        <label className="check">
          <input type="checkbox" name="autoApprove" checked={trusted} onChange={(e) => setTrusted(e.target.checked)} />
          <span>{LABELS.autoApprove}</span>
        </label>
        <div className="filters-actions">
          <SubmitButton busy={busy} busyLabel="Saving…">
            Save return rules
          </SubmitButton>
        </div>
      </div>
    </form>
  );
}

/** A client's return rules on its admin page: its rate against its limit, its own limit, and the trusted switch. */
export function ClientReturns({ clientId, name }: { clientId: string; name: string }) {
  const queryClient = useQueryClient();
  const options = getClientReturnRulesOptions({ path: { id: clientId } });
  const rules = useQuery(options);
  return (
    <section className="section" aria-labelledby="client-returns-title">
      <h2 id="client-returns-title">Returns</h2>
      <QueryView query={rules} loading="Loading the return rules…" failed="We couldn't load the return rules.">
        {(data) => <ReturnRulesForm rules={data} name={name} onSaved={(next) => queryClient.setQueryData(options.queryKey, next)} />}
      </QueryView>
    </section>
  );
}
