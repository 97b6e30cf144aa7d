// The OpenAPI document the server serves is valid OpenAPI 3.1 and describes the implemented API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Validator } from '@seriousme/openapi-schema-validator';

import { startServer } from './lib/server.mjs';

// Every implemented REST path: a route missing from the document fails here.
const IMPLEMENTED_PATHS = [
  '/api/v1/session',
  '/api/v1/api-tokens',
  '/api/v1/api-tokens/{id}',
  '/api/v1/users',
  '/api/v1/users/{id}',
  '/api/v1/audit',
  '/api/v1/fields',
  '/api/v1/fields/{key}',
  '/api/v1/persons',
  '/api/v1/persons/{id}',
  '/api/v1/persons/search',
  '/api/v1/saved-filters',
  '/api/v1/saved-filters/{id}',
  '/api/v1/history-types',
  '/api/v1/companies',
  '/api/v1/companies/{id}',
  '/api/v1/activities',
  '/api/v1/activities/{id}',
  '/api/v1/activities/{id}/participants',
  '/api/v1/persons/{id}/history',
  '/api/v1/history/{id}',
  '/api/v1/consent-types',
  '/api/v1/consent-types/{key}',
  '/api/v1/persons/{id}/consents',
  '/api/v1/persons/{id}/processing',
  '/api/v1/mailings',
  '/api/v1/mailings/{id}',
  '/api/v1/mailings/{id}/preview',
  '/api/v1/mailings/{id}/send',
  '/api/v1/outbox',
  '/api/v1/outbox/{id}/retry',
  '/api/v1/requests',
  '/api/v1/requests/{id}',
  '/api/v1/requests/{id}/extend',
  '/api/v1/holidays',
  '/api/v1/openapi.json',
  '/healthz',
  '/metrics',
  '/api/v1/persons/{id}/export.json',
  '/api/v1/persons/{id}/export.xlsx',
  '/api/v1/portal/settings',
  '/api/v1/persons/{id}/portal-links',
  '/api/v1/portal-links/{id}',
];

describe('openapi', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('the served document is valid OpenAPI 3.1', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/openapi.json`);
    assert.equal(response.status, 200);
    const document = await response.json();
    const validator = new Validator();
    const result = await validator.validate(document);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.equal(validator.version, '3.1');
  });

  test('it documents every implemented path', async () => {
    const document = await (await fetch(`${server.baseUrl}/api/v1/openapi.json`)).json();
    const missing = IMPLEMENTED_PATHS.filter((path) => !(path in document.paths));
    assert.deepEqual(missing, [], `paths missing from openapi.json: ${missing.join(', ')}`);
  });
});
