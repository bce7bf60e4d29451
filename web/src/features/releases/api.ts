/**
 * The release routes (office: read; publisher with a second factor: write), the dataflows
 * a release can hold (the office tier's list, names in the reader's language) and, for
 * the preview, the labels of each dataflow's codes from its SDMX structure.
 */
import type {
  Observation,
  PublishedDataflows,
  ReleaseInput,
  ReleaseView,
  SdmxJsonCodelist,
  SdmxJsonStructureMessage,
  Tier,
} from '@observatory/core';
import { ApiError, request } from '../../api/client.js';

const release = (id: string) => `/releases/${encodeURIComponent(id)}`;
const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export const releasesApi = {
  list: (signal?: AbortSignal) => request<{ releases: ReleaseView[] }>('GET', '/releases', opts(signal)).then((r) => r.releases),
  get: (id: string, signal?: AbortSignal) => request<ReleaseView>('GET', release(id), opts(signal)),
  create: (body: ReleaseInput) => request<ReleaseView>('POST', '/releases', { body }),
  update: (id: string, body: Partial<ReleaseInput>) => request<ReleaseView>('PATCH', release(id), { body }),
  preview: (id: string, dataflow: string, tier: Tier, signal?: AbortSignal) =>
    request<{ observations: Observation[] }>('GET', `${release(id)}/preview`, { query: { dataflow, tier }, ...opts(signal) }).then(
      (r) => r.observations,
    ),
  publish: (id: string) => request<ReleaseView>('POST', `${release(id)}/publish`),
  withdraw: (id: string, reason: string) => request<ReleaseView>('POST', `${release(id)}/withdraw`, { body: { reason } }),
  /** Every dataflow (the office reads them all): what a release can hold. */
  dataflows: (lang: string, signal?: AbortSignal) =>
    request<PublishedDataflows>('GET', '/published/dataflows', { query: { lang }, ...opts(signal) }).then((r) => r.dataflows),
};

export interface DimensionLabels {
  id: string;
  name: string;
  /** Code → label in the requested language. */
  codes: ReadonlyMap<string, string>;
}

/** A dataflow's dimensions in key order, with their names and the labels of their codes. */
export async function flowLabels(flow: string, lang: string, signal?: AbortSignal): Promise<DimensionLabels[]> {
  const res = await fetch(`/sdmx/3.0/structure/dataflow/OBS/${encodeURIComponent(flow)}/1.0?references=children&lang=${lang}`, {
    headers: { accept: 'application/vnd.sdmx.structure+json;version=2.0.0' },
    credentials: 'same-origin',
    ...opts(signal),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { code?: unknown; message?: unknown } | null;
    throw new ApiError(res.status, {
      code: typeof body?.code === 'string' ? body.code : 'bad_response',
      message: typeof body?.message === 'string' ? body.message : res.statusText,
    });
  }
  const message = (await res.json()) as SdmxJsonStructureMessage;
  const structure = message.data.dataStructures?.[0];
  const concepts = new Map((message.data.conceptSchemes?.[0]?.concepts ?? []).map((c) => [c.id, c.name]));
  const lists = new Map<string, SdmxJsonCodelist>();
  for (const l of message.data.codelists ?? []) for (const link of l.links) if (link.urn) lists.set(link.urn, l);
  return (structure?.dataStructureComponents.dimensionList.dimensions ?? []).map((d) => {
    const rep = d.localRepresentation;
    const list = 'enumeration' in rep ? lists.get(rep.enumeration) : undefined;
    return { id: d.id, name: concepts.get(d.id) ?? d.id, codes: new Map((list?.codes ?? []).map((c) => [c.id, c.name ?? c.id])) };
  });
}
