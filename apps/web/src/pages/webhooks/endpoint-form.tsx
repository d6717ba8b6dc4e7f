import type { EndpointDto, EndpointWithSecretDto, EventTypeDto } from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import type { SubscribableEventType, WebhookScope } from '../../api/webhooks';
import { Field, FormAlert, SubmitButton, noErrors, toFormErrors, useFocusFirstError, type FormErrors } from '../../components/form';
import { EventTypePicker } from './event-type-picker';

const LABELS = { url: 'URL', description: 'Description', eventTypes: 'Event types' };

interface Props {
  scope: WebhookScope;
  /** The endpoint to change; null adds a new one. */
  endpoint: EndpointDto | null;
  eventTypes: EventTypeDto[];
  onCreated: (created: EndpointWithSecretDto) => void;
  onSaved: (endpoint: EndpointDto) => void;
  onCancel: () => void;
}

/** Add an endpoint, or change its URL, description and event types. */
export function EndpointForm({ scope, endpoint, eventTypes, onCreated, onSaved, onCancel }: Props) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [chosen, setChosen] = useState<SubscribableEventType[]>(() =>
    (endpoint?.eventTypes ?? []).filter((t): t is SubscribableEventType => t !== 'webhook.test'),
  );
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { url: url.trim(), description: description.trim(), eventTypes: chosen };
    const fields: Record<string, string[]> = {};
    if (!body.url) fields.url = ['Enter the address LeadFlow should send events to.'];
    else if (!/^https?:\/\/\S+$/i.test(body.url))
      fields.url = ['Enter a full address starting with https://, e.g. https://hooks.zapier.com/hooks/catch/123/abc.'];
    if (body.eventTypes.length === 0) fields.eventTypes = ['Choose at least one event type.'];
    if (Object.keys(fields).length > 0) return setErrors({ fields });
    setErrors(noErrors);
    setBusy(true);
    if (endpoint) {
      const outcome = await call(scope.update(endpoint.id, body));
      setBusy(false);
      if (outcome.ok) onSaved(outcome.data);
      else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
    } else {
      const outcome = await call(scope.create(body));
      setBusy(false);
      if (outcome.ok) onCreated(outcome.data);
      else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
    }
  }

  return (
    <section className="card endpoint-form" aria-labelledby="endpoint-form-title">
      <h2 id="endpoint-form-title">{endpoint ? 'Change the endpoint' : 'Add an endpoint'}</h2>
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <Field
          name="url"
          label={LABELS.url}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={2048}
          placeholder="https://"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          errors={errors.fields.url}
          hint="LeadFlow POSTs each event here as JSON, signed with the Standard Webhooks scheme."
        />
        <Field
          name="description"
          label={LABELS.description}
          autoComplete="off"
          maxLength={200}
          placeholder="e.g. Zapier: new leads to the CRM"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          errors={errors.fields.description}
          hint="Optional: what this endpoint is for."
        />
        <EventTypePicker eventTypes={eventTypes} chosen={chosen} onChange={setChosen} errors={errors.fields.eventTypes} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <SubmitButton busy={busy} busyLabel={endpoint ? 'Saving…' : 'Adding…'}>
            {endpoint ? 'Save endpoint' : 'Add endpoint'}
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}
