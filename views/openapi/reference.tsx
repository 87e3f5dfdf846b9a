import type { View } from '../view';

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  description?: string;
};
type Param = { name: string; in: string; required: boolean; schema: Schema; example?: unknown };
type Op = {
  operationId: string;
  summary: string;
  tags: string[];
  parameters: Param[];
  requestBody?: { content: Record<string, { schema: Schema; example?: unknown }> };
  responses: Record<string, { description?: string; $ref?: string; content?: Record<string, unknown> }>;
  security?: unknown[];
};
type Doc = { info: { title: string; description: string }; servers: { url: string }[]; tags: { name: string; description: string }[]; paths: Record<string, Record<string, Op>> };

/** A schema in a few words: "string (date)", "laptop | desktop", "array of object", with its limits. */
function describe(s: Schema | undefined): string {
  if (!s) return '';
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((e) => String(e)).join(' | ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return [...new Set(alts.map(describe).filter((d) => d !== '""'))].join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  const parts = [type === 'array' ? `array of ${describe(s.items)}` : type];
  if (s.format) parts.push(`(${s.format})`);
  const limits = [
    s.minimum !== undefined ? `≥ ${s.minimum}` : '',
    s.maximum !== undefined ? `≤ ${s.maximum}` : '',
    s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : '',
    s.maxItems !== undefined ? `≤ ${s.maxItems} items` : '',
  ].filter(Boolean);
  if (limits.length) parts.push(limits.join(', '));
  return parts.join(' ');
}

function Fields({ v, schema }: { v: View; schema: Schema }) {
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants && variants.every((x) => x.properties)) {
    return (
      <>
        {variants.map((variant) => {
          const name = Object.values(variant.properties ?? {}).find((p) => p.const !== undefined)?.const;
          return (
            <div class="variant">
              <h5>{name !== undefined ? JSON.stringify(name) : ''}</h5>
              <Fields v={v} schema={variant} />
            </div>
          );
        })}
      </>
    );
  }
  if (!schema.properties) return <p class="muted">{describe(schema)}</p>;
  return (
    <div class="table-wrap">
      <table class="cards api-fields">
        <thead>
          <tr>
            <th scope="col">{v.t('api.field')}</th>
            <th scope="col">{v.t('api.type')}</th>
            <th scope="col">{v.t('api.required')}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(schema.properties).map(([name, s]) => (
            <tr>
              <td data-label={v.t('api.field')}>
                <code>{name}</code>
              </td>
              <td data-label={v.t('api.type')}>
                {describe(s)}
                {s.properties ? <Fields v={v} schema={s} /> : s.items?.properties ? <Fields v={v} schema={s.items} /> : null}
              </td>
              <td data-label={v.t('api.required')}>{schema.required?.includes(name) ? v.t('common.yes') : v.t('common.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ApiReferencePage({ v, doc }: { v: View; doc: Doc }) {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  return (
    <section class="api-reference">
      <h1>{doc.info.title}</h1>
      <p>{doc.info.description}</p>
      <p>
        {v.t('api.base')} <code>{doc.servers[0]?.url}</code> · <a href="/api/v1/openapi.json">openapi.json</a>
      </p>
      <nav aria-label={v.t('api.contents')}>
        <ul class="plain">
          {doc.tags.map((tg) => (
            <li>
              <a href={`#tag-${tg.name}`}>{tg.description}</a>
            </li>
          ))}
        </ul>
      </nav>
      {doc.tags.map((tg) => (
        <section aria-labelledby={`tag-${tg.name}`}>
          <h2 id={`tag-${tg.name}`}>{tg.description}</h2>
          {ops
            .filter((o) => o.op.tags.includes(tg.name))
            .map(({ path, method, op }) => {
              const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
              return (
                <article class="api-op" id={op.operationId}>
                  <h3>
                    <span class={`method method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
                  </h3>
                  <p>
                    {op.summary}
                    {op.security && op.security.length === 0 ? <span class="badge">{v.t('api.public')}</span> : null}
                  </p>
                  {op.parameters.length ? (
                    <>
                      <h4>{v.t('api.parameters')}</h4>
                      <div class="table-wrap">
                        <table class="cards api-fields">
                          <thead>
                            <tr>
                              <th scope="col">{v.t('api.field')}</th>
                              <th scope="col">{v.t('api.in')}</th>
                              <th scope="col">{v.t('api.type')}</th>
                              <th scope="col">{v.t('api.required')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {op.parameters.map((p) => (
                              <tr>
                                <td data-label={v.t('api.field')}>
                                  <code>{p.name}</code>
                                </td>
                                <td data-label={v.t('api.in')}>{p.in}</td>
                                <td data-label={v.t('api.type')}>{describe(p.schema)}</td>
                                <td data-label={v.t('api.required')}>{p.required ? v.t('common.yes') : v.t('common.no')}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                    </>
                  ) : null}
                  {body ? (
                    <>
                      <h4>
                        {v.t('api.body')} <code>{body[0]}</code>
                      </h4>
                      <Fields v={v} schema={body[1].schema} />
                      {body[1].example !== undefined ? (
                        <>
                          <h4>{v.t('api.example')}</h4>
                          <pre class="copy" tabindex={0}>
                            <code>{JSON.stringify(body[1].example, null, 2)}</code>
                          </pre>
                        </>
                      ) : null}
                    </>
                  ) : null}
                  <h4>{v.t('api.responses')}</h4>
                  <p class="muted">
                    {Object.entries(op.responses)
                      .map(([code, r]) => (r.content ? `${code} (${Object.keys(r.content).join(', ')})` : code))
                      .join(' · ')}
                  </p>
                </article>
              );
            })}
        </section>
      ))}
    </section>
  );
}
