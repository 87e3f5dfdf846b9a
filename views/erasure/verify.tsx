import type { PublicCertificate } from '../../src/erasure/certificates';
import { formatDate } from '../../src/i18n/format';
import { hasKey } from '../../src/i18n/catalogue';
import { ErrorBox } from '../components/forms';
import { typeLabel } from '../components/state-badge';
import type { View } from '../view';

/** The public check of a certificate: what it says, without any person, donor or whole serial. */
export function VerifyPage({ v, cert, code, error }: { v: View; cert?: PublicCertificate; code?: string; error?: string }) {
  return (
    <article>
      <h1>{v.t('erasure.verify.title')}</h1>
      <form method="get" action="/verify" class="filters" role="search">
        <div class="field">
          <label for="code">{v.t('erasure.verify.form')}</label>
          <input id="code" name="code" type="text" value={code ?? ''} autocomplete="off" placeholder="RG-XXXX-XXXX-XXXX" />
        </div>
        <button type="submit">{v.t('erasure.verify.check')}</button>
      </form>
      <ErrorBox message={error} />
      {cert ? (
        <>
          <p>{v.t('erasure.verify.intro', { code: cert.code, date: formatDate(v.locale, cert.issuedAt), hub: cert.hub })}</p>
          {cert.superseded ? <p class="alert alert-warn">{v.t('erasure.verify.superseded')}</p> : null}
          {cert.devices.map((d) => (
            <section>
              <h2>
                <span class="tag">{d.tag}</span> · {[typeLabel(v, d.type), d.brand, d.model].filter(Boolean).join(' · ')}
              </h2>
              <p class={`alert ${d.erased ? 'alert-ok' : 'alert-warn'}`}>{v.t(d.erased ? 'erasure.verify.erased' : 'erasure.verify.notErased')}</p>
              <ul>
                {d.disks.map((k) => (
                  <li>
                    {[k.model, k.serial, hasKey(`erasure.${k.outcome}`) ? v.t(`erasure.${k.outcome}` as never) : k.outcome, k.method, k.category ? v.t(`erasure.category.${k.category}` as never) : null, k.date]
                      .filter(Boolean)
                      .join(' · ')}
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <p class="muted">{v.t('erasure.verify.privacy')}</p>
        </>
      ) : null}
    </article>
  );
}
