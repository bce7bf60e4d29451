/**
 * A submission's questionnaire: the data-entry grid for the country, the review view for
 * the office (read-only cells, queries, year-on-year comparison, accept and return).
 * Sections are tabs; the side panel holds the focused cell's details, the checks and the
 * queries.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import type { SubmissionView } from '@observatory/core';
import { submissionsApi } from '../../api/endpoints.js';
import { countriesOf, hasOfficeRole, hasRole } from '../../app/roles.js';
import { useMe } from '../../app/session.js';
import { useFormat } from '../../i18n/format.js';
import { shortName } from '../../ui/definitions.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { Page } from '../../ui/Page.js';
import { Deadline, StateBadge } from '../../ui/StateBadge.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';
import type { Blocking } from './components/BlockingList.js';
import { SaveStatusView } from './components/SaveStatusView.js';
import { SectionGrid } from './components/SectionGrid.js';
import { SectionTabs } from './components/SectionTabs.js';
import { SidePanel, type SidePanelHandle } from './components/SidePanel.js';
import { SubmissionActions } from './components/SubmissionActions.js';
import { WorkbookTools } from './components/WorkbookTools.js';
import { GridContext, type GridContextValue } from './context.js';
import { Autosaver } from './model/autosave.js';
import { makeLabeler } from './model/labels.js';
import { acknowledgedIn, loadSubmission, serverOnlyResults, type SubmissionData } from './model/load.js';
import { makeResultText } from './model/messages.js';
import { FindingsStore } from './model/findings.js';
import { GridStore, itemOfKey } from './model/store.js';
import { makeValueFormatter } from './model/valueText.js';
import './questionnaire.css';

export default function SubmissionPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const data = useLoad(() => loadSubmission(id), [id]);
  if (data.error !== null)
    return (
      <Page title={t('grid.title')}>
        <ErrorMessage error={data.error} />
      </Page>
    );
  if (!data.data || data.data.submission.id !== id)
    return (
      <Page title={t('grid.title')}>
        <Loading label={t('grid.loading')} />
      </Page>
    );
  return <Workspace key={`${id}-${data.data.submission.updatedAt}`} data={data.data} reload={data.reload} />;
}

function Workspace({ data, reload }: { data: SubmissionData; reload: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const unitName = useUnitName();
  const [params, setParams] = useSearchParams();
  const [submission, setSubmission] = useState<SubmissionView>(data.submission);
  const [compare, setCompare] = useState(false);
  const [blocking, setBlocking] = useState<Blocking | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ key: string; n: number } | null>(null);
  const sideRef: SidePanelHandle = useRef(null);
  const { compiled } = data;
  const sections = compiled.definition.sections;

  const store = useMemo(
    () =>
      new GridStore({
        compiled,
        cells: data.cells,
        previous: data.previous?.cells ?? null,
        acknowledged: acknowledgedIn(data.report, data.cells),
        serverOnly: serverOnlyResults(data.report),
        queries: data.queries,
        editable: () => false,
      }),
    [data, compiled],
  );
  const findings = useMemo(() => new FindingsStore(data.findings), [data]);
  // Who may edit follows the submission's current state (refreshed after queries) without rebuilding the store.
  store.editable = (key: string) => {
    const item = compiled.cellByKey.get(key)?.item;
    return Boolean(item && submission.canEdit && !item.readonly && submission.editableSections.includes(item.section));
  };

  // The autosaver lives in an effect: leaving the page saves what is pending, then lets go.
  const [saver, setSaver] = useState<Autosaver | null>(null);
  useEffect(() => {
    if (!data.submission.canEdit) return undefined;
    const s = new Autosaver(store, data.submission.id, { onForbidden: () => reload() });
    setSaver(s);
    return () => {
      void s.flush().finally(() => s.dispose());
    };
  }, [store, data.submission, reload]);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (saver?.hasUnsaved()) {
        void saver.flush();
        e.preventDefault();
      }
    };
    const hide = () => {
      if (document.visibilityState === 'hidden') void saver?.flush();
    };
    window.addEventListener('beforeunload', warn);
    document.addEventListener('visibilitychange', hide);
    return () => {
      window.removeEventListener('beforeunload', warn);
      document.removeEventListener('visibilitychange', hide);
    };
  }, [saver]);

  const sectionParam = params.get('section');
  const section = sections.find((s) => s.id === sectionParam) ?? firstSection(submission, sections);
  const selectSection = useCallback(
    (sectionId: string) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          next.set('section', sectionId);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const goToCell = useCallback(
    (key: string) => {
      const item = compiled.itemById.get(itemOfKey(key));
      if (!item) return;
      selectSection(item.section);
      store.setFocused(key);
      setFocusRequest((r) => ({ key, n: (r?.n ?? 0) + 1 }));
    },
    [compiled, selectSection, store],
  );

  const labels = useMemo(() => makeLabeler(compiled, fmt, t('common.separator')), [compiled, fmt, t]);
  const specials = useMemo(() => ({ notKnown: t('grid.notKnownShort'), notApplicable: t('grid.notApplicableShort') }), [t]);
  const ctx: GridContextValue = useMemo(
    () => ({
      submission,
      compiled,
      store,
      findings,
      saver,
      labels,
      fmt,
      t,
      values: makeValueFormatter(fmt.lang, specials, { yes: t('common.yes'), no: t('common.no') }, labels.listCode),
      textOptions: { lang: fmt.lang, specials },
      resultText: makeResultText(compiled, fmt, t, labels),
      compare,
      previousPeriod: data.previous?.submission.period ?? null,
      reviewer: hasRole(me, 'reviewer'),
      office: hasOfficeRole(me, 'reviewer', 'analyst', 'administrator'),
      focalPoint: countriesOf(me, 'focal_point').includes(submission.country),
      goToCell,
      openInspector: (target) => sideRef.current?.open(target),
      showInspector: () => sideRef.current?.show(),
      refreshSubmission: () => {
        submissionsApi.get(submission.id).then(setSubmission, () => undefined);
      },
    }),
    [submission, compiled, store, findings, saver, labels, fmt, specials, t, compare, data.previous, me, goToCell],
  );

  const title = t('grid.pageTitle', {
    name: shortName(submission.definition),
    period: submission.period,
    country: unitName(submission.country),
  });

  return (
    <GridContext.Provider value={ctx}>
      <Page
        wide
        title={title}
        subtitle={
          <>
            <span>{fmt.name(compiled.definition.title)}</span>
            <StateBadge state={submission.state} />
            <span>
              {t('grid.deadlinePrefix')} <Deadline date={submission.deadline} overdue={submission.overdue} format={fmt.date} />
            </span>
            {saver && <SaveStatusView saver={saver} />}
            {!submission.canEdit && <span className="badge badge-readonly">{t('grid.readOnlyView')}</span>}
          </>
        }
        actions={
          <SubmissionActions
            submission={submission}
            saver={saver}
            onChanged={(s) => {
              setSubmission(s);
              setBlocking(null);
              reload();
            }}
            onBlocked={setBlocking}
          />
        }
      >
        <div className="grid-toolbar">
          {data.previous && (
            <label className="checkbox">
              <input type="checkbox" checked={compare} onChange={(e) => setCompare(e.target.checked)} />
              {t('grid.compare', { period: data.previous.submission.period })}
            </label>
          )}
          <WorkbookTools submission={submission} saver={saver} onUploaded={reload} />
          <details className="keyboard-help">
            <summary>{t('grid.keys.title')}</summary>
            <ul>
              <li>{t('grid.keys.arrows')}</li>
              <li>{t('grid.keys.enter')}</li>
              <li>{t('grid.keys.tab')}</li>
              <li>{t('grid.keys.escape')}</li>
              <li>{t('grid.keys.f2')}</li>
              <li>{t('grid.keys.special', { nk: specials.notKnown, na: specials.notApplicable })}</li>
            </ul>
          </details>
        </div>
        <SectionTabs sections={sections} current={section.id} onSelect={selectSection} />
        <div className="workspace">
          <div id={`panel-${section.id}`} role="tabpanel" aria-labelledby={`tab-${section.id}`} className="workspace-main">
            <SectionGrid key={section.id} section={section} focusRequest={focusRequest} />
          </div>
          <SidePanel handle={sideRef} section={section.id} blocking={blocking} onCloseBlocking={() => setBlocking(null)} />
        </div>
      </Page>
    </GridContext.Provider>
  );
}

/** Where to start: the first section this user may edit, else the first. */
function firstSection(s: SubmissionView, sections: GridContextValue['compiled']['definition']['sections']) {
  return sections.find((x) => s.editableSections.includes(x.id)) ?? sections[0]!;
}
