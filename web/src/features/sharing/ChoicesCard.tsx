/**
 * The state's own choices: whether it takes part, with whom it shares (all participants,
 * named partners, the office only), which fields it withholds from partners, and whether
 * its restricted records may go into the office's releases. A form for the focal point,
 * who alone may change them; the same choices in words for providers and analysts.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIENCES, RESTRICTED_HANDLING, type Audience, type StateSharingBody, type StateSharingStatus } from '@observatory/core';
import { sharingApi } from '../../api/endpoints.js';
import { useFormat } from '../../i18n/format.js';
import { announce } from '../../ui/announce.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { useUnitName } from '../../ui/units.js';
import { fieldProblems, type FieldProblem, type Labels } from './model.js';
import { PartnerPicker } from './PartnerPicker.js';

interface Props {
  country: string;
  collection: string;
  status: StateSharingStatus;
  participants: readonly string[];
  labels: Labels;
  editable: boolean;
  onSaved: (status: StateSharingStatus) => void;
}

const bodyOf = (s: StateSharingStatus['settings']): StateSharingBody => ({
  participates: s.participates,
  audience: s.audience,
  partners: [...s.partners],
  withheldFields: [...s.withheldFields],
  releaseRestricted: s.releaseRestricted,
});

const same = (a: StateSharingBody, b: StateSharingBody) =>
  a.participates === b.participates &&
  a.audience === b.audience &&
  a.releaseRestricted === b.releaseRestricted &&
  [...a.partners].sort().join() === [...b.partners].sort().join() &&
  [...a.withheldFields].sort().join() === [...b.withheldFields].sort().join();

export function ChoicesCard(props: Props) {
  const { t } = useTranslation();
  const unitName = useUnitName();
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('sharing.choices.title', { country: unitName(props.country) })}</h2>
      {props.editable ? <ChoicesForm {...props} /> : <ChoicesSummary {...props} />}
    </section>
  );
}

/** The handling codes that make a record restricted, named as the code list names them. */
function RestrictedExplanation({ labels }: { labels: Labels }) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('sharing.restricted.explain')}</p>
      <ul className="restricted-codes">
        {RESTRICTED_HANDLING.map((code) => (
          <li key={code}>{labels.codeName('handling_code', code)}</li>
        ))}
      </ul>
      <p>{t('sharing.restricted.never')}</p>
    </>
  );
}

function LastChanged({ settings }: { settings: StateSharingStatus['settings'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return settings.updatedAt ? (
    <span className="hint">
      {t('sharing.choices.lastChanged', { who: settings.updatedBy ?? '—', when: fmt.dateTime(settings.updatedAt) })}
    </span>
  ) : (
    <span className="hint">{t('sharing.choices.neverChosen')}</span>
  );
}

function ChoicesSummary({ status, labels }: Props) {
  const { t } = useTranslation();
  const unitName = useUnitName();
  const s = status.settings;
  const sep = t('common.separator');
  return (
    <>
      <p className="muted">{t('sharing.choices.readOnly')}</p>
      <dl className="facts">
        <dt>{t('sharing.choices.participatesShort')}</dt>
        <dd>{s.participates ? t('common.yes') : t('common.no')}</dd>
        <dt>{t('sharing.choices.audience')}</dt>
        <dd>
          {t(`sharing.audience.${s.audience}`)}
          {s.audience === 'partners' && `: ${s.partners.map(unitName).join(sep) || t('sharing.partners.none')}`}
        </dd>
        <dt>{t('sharing.choices.withheld')}</dt>
        <dd>{s.withheldFields.map(labels.fieldLabel).join(sep) || t('sharing.choices.nothingWithheld')}</dd>
        <dt>{t('sharing.choices.releaseShort')}</dt>
        <dd>{s.releaseRestricted ? t('sharing.choices.releaseYes') : t('sharing.choices.releaseNo')}</dd>
      </dl>
      <LastChanged settings={s} />
    </>
  );
}

function ChoicesForm({ country, collection, status, participants, labels, onSaved }: Props) {
  const { t } = useTranslation();
  const unitName = useUnitName();
  const ids = { audience: useId(), withheld: useId(), release: useId(), participates: useId() };
  const summary = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<StateSharingBody>(() => bodyOf(status.settings));
  const [error, setError] = useState<unknown>(null);
  // Worded when the save is refused, against the choices that were sent (the draft may change after).
  const [problems, setProblems] = useState<Array<{ field: string; text: string }> | null>(null);
  const [busy, setBusy] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const dirty = !same(draft, bodyOf(status.settings));
  const problemsOf = (field: string) => problems?.filter((p) => p.field === field) ?? [];
  const shownFields = [
    'participates',
    'audience',
    'withheldFields',
    'releaseRestricted',
    ...(draft.audience === 'partners' ? ['partners'] : []),
  ];
  const dateField = labels.dateField;
  const withholdable = labels.fields.filter((f) => f.id !== dateField);

  const update = (change: Partial<StateSharingBody>) => {
    setDraft((d) => ({ ...d, ...change }));
    setJustSaved(false);
  };
  const toggle = (list: readonly string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((x) => x !== value));

  /** A server problem in the user's words: which partner or which field it is about. */
  const problemText = (sent: StateSharingBody, p: FieldProblem) => {
    const item = p.index === null ? undefined : p.field === 'partners' ? sent.partners[p.index] : sent.withheldFields[p.index];
    if (item === undefined) return p.message;
    const name = p.field === 'partners' ? unitName(item) : labels.fieldLabel(item);
    return t('sharing.choices.problemAbout', { name, message: p.message });
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblems(null);
    if (draft.participates && draft.audience === 'partners' && draft.partners.length === 0) {
      setProblems([{ field: 'partners', text: t('sharing.partners.required') }]);
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setBusy(true);
    const sent = draft;
    try {
      const next = await sharingApi.setState(country, collection, draft);
      setDraft(bodyOf(next.settings));
      setJustSaved(true);
      announce(t('sharing.choices.saved'));
      onSaved(next);
    } catch (err) {
      const byField = fieldProblems(err);
      if (byField) setProblems(byField.map((p) => ({ field: p.field, text: problemText(sent, p) })));
      else setError(err);
      requestAnimationFrame(() => summary.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  const fieldErrors = (field: string, id: string) =>
    problemsOf(field).length ? (
      <ul className="field-error" id={id}>
        {problemsOf(field).map((p, i) => (
          <li key={i}>{p.text}</li>
        ))}
      </ul>
    ) : null;
  const describedBy = (field: string, id: string, hint?: string) =>
    [hint, problemsOf(field).length ? id : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <form className="form sharing-form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="choice-block">
        <label className="checkbox">
          <input
            type="checkbox"
            name="participates"
            checked={draft.participates}
            aria-describedby={`${ids.participates}-hint`}
            onChange={(e) => update({ participates: e.target.checked })}
          />
          {t('sharing.choices.participates')}
        </label>
        <p className="hint" id={`${ids.participates}-hint`}>
          {t('sharing.choices.participatesHint')}
        </p>
        {fieldErrors('participates', `${ids.participates}-error`)}
      </div>

      <fieldset aria-describedby={describedBy('audience', `${ids.audience}-error`)}>
        <legend>{t('sharing.choices.audience')}</legend>
        <div className="radio-list">
          {AUDIENCES.map((a: Audience) => (
            <label key={a} className="radio">
              <input
                type="radio"
                name="audience"
                value={a}
                checked={draft.audience === a}
                aria-describedby={`${ids.audience}-${a}`}
                onChange={() => update({ audience: a })}
              />
              <span>
                {t(`sharing.audience.${a}`)}
                <span className="hint" id={`${ids.audience}-${a}`}>
                  {t(`sharing.audience.${a}Hint`)}
                </span>
              </span>
            </label>
          ))}
        </div>
        {fieldErrors('audience', `${ids.audience}-error`)}
      </fieldset>

      {draft.audience === 'partners' && (
        <PartnerPicker
          own={country}
          value={draft.partners}
          participants={participants}
          onChange={(partners) => update({ partners })}
          errors={problemsOf('partners').map((p) => p.text)}
        />
      )}

      <fieldset aria-describedby={describedBy('withheldFields', `${ids.withheld}-error`, `${ids.withheld}-hint`)}>
        <legend>{t('sharing.choices.withheld')}</legend>
        <p className="hint" id={`${ids.withheld}-hint`}>
          {t('sharing.choices.withheldHint')}
          {dateField && ` ${t('sharing.choices.dateNotWithheld', { field: labels.fieldLabel(dateField) })}`}
        </p>
        <div className="field-columns">
          {withholdable.map((f) => (
            <label key={f.id} className="checkbox">
              <input
                type="checkbox"
                name="withheldFields"
                value={f.id}
                checked={draft.withheldFields.includes(f.id)}
                onChange={(e) => update({ withheldFields: toggle(draft.withheldFields, f.id, e.target.checked) })}
              />
              {labels.fieldLabel(f.id)}
            </label>
          ))}
        </div>
        {fieldErrors('withheldFields', `${ids.withheld}-error`)}
      </fieldset>

      <fieldset aria-describedby={describedBy('releaseRestricted', `${ids.release}-error`)}>
        <legend>{t('sharing.restricted.title')}</legend>
        <div id={`${ids.release}-explain`}>
          <RestrictedExplanation labels={labels} />
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            name="releaseRestricted"
            checked={draft.releaseRestricted}
            aria-describedby={`${ids.release}-explain`}
            onChange={(e) => update({ releaseRestricted: e.target.checked })}
          />
          {t('sharing.restricted.consent')}
        </label>
        {fieldErrors('releaseRestricted', `${ids.release}-error`)}
      </fieldset>

      {problems ? (
        <div ref={summary} tabIndex={-1} role="alert" className="alert alert-error">
          <p className="alert-summary">{t('sharing.choices.invalid')}</p>
          {/* Problems with no field on screen (partners while another audience is chosen) are listed here. */}
          {problems.some((p) => !shownFields.includes(p.field)) && (
            <ul className="alert-detail">
              {problems
                .filter((p) => !shownFields.includes(p.field))
                .map((p, i) => (
                  <li key={i}>{p.text}</li>
                ))}
            </ul>
          )}
        </div>
      ) : (
        error !== null && (
          <div ref={summary} tabIndex={-1}>
            <ErrorMessage error={error} />
          </div>
        )
      )}

      <div className="button-row">
        <button type="submit" className="button-primary" disabled={busy || !dirty}>
          {busy ? t('sharing.choices.saving') : t('sharing.choices.save')}
        </button>
        <span className="save-state" data-save-state={busy ? 'saving' : dirty ? 'dirty' : 'saved'} role="status">
          {busy ? null : dirty ? (
            <span className="unsaved">{t('sharing.choices.unsaved')}</span>
          ) : justSaved ? (
            <span className="saved-state">{t('sharing.choices.saved')}</span>
          ) : (
            <LastChanged settings={status.settings} />
          )}
        </span>
      </div>
    </form>
  );
}
