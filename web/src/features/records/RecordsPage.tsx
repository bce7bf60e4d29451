/**
 * Case records (IDS, VRS-MSRC, NPS) of the user's country: two views of one page, the
 * collection and the country chosen in the URL.
 *
 * - /records: upload a CSV or XLSX file, follow its check, read the report (layout, column
 *   mapping, counts, problems, rejected rows), then store it or discard it; recent uploads,
 *   with a withdrawal for a stored one.
 * - /records/new: enter one record in a form built from the collection's definition.
 * - /records/duplicates: records flagged as possible duplicates, beside the records they
 *   look like, to keep or remove.
 */
import { useTranslation } from 'react-i18next';
import { NavLink, useSearchParams } from 'react-router';
import { loadRecordDefinition } from '../../api/cache.js';
import { useMe } from '../../app/session.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { Page } from '../../ui/Page.js';
import { SelectField } from '../../ui/SelectField.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';
import { COLLECTION_SHORT, recordCollections, recordCountries } from './model.js';
import { DuplicatesView } from './DuplicatesView.js';
import { RecordForm } from './RecordForm.js';
import { UploadView } from './UploadView.js';
import './records.css';

export default function RecordsPage({ view }: { view: 'upload' | 'entry' | 'duplicates' }) {
  const { t } = useTranslation();
  const me = useMe();
  const unitName = useUnitName();
  const [params, setParams] = useSearchParams();
  const collections = recordCollections(me);
  const collection = collections.find((c) => c === params.get('collection')) ?? collections[0] ?? null;
  const countries = collection ? recordCountries(me, collection) : [];
  const country = countries.find((c) => c === params.get('country')) ?? countries[0] ?? null;
  const bundle = useLoad(() => (collection ? loadRecordDefinition(collection) : Promise.resolve(null)), [collection]);

  const choose = (key: 'collection' | 'country', value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set(key, value);
        // A batch belongs to one collection and country.
        next.delete('batch');
        return next;
      },
      { replace: true },
    );

  if (!collection || !country)
    return (
      <Page title={t('records.title')}>
        <p>{t('records.noCollection')}</p>
      </Page>
    );

  const search = `?${new URLSearchParams({ collection, country }).toString()}`;
  const collectionName = `${COLLECTION_SHORT[collection] ?? collection.toUpperCase()} — ${t(`collections.${collection}`)}`;

  return (
    <Page
      title={t('records.title')}
      subtitle={`${collectionName} · ${unitName(country)}`}
      actions={
        <>
          <SelectField label={t('records.collection')} value={collection} onChange={(e) => choose('collection', e.target.value)}>
            {collections.map((c) => (
              <option key={c} value={c}>
                {COLLECTION_SHORT[c] ?? c}
              </option>
            ))}
          </SelectField>
          {countries.length > 1 && (
            <SelectField label={t('records.country')} value={country} onChange={(e) => choose('country', e.target.value)}>
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
      <nav aria-label={t('records.viewsNav')} className="rec-subnav">
        <ul>
          <li>
            <NavLink to={{ pathname: '/records', search }} end>
              {t('records.tab.upload')}
            </NavLink>
          </li>
          <li>
            <NavLink to={{ pathname: '/records/new', search }}>{t('records.tab.entry')}</NavLink>
          </li>
          <li>
            <NavLink to={{ pathname: '/records/duplicates', search }}>{t('records.tab.duplicates')}</NavLink>
          </li>
        </ul>
      </nav>

      {bundle.data?.definition.nonNominal && view !== 'duplicates' && (
        <div className="alert alert-info rec-nominal">
          <p className="alert-summary">{t('records.nonNominal.title', { collection: COLLECTION_SHORT[collection] ?? collection })}</p>
          <p>{view === 'entry' ? t('records.nonNominal.entry') : t('records.nonNominal.upload')}</p>
        </div>
      )}

      {bundle.error !== null && <ErrorMessage error={bundle.error} />}
      {!bundle.data ? (
        bundle.loading && <Loading />
      ) : view === 'entry' ? (
        <RecordForm key={`${country}/${collection}`} country={country} collection={collection} bundle={bundle.data} />
      ) : view === 'duplicates' ? (
        <DuplicatesView key={`${country}/${collection}`} country={country} collection={collection} bundle={bundle.data} />
      ) : (
        <UploadView key={`${country}/${collection}`} country={country} collection={collection} bundle={bundle.data} />
      )}
    </Page>
  );
}
