import { adminListIndustriesOptions, archiveIndustry, deleteIndustry, type IndustryDto, unarchiveIndustry } from '@leadflow/api-client';
import { useState } from 'react';
import { useApiCall } from '../../api/connection';
import { formatMoney } from '../../api/format';
import { Page } from '../../components/page';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { EmptyState, Notice } from '../../components/states';
import { IndustryForm } from './industry-form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';

type Editing = { mode: 'new' } | { mode: 'edit'; industry: IndustryDto } | null;

/** What clients can sign up for: create, edit, archive (clients keep it) or delete (unused only). */
export function IndustriesPage() {
  const call = useApiCall();
  const queryClient = useQueryClient();
  const industriesOptions = adminListIndustriesOptions({ query: { includeArchived: true } });
  const industries = useQuery(industriesOptions);
  const setIndustries = (change: (list: IndustryDto[]) => IndustryDto[]) =>
    queryClient.setQueryData(industriesOptions.queryKey, (list = []) => change(list));
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [rowBusy, setRowBusy] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<IndustryDto | null>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<string | undefined>(undefined);

  function put(industry: IndustryDto) {
    setIndustries((list) =>
      list.some((i) => i.id === industry.id)
        ? list.map((i) => (i.id === industry.id ? industry : i))
        : [...list, industry].sort((a, b) => a.name.localeCompare(b.name)),
    );
  }

  async function setArchived(industry: IndustryDto, archived: boolean) {
    setRowBusy(industry.id);
    setRowError(null);
    const outcome = await call(
      archived ? archiveIndustry({ path: { id: industry.id } }) : unarchiveIndustry({ path: { id: industry.id } }),
    );
    setRowBusy(null);
    if (outcome.ok) {
      put(outcome.data);
      setMessage(
        archived
          ? `${industry.name} is archived: its clients keep it, new clients can't choose it.`
          : `${industry.name} can be chosen again.`,
      );
      return true;
    }
    if (outcome.failure.kind === 'api') setRowError(outcome.failure.message);
    return false;
  }

  async function confirmDelete() {
    if (!deleting) return;
    setDeleteBusy(true);
    const outcome = await call(deleteIndustry({ path: { id: deleting.id } }));
    setDeleteBusy(false);
    if (outcome.ok) {
      setIndustries((list) => list.filter((i) => i.id !== deleting.id));
      setMessage(`${deleting.name} is deleted.`);
      setDeleting(null);
    } else if (outcome.failure.kind === 'api') {
      setDeleteError(outcome.failure.message);
    }
  }

  return (
    <Page title="Industries" wide>
      <div className="page-head page-head-row">
        <h1>Industries</h1>
        {editing === null ? (
          <button type="button" className="button button-primary" onClick={() => setEditing({ mode: 'new' })}>
            New industry
          </button>
        ) : null}
      </div>
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      {rowError ? (
        <Notice tone="error" onDismiss={() => setRowError(null)}>
          {rowError}
        </Notice>
      ) : null}
      {editing ? (
        <IndustryForm
          key={editing.mode === 'edit' ? editing.industry.id : 'new'}
          industry={editing.mode === 'edit' ? editing.industry : null}
          onCancel={() => setEditing(null)}
          onSaved={(industry) => {
            put(industry);
            setMessage(editing.mode === 'edit' ? `${industry.name} is saved.` : `${industry.name} is created.`);
            setEditing(null);
          }}
        />
      ) : null}

      <QueryView query={industries} loading="Loading industries…" failed="We couldn't load the industries.">
        {(list) =>
          list.length === 0 ? (
            <EmptyState>No industries yet. Create one so clients can sign up.</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Industries</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Lead cost</th>
                    <th scope="col">Lead columns</th>
                    <th scope="col">Clients</th>
                    <th scope="col">State</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((industry) => (
                    <tr key={industry.id}>
                      <td data-label="Name">
                        <strong>{industry.name}</strong>
                      </td>
                      <td data-label="Lead cost">{formatMoney(industry.leadCost, industry.currency)}</td>
                      <td data-label="Lead columns">
                        {industry.leadColumns.length === 0 ? (
                          <span className="muted">None</span>
                        ) : (
                          industry.leadColumns.map((c) => c.label).join(', ')
                        )}
                      </td>
                      <td data-label="Clients">{industry.clientCount}</td>
                      <td data-label="State">
                        {industry.archivedAt ? (
                          <span className="tag tag-warning">Archived</span>
                        ) : (
                          <span className="tag tag-success">Active</span>
                        )}
                      </td>
                      <td data-label="Actions">
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => setEditing({ mode: 'edit', industry })}
                            aria-label={`Edit ${industry.name}`}
                          >
                            Edit
                          </button>
                          <button
                            type="button"
                            className="button button-small"
                            disabled={rowBusy === industry.id}
                            onClick={() => void setArchived(industry, !industry.archivedAt)}
                            aria-label={`${industry.archivedAt ? 'Unarchive' : 'Archive'} ${industry.name}`}
                          >
                            {industry.archivedAt ? 'Unarchive' : 'Archive'}
                          </button>
                          <button
                            type="button"
                            className="button button-small button-danger-quiet"
                            onClick={() => {
                              setDeleteError(undefined);
                              setDeleting(industry);
                            }}
                            aria-label={`Delete ${industry.name}`}
                          >
                            Delete
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>

      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'industry'}?`}
        confirmLabel="Delete"
        busyLabel="Deleting…"
        danger
        busy={deleteBusy}
        error={deleteError}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
        extraAction={
          deleteError && deleting && !deleting.archivedAt ? (
            <button
              type="button"
              className="button"
              onClick={() => {
                const target = deleting;
                setDeleting(null);
                void setArchived(target, true);
              }}
            >
              Archive instead
            </button>
          ) : null
        }
      >
        <p>This can't be undone. Industries that clients use can't be deleted — archive them instead.</p>
      </ConfirmDialog>
    </Page>
  );
}
