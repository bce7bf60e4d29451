/** Every revision of one cell: value, flags, comment, who, when and why. */
import { useTranslation } from 'react-i18next';
import { submissionsApi } from '../../../api/endpoints.js';
import { Dialog } from '../../../ui/Dialog.js';
import { ErrorMessage } from '../../../ui/ErrorMessage.js';
import { Loading } from '../../../ui/Loading.js';
import { useLoad } from '../../../ui/useLoad.js';
import { useGrid } from '../context.js';

export function CellHistoryDialog({ cellKey, onClose }: { cellKey: string; onClose: () => void }) {
  const { t } = useTranslation();
  const g = useGrid();
  const history = useLoad(() => submissionsApi.history(g.submission.id, cellKey), [cellKey]);
  const codeList = g.compiled.cellByKey.get(cellKey)?.item.codeList;
  const flagNames = (f: Record<string, boolean | undefined>) =>
    (['estimated', 'provisional', 'breakInSeries'] as const)
      .filter((k) => f[k])
      .map((k) => t(`grid.flags.${k}`))
      .join(', ');

  return (
    <Dialog open wide title={t('grid.history.title', { cell: g.labels.cell(cellKey) })} onClose={onClose}>
      {history.error !== null && <ErrorMessage error={history.error} />}
      {history.loading && <Loading />}
      {history.data &&
        (history.data.revisions.length === 0 ? (
          <p>{t('grid.history.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('grid.history.revision')}</th>
                  <th scope="col">{t('grid.history.value')}</th>
                  <th scope="col">{t('grid.history.flags')}</th>
                  <th scope="col">{t('grid.history.comment')}</th>
                  <th scope="col">{t('grid.history.by')}</th>
                  <th scope="col">{t('grid.history.at')}</th>
                  <th scope="col">{t('grid.history.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {[...history.data.revisions]
                  .sort((a, b) => b.revision - a.revision)
                  .map((r) => (
                    <tr key={r.revision}>
                      <th scope="row" className="num">
                        {g.fmt.number(r.revision)}
                      </th>
                      <td>{r.value ? g.values.display(r.value, codeList) : <span className="muted">{t('grid.blank')}</span>}</td>
                      <td>{flagNames(r.flags)}</td>
                      <td>{r.comment}</td>
                      <td>{r.by}</td>
                      <td>{g.fmt.dateTime(r.at)}</td>
                      <td>{r.reason ?? r.source ?? ''}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ))}
    </Dialog>
  );
}
