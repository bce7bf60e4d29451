/**
 * Reciprocal sharing of case records (VRS-MSRC first, IDS and NPS by the same rules).
 * Two views of one page, chosen in the URL with the collection and the state:
 *
 * - /sharing: the collection's policy in words (administrators change it), the state's
 *   choices (its focal point changes them; providers and analysts read them), the years it
 *   contributed and what each other state grants it, and who viewed its records; for the
 *   office, every state's choices.
 * - /sharing/data: what other states share with this state: aggregates (restricted records
 *   counted, small cells suppressed) and, on request, the records one by one (each display
 *   is a view the owners can see).
 */
import { useTranslation } from 'react-i18next';
import { NavLink, useSearchParams } from 'react-router';
import { loadRecordDefinition } from '../../api/cache.js';
import { sharingApi } from '../../api/endpoints.js';
import { hasRole } from '../../app/roles.js';
import { useMe } from '../../app/session.js';
import { useFormat } from '../../i18n/format.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { Page } from '../../ui/Page.js';
import { SelectField } from '../../ui/SelectField.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';
import { ChoicesCard } from './ChoicesCard.js';
import { GrantsCard } from './GrantsCard.js';
import { canChoose, labelsOf, seesAllStates, sharingCollections, sharingCountries } from './model.js';
import { PolicyCard } from './PolicyCard.js';
import { SharedData } from './SharedData.js';
import { StatesCard } from './StatesCard.js';
import { ViewsCard } from './ViewsCard.js';
import './sharing.css';

/** Acronyms are proper names, the same in every language. */
export const COLLECTION_SHORT: Record<string, string> = { vrs: 'VRS-MSRC', ids: 'IDS', nps: 'NPS' };

export default function SharingPage({ view }: { view: 'choices' | 'data' }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const unitName = useUnitName();
  const [params, setParams] = useSearchParams();
  const collections = sharingCollections(me);
  const wanted = params.get('collection');
  const collection = collections.find((c) => c === wanted) ?? (collections.includes('vrs') ? 'vrs' : (collections[0] ?? 'vrs'));
  const countries = sharingCountries(me, collection);
  const country = countries.find((c) => c === params.get('country')) ?? countries[0] ?? null;
  const office = seesAllStates(me);

  const bundle = useLoad(() => loadRecordDefinition(collection), [collection]);
  const overview = useLoad(() => sharingApi.overview(collection), [collection]);
  const status = useLoad(() => (country ? sharingApi.state(country, collection) : Promise.resolve(null)), [country, collection]);
  const labels = labelsOf(bundle.data, fmt);

  const choose = (key: 'collection' | 'country', value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const search = `?${new URLSearchParams({ collection, ...(country ? { country } : {}) }).toString()}`;
  const collectionName = `${COLLECTION_SHORT[collection] ?? collection.toUpperCase()} — ${t(`collections.${collection}`)}`;

  if (collections.length === 0)
    return (
      <Page title={t('sharing.title')}>
        <p>{t('sharing.noCollection')}</p>
      </Page>
    );

  return (
    <Page
      title={view === 'data' ? t('sharing.data.title') : t('sharing.title')}
      wide={view === 'data'}
      subtitle={country ? `${collectionName} · ${unitName(country)}` : collectionName}
      actions={
        <>
          <SelectField label={t('sharing.collection')} value={collection} onChange={(e) => choose('collection', e.target.value)}>
            {collections.map((c) => (
              <option key={c} value={c}>
                {COLLECTION_SHORT[c] ?? c}
              </option>
            ))}
          </SelectField>
          {countries.length > 1 && country && (
            <SelectField label={t('sharing.country')} value={country} onChange={(e) => choose('country', e.target.value)}>
              {countries.map((c) => (
                <option key={c} value={c}>
                  {unitName(c)}
                </option>
              ))}
            </SelectField>
          )}
        </>
      }
    >
      {country && (
        <nav aria-label={t('sharing.viewsNav')} className="subnav">
          <ul>
            <li>
              <NavLink to={{ pathname: '/sharing', search }} end>
                {t('sharing.tab.choices')}
              </NavLink>
            </li>
            <li>
              <NavLink to={{ pathname: '/sharing/data', search }}>{t('sharing.tab.data')}</NavLink>
            </li>
          </ul>
        </nav>
      )}

      {bundle.error !== null && <ErrorMessage error={bundle.error} />}

      {view === 'data' ? (
        country ? (
          status.data ? (
            <SharedData key={`${country}/${collection}`} country={country} collection={collection} status={status.data} labels={labels} />
          ) : status.error !== null ? (
            <ErrorMessage error={status.error} />
          ) : (
            <Loading />
          )
        ) : (
          <p className="alert alert-info">{t('sharing.data.statesOnly')}</p>
        )
      ) : (
        <>
          {overview.error !== null && <ErrorMessage error={overview.error} />}
          {overview.data ? (
            <PolicyCard
              collection={collection}
              collectionName={collectionName}
              overview={overview.data}
              onChanged={(o) => {
                overview.setData(() => o);
                status.reload();
              }}
            />
          ) : (
            overview.loading && <Loading />
          )}
          {country && (
            <>
              {status.error !== null && <ErrorMessage error={status.error} />}
              {status.data && bundle.data && (
                <ChoicesCard
                  key={`choices/${country}/${collection}`}
                  country={country}
                  collection={collection}
                  status={status.data}
                  participants={overview.data?.participants ?? []}
                  labels={labels}
                  editable={canChoose(me, country, collection)}
                  onSaved={(s) => {
                    status.setData(() => s);
                    overview.reload();
                  }}
                />
              )}
              {status.data && (
                <GrantsCard country={country} status={status.data} reciprocal={overview.data?.reciprocal ?? true} labels={labels} />
              )}
              {status.loading && !status.data && <Loading />}
              {canChoose(me, country, collection) && (
                <ViewsCard key={`views/${country}/${collection}`} country={country} collection={collection} />
              )}
            </>
          )}
          {office && overview.data && (
            <StatesCard overview={overview.data} labels={labels} collection={collection} showViews={hasRole(me, 'administrator')} />
          )}
        </>
      )}
    </Page>
  );
}
