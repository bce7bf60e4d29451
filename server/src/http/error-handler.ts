/**
 * Every error leaves as the one ErrorBody shape, with a stable code; never a stack trace.
 * Fastify's own errors (bad JSON, wrong content type, oversized body, schema violations)
 * are translated here too.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, FieldProblem } from '@observatory/core';
import { AppError, TooManyRequests } from '../shared/errors.js';

const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', message: 'the request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'the request body is empty; send a JSON object' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'the request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'this content type is not accepted here; send application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'malformed_request', message: 'the content length does not match the body' },
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'malformed_request',
    message: 'the URL is not valid: a part of its path is not correctly percent-encoded',
  },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'malformed_request', message: 'a part of the URL path is too long' },
};

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fieldProblems(context: string, issues: AjvIssue[]): FieldProblem[] {
  return issues.map((i) => {
    let field = `/${context}${i.instancePath}`;
    let message = i.message ?? 'is invalid';
    if (i.keyword === 'additionalProperties' && typeof i.params?.['additionalProperty'] === 'string') {
      field += `/${i.params['additionalProperty']}`;
      message = 'is not a known field';
    } else if (i.keyword === 'required' && typeof i.params?.['missingProperty'] === 'string') {
      field += `/${i.params['missingProperty']}`;
      message = 'is required';
    }
    return { field, code: i.keyword, message };
  });
}

export function toErrorBody(error: FastifyError | AppError | Error, requestId: string): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    const body: ErrorBody = { code: error.code, message: error.message, requestId };
    if (error.field) body.field = error.field;
    if (error.errors) body.errors = error.errors;
    return { status: error.status, body };
  }
  const fe = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fe.validation) {
    const errors = fieldProblems(fe.validationContext ?? 'body', fe.validation);
    const first = errors[0];
    return {
      status: 400,
      body: {
        code: 'validation_failed',
        message: first ? `${first.field} ${first.message}` : 'the request is invalid',
        field: first?.field,
        errors,
        requestId,
      },
    };
  }
  const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) return { status: known.status, body: { code: known.code, message: known.message, requestId } };
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return { status, body: { code: STATUS_CODES[status] ?? 'bad_request', message: fe.message || 'the request was refused', requestId } };
  return {
    status: 500,
    body: { code: 'internal_error', message: 'something went wrong on our side; quote the request id to support', requestId },
  };
}

/** For Fastify's router errors (bad percent-encoding, overlong path parameters), which bypass the error handler. */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorBody(error, request.id);
  request.log.info({ code: body.code, status }, 'request refused');
  void reply.status(status).type('application/json').send(body);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorBody(error, request.id);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, status }, 'request refused');
    if (error instanceof TooManyRequests) reply.header('retry-after', String(error.retryAfterSeconds));
    else if (status === 429) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
    return reply.status(status).type('application/json').send(body);
  });
}
