import { http, startApp, TestApp, TEST_DB } from './harness';

describe('health and API docs', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  it('reports the database it runs on', async () => {
    const res = await http(t.baseUrl, 'GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: TEST_DB, databaseOk: true });
    expect(res.body.time).toMatch(/Z$/);
  });

  it('serves the OpenAPI document with the POS contract, and Swagger UI', async () => {
    const doc = await http(t.baseUrl, 'GET', '/api/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/pos/v1/checkout/preview',
        '/api/pos/v1/checkout/commit',
        '/api/pos/v1/checkout/{redemptionId}/void',
      ]),
    );
    const ui = await http(t.baseUrl, 'GET', '/api/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('SwaggerUIBundle');
    const asset = await fetch(`${t.baseUrl}/api/docs/assets/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
  });

  it('echoes a request id', async () => {
    const res = await fetch(`${t.baseUrl}/api/health`, { headers: { 'x-request-id': 'abcdefgh-1234' } });
    expect(res.headers.get('x-request-id')).toBe('abcdefgh-1234');
  });
});
