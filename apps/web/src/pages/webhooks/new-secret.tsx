import type { EndpointWithSecretDto } from '@leadflow/api-client';
import { formatDateTime } from '../../api/format';
import { CopyButton } from '../../components/copy-button';

/** A signing secret, shown this once: after a new endpoint, or after a rotation (with the overlap explained). */
export function NewSecret({ created, rotated, onDone }: { created: EndpointWithSecretDto; rotated: boolean; onDone: () => void }) {
  const overlapUntil = created.endpoint.previousSecretExpiresAt;
  return (
    <section className="card new-secret" aria-labelledby="new-secret-title">
      <h2 id="new-secret-title">{rotated ? 'New signing secret' : 'Signing secret'}</h2>
      <p className="muted endpoint-url">{created.endpoint.url}</p>
      <div className="notice notice-info" role="status">
        <div>
          <p>
            <strong>Store it now: it is shown only once.</strong> LeadFlow keeps it encrypted and cannot show it again; if it is lost,
            rotate the secret.
          </p>
          <p>
            Your receiver uses it to check the <code>webhook-signature</code> header with any Standard Webhooks library.
          </p>
          {rotated ? (
            overlapUntil ? (
              <p>
                Until <strong>{formatDateTime(overlapUntil)}</strong> every request carries two signatures, one made with the old secret and
                one with this new one, so your receiver keeps working while you switch it over. After that only the new secret signs.
              </p>
            ) : (
              <p>The old secret no longer signs requests: switch your receiver to this one now.</p>
            )
          ) : null}
        </div>
      </div>
      <div className="copy-field">
        <code id="endpoint-secret">{created.secret}</code>
        <CopyButton text={created.secret} what="signing secret" />
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          I've stored it
        </button>
      </div>
    </section>
  );
}
