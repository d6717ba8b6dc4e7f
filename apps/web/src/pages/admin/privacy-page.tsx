import {
  exportPersonalData,
  listAllLeadsQueryKey,
  listPrivacyRequestsOptions,
  listPrivacyRequestsQueryKey,
  requestErasure,
  type PrivacyRequestDto,
} from '@leadflow/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useApiCall } from '../../api/connection';
import { saveTextFile } from '../../api/download';
import { formatDate, formatDateTime } from '../../api/format';
import { useListParams } from '../../api/url-state';
import { useRefresh } from '../../api/use-refresh';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field, FormAlert, noErrors, toFormErrors, useFocusFirstError, type FormErrors } from '../../components/form';
import { Page } from '../../components/page';
import { PagedList } from '../../components/query-view';
import { Notice } from '../../components/states';

const PAGE_SIZE = 20;
const LABELS = { email: 'Email', phone: 'Phone' };
const KIND_LABELS: Record<string, string> = { erasure: 'Erasure', access: 'Access (export)' };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const byWhat = (r: Pick<PrivacyRequestDto, 'byEmail' | 'byPhone'>) =>
  [r.byEmail ? 'email' : null, r.byPhone ? 'phone' : null].filter(Boolean).join(' and ');

/** What an erasure did, in words. */
function erasedText(r: PrivacyRequestDto): string {
  const done =
    r.leadCount === 0
      ? 'No lead carries this email or phone now: nothing was erased.'
      : `Erased ${plural(r.leadCount, 'lead', 'leads')}; ${plural(r.buyerCount, 'buyer was', 'buyers were')} told by webhook.`;
  return r.previousRequestAt ? `${done} This person asked before, on ${formatDate(r.previousRequestAt)}.` : done;
}

/**
 * `/admin/privacy`: a person's requests, made for them by an admin. Export what LeadFlow holds about
 * them (a JSON file), or erase their leads everywhere after a confirmation; the requests made so far
 * are listed without the person's details (only keyed hashes of them are kept).
 */
export function PrivacyPage() {
  const call = useApiCall();
  const refresh = useRefresh();
  const formRef = useRef<HTMLFormElement>(null);
  const list = useListParams([]);
  const requests = useQuery({
    ...listPrivacyRequestsOptions({ query: { page: list.page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState<'export' | 'erase' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [message, setMessage] = useState<string | null>(null);
  useFocusFirstError(formRef, errors);

  const person = () => ({ ...(email.trim() ? { email: email.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}) });

  async function download() {
    setBusy('export');
    setErrors(noErrors);
    setMessage(null);
    const outcome = await call(exportPersonalData({ body: person() }));
    setBusy(null);
    if (outcome.ok) {
      const file = outcome.data;
      saveTextFile(`leadflow-access-${file.requestId}.json`, `${JSON.stringify(file, null, 2)}\n`, 'application/json');
      setMessage(
        file.leads.length === 0
          ? 'Downloaded: LeadFlow holds no lead with this email or phone.'
          : `Downloaded what LeadFlow holds: ${plural(file.leads.length, 'lead', 'leads')}.`,
      );
      void refresh(listPrivacyRequestsQueryKey);
    } else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  function askToErase() {
    setErrors(noErrors);
    setMessage(null);
    if (!email.trim() && !phone.trim()) {
      setErrors({ fields: { email: ['Enter the email or the phone (or both)'], phone: ['Enter the email or the phone (or both)'] } });
      return;
    }
    setConfirming(true);
  }

  async function erase() {
    setBusy('erase');
    const outcome = await call(requestErasure({ body: person() }));
    setBusy(null);
    setConfirming(false);
    if (outcome.ok) {
      setMessage(erasedText(outcome.data));
      setEmail('');
      setPhone('');
      void refresh(listPrivacyRequestsQueryKey, listAllLeadsQueryKey);
    } else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  const who = [email.trim(), phone.trim()].filter(Boolean).join(' or ');

  return (
    <Page title="Privacy" wide>
      <div className="page-head">
        <h1>Privacy</h1>
        <p className="muted">
          A person’s requests about their data. Leads are also erased by themselves once their industry’s retention period runs out.
        </p>
      </div>
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      <section className="card form-card" aria-labelledby="privacy-person-title">
        <h2 id="privacy-person-title">A person’s data</h2>
        <p className="muted">
          Find them by the email or the phone their leads carry (or both). Export what LeadFlow holds about them, or erase it: their leads
          keep only the industry, postcode district, price and dates, and every buyer who had one is told.
        </p>
        <form
          ref={formRef}
          noValidate
          aria-busy={busy !== null}
          onSubmit={(e) => {
            e.preventDefault();
            void download();
          }}
        >
          {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
          <div className="field-row">
            <Field
              name="email"
              label={LABELS.email}
              type="email"
              inputMode="email"
              autoComplete="off"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              errors={errors.fields.email}
            />
            <Field
              name="phone"
              label={LABELS.phone}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              hint="A UK number in any form, e.g. 07700 900123"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              errors={errors.fields.phone}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy !== null}>
              {busy === 'export' ? 'Preparing…' : 'Download their data'}
            </button>
            <button type="button" className="button button-danger" onClick={askToErase} disabled={busy !== null}>
              Erase their data…
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="privacy-requests-title">
        <h2 id="privacy-requests-title">Requests</h2>
        <PagedList
          query={requests}
          loading="Loading requests…"
          failed="We couldn't load the requests."
          empty="No requests yet. Each export and erasure is listed here, without the person’s details."
          noun={['request', 'requests']}
          onPage={list.setPage}
        >
          {(items) => (
            <table className="table">
              <caption className="visually-hidden">Privacy requests, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Request</th>
                  <th scope="col">By</th>
                  <th scope="col" className="numeric">
                    Leads
                  </th>
                  <th scope="col" className="numeric">
                    Buyers told
                  </th>
                  <th scope="col">Asked before</th>
                  <th scope="col">Admin</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id}>
                    <td data-label="When">{formatDateTime(r.requestedAt)}</td>
                    <td data-label="Request">{KIND_LABELS[r.kind] ?? r.kind}</td>
                    <td data-label="By">{byWhat(r)}</td>
                    <td data-label="Leads" className="numeric">
                      {r.leadCount}
                    </td>
                    <td data-label="Buyers told" className="numeric">
                      {r.kind === 'erasure' ? r.buyerCount : <span className="muted">—</span>}
                    </td>
                    <td data-label="Asked before">
                      {r.previousRequestAt ? formatDate(r.previousRequestAt) : <span className="muted">No</span>}
                    </td>
                    <td data-label="Admin">{r.requestedBy ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </PagedList>
      </section>

      <ConfirmDialog
        open={confirming}
        title="Erase this person’s data?"
        confirmLabel="Erase"
        busyLabel="Erasing…"
        busy={busy === 'erase'}
        danger
        onConfirm={() => void erase()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Every lead carrying <strong>{who}</strong>, whoever bought it, loses its name, contact details, address and free text, here and in
          what was sent about it. This cannot be undone.
        </p>
        <p>Each buyer who had one of these leads is sent a “lead erased” webhook event.</p>
      </ConfirmDialog>
    </Page>
  );
}
