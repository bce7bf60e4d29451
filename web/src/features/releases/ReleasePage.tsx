/**
 * One release: what it holds and when it goes out; its selection changed while it is a
 * draft; the preview of every tier that reads it; publishing (a confirmation that states
 * the embargo and the audiences) and withdrawal with a reason before the embargo. Once
 * published, links lead to its data in the explorer.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ReleaseView } from '@observatory/core';
import { hasOfficeRole } from '../../app/roles.js';
import { useMe } from '../../app/session.js';
import { useFormat } from '../../i18n/format.js';
import { announce } from '../../ui/announce.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { Page } from '../../ui/Page.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';
import { releasesApi } from './api.js';
import { canWithdraw, formatPeriods, readerTiers } from './model.js';
import { EmbargoTime, ReleaseStateBadge, useEmbargoFormat, useTierNames } from './parts.js';
import { Preview } from './Preview.js';
import { ReleaseForm } from './ReleaseForm.js';
import './releases.css';

export default function ReleasePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { id = '' } = useParams();
  const me = useMe();
  const canWrite = hasOfficeRole(me, 'publisher');
  const release = useLoad((signal) => releasesApi.get(id, signal), [id]);
  const flows = useLoad((signal) => releasesApi.dataflows(fmt.lang, signal), [fmt.lang]);
  const flowName = (f: string) => flows.data?.find((x) => x.id === f)?.name ?? f;
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<'publish' | 'withdraw' | null>(null);
  const r = release.data;

  // A scheduled release turns published at its embargo: read it again then, so the page says so.
  const wait = r?.state === 'scheduled' ? new Date(r.embargoAt).getTime() - Date.now() : null;
  useEffect(() => {
    if (wait === null || wait > 86_400_000) return undefined;
    const timer = setTimeout(release.reload, Math.max(0, wait) + 1000);
    return () => clearTimeout(timer);
  }, [wait === null, r?.embargoAt, release.reload]);

  if (!r)
    return (
      <Page title={t('releases.releaseTitle')}>
        {release.error !== null ? <ErrorMessage error={release.error} /> : <Loading />}
        <p>
          <Link to="/releases">{t('releases.back')}</Link>
        </p>
      </Page>
    );

  const update = (next: ReleaseView) => release.setData(() => next);
  const previewKey = JSON.stringify([r.dataflows, r.tiers, r.periods, r.countries]);

  return (
    <Page
      title={t('releases.numbered', { number: r.number, title: fmt.name(r.title) })}
      subtitle={
        <>
          <ReleaseStateBadge state={r.state} />
          <span className="release-subtitle-embargo">
            <span className="muted">{t('releases.embargo')}</span> <EmbargoTime iso={r.embargoAt} inline />
          </span>
        </>
      }
      actions={
        canWrite && !editing ? (
          <>
            {r.state === 'draft' && (
              <>
                <button type="button" onClick={() => setEditing(true)}>
                  {t('releases.edit')}
                </button>
                <button type="button" className="button-primary" onClick={() => setDialog('publish')}>
                  {t('releases.publish')}
                </button>
              </>
            )}
            {canWithdraw(r) && (
              <button type="button" className="button-danger" onClick={() => setDialog('withdraw')}>
                {t('releases.withdraw')}
              </button>
            )}
          </>
        ) : undefined
      }
    >
      <p>
        <Link to="/releases">{t('releases.back')}</Link>
      </p>
      <StateNotice release={r} flowName={flowName} />
      {editing ? (
        <section className="card" aria-labelledby="release-edit">
          <h2 id="release-edit">{t('releases.editTitle')}</h2>
          {flows.error !== null && <ErrorMessage error={flows.error} />}
          {flows.data ? (
            <ReleaseForm
              initial={r}
              dataflows={flows.data}
              submitLabel={t('common.save')}
              onCancel={() => setEditing(false)}
              onSubmit={async (body) => {
                update(await releasesApi.update(r.id, body));
                setEditing(false);
                announce(t('releases.saved'));
              }}
            />
          ) : (
            <Loading />
          )}
        </section>
      ) : (
        <Details release={r} flowName={flowName} />
      )}
      <Preview key={previewKey} release={r} flowName={flowName} />
      {dialog === 'publish' && (
        <PublishDialog
          release={r}
          flowName={flowName}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            update(next);
            setDialog(null);
            announce(next.state === 'published' ? t('releases.publishedNow') : t('releases.scheduledNow'));
          }}
        />
      )}
      {dialog === 'withdraw' && (
        <WithdrawDialog
          release={r}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            update(next);
            setDialog(null);
            announce(t('releases.withdrawnNow'));
          }}
        />
      )}
    </Page>
  );
}

function StateNotice({ release: r, flowName }: { release: ReleaseView; flowName: (id: string) => string }) {
  const { t } = useTranslation();
  const when = useEmbargoFormat();
  const tierNames = useTierNames();
  if (r.state === 'scheduled')
    return (
      <div className="alert alert-warning" role="note">
        <p>{t('releases.notice.scheduled', { tiers: tierNames(r.tiers), local: when.local(r.embargoAt), utc: when.utc(r.embargoAt) })}</p>
      </div>
    );
  if (r.state === 'published')
    return (
      <div className="alert alert-success" role="note">
        <p>{t('releases.notice.published', { tiers: tierNames(r.tiers), local: when.local(r.embargoAt) })}</p>
        <ul className="release-links">
          {r.dataflows.map((f) => (
            <li key={f}>
              <Link to={`/explore?flow=${encodeURIComponent(f)}`}>{t('releases.notice.explore', { flow: flowName(f) })}</Link>
            </li>
          ))}
        </ul>
      </div>
    );
  if (r.state === 'withdrawn')
    return (
      <div className="alert alert-info" role="note">
        <p>{t('releases.notice.withdrawn')}</p>
        {r.withdrawn && (
          <p>
            {t('releases.notice.withdrawnBy', { who: r.withdrawn.by, when: when.local(r.withdrawn.at) })}{' '}
            <q dir="auto">{r.withdrawn.reason}</q>
          </p>
        )}
      </div>
    );
  return null;
}

function Details({ release: r, flowName }: { release: ReleaseView; flowName: (id: string) => string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const tierNames = useTierNames();
  const readers = readerTiers(r.tiers);
  return (
    <section className="card" aria-labelledby="release-details">
      <h2 id="release-details">{t('releases.details')}</h2>
      <dl className="release-details">
        <dt>{t('releases.stateColumn')}</dt>
        <dd>
          <ReleaseStateBadge state={r.state} />
        </dd>
        <dt>{t('releases.embargo')}</dt>
        <dd>
          <EmbargoTime iso={r.embargoAt} />
        </dd>
        <dt>{t('releases.tiers')}</dt>
        <dd>
          {tierNames(r.tiers)}
          {readers.length > r.tiers.length && <span className="hint"> · {t('releases.readBy', { tiers: tierNames(readers) })}</span>}
        </dd>
        <dt>{t('releases.dataflows')}</dt>
        <dd>
          <ul>
            {r.dataflows.map((f) => (
              <li key={f}>
                {flowName(f)} <code className="muted">{f}</code>
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('releases.periods')}</dt>
        <dd>{r.periods ? formatPeriods(r.periods) : t('releases.allPeriods')}</dd>
        <dt>{t('releases.countries')}</dt>
        <dd>{r.countries ? r.countries.map(unitName).join(t('common.separator')) : t('releases.allCountries')}</dd>
        {r.note && (
          <>
            <dt>{t('releases.note')}</dt>
            <dd>{fmt.name(r.note)}</dd>
          </>
        )}
        <dt>{t('releases.observations')}</dt>
        <dd>{r.state === 'draft' || r.state === 'withdrawn' ? t('releases.notWritten') : fmt.number(r.observations)}</dd>
        <dt>{t('releases.createdBy')}</dt>
        <dd>{t('releases.byAt', { who: r.createdBy, when: fmt.dateTime(r.createdAt) })}</dd>
        {r.scheduledBy && r.scheduledAt && (
          <>
            <dt>{t('releases.publishedBy')}</dt>
            <dd>{t('releases.byAt', { who: r.scheduledBy, when: fmt.dateTime(r.scheduledAt) })}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function PublishDialog({
  release: r,
  flowName,
  onClose,
  onDone,
}: {
  release: ReleaseView;
  flowName: (id: string) => string;
  onClose: () => void;
  onDone: (r: ReleaseView) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const when = useEmbargoFormat();
  const tierNames = useTierNames();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const passed = new Date(r.embargoAt).getTime() <= Date.now();

  async function publish() {
    setBusy(true);
    setError(null);
    try {
      onDone(await releasesApi.publish(r.id));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog open title={t('releases.publishDialog.title', { number: r.number })} onClose={onClose}>
      <p>
        <strong>{fmt.name(r.title)}</strong>
      </p>
      <dl className="release-details">
        <dt>{t('releases.tiers')}</dt>
        <dd>{tierNames(r.tiers)}</dd>
        <dt>{t('releases.embargo')}</dt>
        <dd>
          <EmbargoTime iso={r.embargoAt} />
        </dd>
        <dt>{t('releases.dataflows')}</dt>
        <dd>{r.dataflows.map(flowName).join(t('common.separator'))}</dd>
      </dl>
      <p className={passed ? 'alert alert-warning' : 'alert alert-info'}>
        {passed
          ? t('releases.publishDialog.now', { tiers: tierNames(r.tiers) })
          : t('releases.publishDialog.later', { tiers: tierNames(r.tiers), local: when.local(r.embargoAt) })}
      </p>
      {error !== null && <ErrorMessage error={error} />}
      <div className="button-row">
        <button type="button" className="button-primary" disabled={busy} onClick={() => void publish()}>
          {t('releases.publishDialog.confirm')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}

function WithdrawDialog({ release: r, onClose, onDone }: { release: ReleaseView; onClose: () => void; onDone: (r: ReleaseView) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function withdraw(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    if (!reason) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await releasesApi.withdraw(r.id, reason));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog open title={t('releases.withdrawDialog.title', { number: r.number })} onClose={onClose}>
      <form className="form" onSubmit={(e) => void withdraw(e)}>
        <p>{r.state === 'draft' ? t('releases.withdrawDialog.draft') : t('releases.withdrawDialog.scheduled')}</p>
        <label>
          {t('releases.withdrawDialog.reason')}
          <textarea name="reason" required maxLength={2000} rows={3} />
        </label>
        {error !== null && <ErrorMessage error={error} />}
        <div className="button-row">
          <button type="submit" className="button-danger" disabled={busy}>
            {t('releases.withdrawDialog.confirm')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
