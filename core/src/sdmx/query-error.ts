/** Why an SDMX REST data query was refused, in a form the server can answer with directly. */
export class SdmxQueryError extends Error {
  override readonly name = 'SdmxQueryError';

  constructor(
    message: string,
    /**
     * 400 when the query does not follow the SDMX REST syntax, 422 when it is well formed but
     * names components or codes the structure does not have (SDMX REST "Status codes").
     */
    readonly status: 400 | 422,
    /** The part of the query at fault: 'key', 'c[SEX]', 'updatedAfter' … */
    readonly parameter: string,
    /** The component (dimension, TIME_PERIOD, measure or attribute) the message is about. */
    readonly component?: string,
  ) {
    super(message);
  }
}
