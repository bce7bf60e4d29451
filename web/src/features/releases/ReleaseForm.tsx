/**
 * A release's selection and timing, to create a release or change a draft: the title (English
 * at least, the other five languages optional), a note, the dataflows, the tiers, optional
 * years and reporting units, and the embargo, typed in UTC and echoed in the reader's own
 * time zone. The server's validation problems show beside the field they concern.
 */
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  TIERS,
  type Language,
  type Names,
  type PublishedDataflows,
  type ReleaseInput,
  type ReleaseView,
  type Tier,
} from '@observatory/core';
import { useFormat } from '../../i18n/format.js';
import { LANGUAGE_INFO } from '../../i18n/languages.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { useUnits } from '../../ui/units.js';
import {
  embargoFormat,
  fieldErrors,
  formatPeriods,
  isoToUtcInput,
  parseCountries,
  parsePeriods,
  utcInputToIso,
  type FieldErrors,
  type FormField,
} from './model.js';

type Flow = PublishedDataflows['dataflows'][number];
const OTHER_LANGUAGES = LANGUAGE_INFO.filter((l) => l.code !== 'en');

function namesOf(values: Partial<Record<Language, string>>): Names | null {
  const en = values.en?.trim();
  if (!en) return null;
  const out: Names = { en };
  for (const { code } of OTHER_LANGUAGES) {
    const v = values[code]?.trim();
    if (v) out[code] = v;
  }
  return out;
}

export function ReleaseForm({
  initial,
  dataflows,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: ReleaseView;
  dataflows: Flow[];
  submitLabel: string;
  onSubmit: (body: ReleaseInput) => Promise<void>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const units = useUnits();
  const id = useId();
  const [title, setTitle] = useState<Partial<Record<Language, string>>>({ ...(initial?.title ?? {}) });
  const [note, setNote] = useState<Partial<Record<Language, string>>>({ ...(initial?.note ?? {}) });
  const [flows, setFlows] = useState<string[]>(initial?.dataflows ?? []);
  const [tiers, setTiers] = useState<string[]>(initial?.tiers ?? ['public']);
  const [periods, setPeriods] = useState(formatPeriods(initial?.periods ?? null));
  const [countries, setCountries] = useState((initial?.countries ?? []).join(', '));
  const [embargo, setEmbargo] = useState(initial ? isoToUtcInput(initial.embargoAt) : '');
  const [errors, setErrors] = useState<FieldErrors>({ byField: {}, other: null });
  const [busy, setBusy] = useState(false);
  const when = useMemo(() => embargoFormat(fmt.lang), [fmt.lang]);
  const embargoIso = utcInputToIso(embargo);
  const countryCodes = parseCountries(countries) ?? [];
  const otherLanguagesUsed = OTHER_LANGUAGES.some((l) => title[l.code]?.trim() || note[l.code]?.trim());

  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const mine: FieldErrors['byField'] = {};
    const titleNames = namesOf(title);
    const noteNames = namesOf(note);
    const parsedPeriods = parsePeriods(periods);
    if (!titleNames) mine.title = [t('releases.form.needTitle')];
    if (!noteNames && OTHER_LANGUAGES.some((l) => note[l.code]?.trim())) mine.note = [t('releases.form.needNoteEnglish')];
    if (flows.length === 0) mine.dataflows = [t('releases.form.needDataflow')];
    if (tiers.length === 0) mine.tiers = [t('releases.form.needTier')];
    if (parsedPeriods === 'invalid') mine.periods = [t('releases.form.badPeriods')];
    if (!embargoIso) mine.embargoAt = [t('releases.form.needEmbargo')];
    if (Object.keys(mine).length > 0 || !titleNames || parsedPeriods === 'invalid' || !embargoIso) {
      setErrors({ byField: mine, other: null });
      return;
    }
    setErrors({ byField: {}, other: null });
    setBusy(true);
    try {
      await onSubmit({
        title: titleNames,
        note: noteNames,
        dataflows: flows,
        tiers: TIERS.filter((x) => tiers.includes(x)),
        periods: parsedPeriods,
        countries: parseCountries(countries),
        embargoAt: embargoIso,
      });
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  }

  const problems = (field: FormField) => errors.byField[field];
  const errorId = (field: FormField) => `${id}-${field}-error`;
  const hintId = (field: FormField) => `${id}-${field}-hint`;
  const controlId = (field: FormField) => `${id}-${field}`;
  const fieldError = (field: FormField) =>
    problems(field) ? (
      <ul className="field-error" id={errorId(field)}>
        {problems(field)!.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    ) : null;
  /** The control's id, its state and what describes it (the hint, the server's problems). */
  const control = (field: FormField, hint: boolean) => {
    const described = [problems(field) ? errorId(field) : null, hint ? hintId(field) : null].filter(Boolean).join(' ');
    return {
      id: controlId(field),
      ...(described ? { 'aria-describedby': described } : {}),
      ...(problems(field) ? { 'aria-invalid': true as const } : {}),
    };
  };
  const group = (field: FormField) => (problems(field) ? { 'aria-invalid': true as const, 'aria-describedby': errorId(field) } : {});
  /** A labelled field: label above, then the control, its hint and the problems found with it. */
  const field = (
    name: FormField,
    label: string,
    input: ReactNode,
    opts: { optional?: boolean; hint?: ReactNode; className?: string } = {},
  ) => (
    <div className={opts.className ? `field ${opts.className}` : 'field'}>
      <label htmlFor={controlId(name)}>
        {label} {opts.optional && <span className="hint">{t('releases.form.optional')}</span>}
      </label>
      {input}
      {opts.hint && (
        <span className="hint" id={hintId(name)}>
          {opts.hint}
        </span>
      )}
      {fieldError(name)}
    </div>
  );

  return (
    <form className="form release-form" onSubmit={(e) => void submit(e)} noValidate>
      {field(
        'title',
        t('releases.form.title'),
        <input
          name="title-en"
          lang="en"
          dir="ltr"
          maxLength={500}
          value={title.en ?? ''}
          onChange={(e) => setTitle({ ...title, en: e.target.value })}
          {...control('title', false)}
        />,
      )}
      {field(
        'note',
        t('releases.form.note'),
        <textarea
          name="note-en"
          lang="en"
          dir="ltr"
          rows={2}
          maxLength={4000}
          value={note.en ?? ''}
          onChange={(e) => setNote({ ...note, en: e.target.value })}
          {...control('note', false)}
        />,
        { optional: true },
      )}
      <details className="release-languages" open={otherLanguagesUsed || undefined}>
        <summary>{t('releases.form.otherLanguages')}</summary>
        <div className="release-language-grid">
          {OTHER_LANGUAGES.map((l) => (
            <fieldset key={l.code} lang={l.code} dir={l.dir}>
              <legend>{l.native}</legend>
              <label>
                {t('releases.form.titleIn')}
                <input
                  name={`title-${l.code}`}
                  maxLength={500}
                  value={title[l.code] ?? ''}
                  onChange={(e) => setTitle({ ...title, [l.code]: e.target.value })}
                />
              </label>
              <label>
                {t('releases.form.noteIn')}
                <textarea
                  name={`note-${l.code}`}
                  rows={2}
                  maxLength={4000}
                  value={note[l.code] ?? ''}
                  onChange={(e) => setNote({ ...note, [l.code]: e.target.value })}
                />
              </label>
            </fieldset>
          ))}
        </div>
      </details>

      <fieldset {...group('dataflows')}>
        <legend>{t('releases.form.dataflows')}</legend>
        <div className="release-flow-options">
          {dataflows.map((f) => (
            <label key={f.id} className="checkbox">
              <input
                type="checkbox"
                name="dataflows"
                value={f.id}
                checked={flows.includes(f.id)}
                onChange={(e) => setFlows(toggle(flows, f.id, e.target.checked))}
              />
              <span>
                {f.name} <code className="muted">{f.id}</code>
              </span>
            </label>
          ))}
        </div>
        {fieldError('dataflows')}
      </fieldset>

      <fieldset {...group('tiers')}>
        <legend>{t('releases.form.tiers')}</legend>
        <div className="release-tier-options">
          {TIERS.map((tier: Tier) => (
            <label key={tier} className="checkbox">
              <input
                type="checkbox"
                name="tiers"
                value={tier}
                checked={tiers.includes(tier)}
                onChange={(e) => setTiers(toggle(tiers, tier, e.target.checked))}
              />
              <span>
                <strong>{t(`releases.tier.${tier}`)}</strong> <span className="hint">{t(`releases.tierWho.${tier}`)}</span>
              </span>
            </label>
          ))}
        </div>
        <p className="hint">{t('releases.form.tiersHint')}</p>
        {fieldError('tiers')}
      </fieldset>

      <div className="form-row">
        {field(
          'periods',
          t('releases.form.periods'),
          <input
            name="periods"
            dir="ltr"
            value={periods}
            placeholder="2015-2024"
            onChange={(e) => setPeriods(e.target.value)}
            {...control('periods', true)}
          />,
          { optional: true, hint: t('releases.form.periodsHint') },
        )}
        {field(
          'countries',
          t('releases.form.countries'),
          <input
            name="countries"
            dir="ltr"
            value={countries}
            placeholder="COL, PER"
            onChange={(e) => setCountries(e.target.value)}
            {...control('countries', true)}
          />,
          {
            optional: true,
            hint: countryCodes.length
              ? countryCodes.map((c) => (units?.get(c) ? `${fmt.name(units.get(c)!.names, c)} (${c})` : c)).join(t('common.separator'))
              : t('releases.form.countriesHint'),
          },
        )}
      </div>
      {field(
        'embargoAt',
        t('releases.form.embargo'),
        <span className="release-embargo-input">
          <input
            type="datetime-local"
            name="embargoAt"
            dir="ltr"
            value={embargo}
            onChange={(e) => setEmbargo(e.target.value)}
            {...control('embargoAt', true)}
          />
          <span className="release-zone" aria-hidden="true">
            UTC
          </span>
        </span>,
        {
          className: 'release-embargo',
          hint: embargoIso
            ? when.isUtc
              ? t('releases.form.embargoUtcOnly', { utc: when.utc(embargoIso) })
              : t('releases.form.embargoLocal', { local: when.local(embargoIso), zone: when.zone })
            : t('releases.form.embargoHint'),
        },
      )}
      {embargoIso && new Date(embargoIso).getTime() <= Date.now() && (
        <p className="alert alert-warning">{t('releases.form.embargoPassed')}</p>
      )}

      {errors.other !== null && <ErrorMessage error={errors.other} />}
      {Object.keys(errors.byField).length > 0 && (
        <p role="alert" className="alert alert-error">
          {t('releases.form.fixFields')}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button-primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
