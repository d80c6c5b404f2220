/**
 * The API contract is complete: every route under /api declares the schema of its answers
 * (src/contract/*), so the OpenAPI document generated from them describes every answer, and each
 * answer is serialized through its schema (a field the schema does not declare never leaves the
 * server). Found from the OpenAPI document, so a new route without a response schema fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

interface Op {
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

/** A schema that says something: a type, a reference, or a union of those. */
function describes(schema: Record<string, unknown> | undefined): boolean {
  if (!schema) return false;
  return ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'const', 'enum'].some((k) => k in schema);
}

describe('the API contract', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Op>> };
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    doc = (await t.anon().get('/api/openapi.json')).body;
  });
  afterAll(async () => t?.close());

  it('every route declares the schema of its successful answer', () => {
    const missing: string[] = [];
    let routes = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        routes++;
        const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        const described =
          ok.length > 0 &&
          ok.every(
            ([status, r]) => status === '204' || Object.values(r.content ?? {}).some((c) => describes(c.schema)),
          );
        if (!described) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(routes).toBeGreaterThan(100);
    expect(missing, `routes without a response schema:\n${missing.join('\n')}`).toEqual([]);
  });
});
